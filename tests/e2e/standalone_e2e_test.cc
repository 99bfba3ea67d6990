// The real connect-standalone binary: exit codes, the quickstart through
// .properties files, and kill -9 mid-stream followed by a restart.

#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "process_util.h"
#include "standalone_harness.h"

namespace {

using kctest::Process;
using kctest::ReadLines;
using kctest::WaitFor;

std::string WriteWorkerProps(const kctest::TempDir& dir, const std::string& bootstrap,
                             const std::string& extra = "") {
  std::string path = dir.Path("worker.properties");
  kctest::WriteFile(path,
                    "bootstrap.servers=" + bootstrap +
                        "\n"
                        "key.converter=org.apache.kafka.connect.json.JsonConverter\n"
                        "value.converter=org.apache.kafka.connect.json.JsonConverter\n"
                        "key.converter.schemas.enable=true\n"
                        "value.converter.schemas.enable=true\n"
                        "offset.storage.file.filename=" + dir.Path("connect.offsets") + "\n"
                        "offset.flush.interval.ms=200\n"
                        "listeners=http://127.0.0.1:0\n"
                        // The killed worker's sink stays in the group until its session
                        // times out; keep that short.
                        "consumer.session.timeout.ms=6000\n"
                        "consumer.heartbeat.interval.ms=500\n" + extra);
  return path;
}

void WriteConnectorFiles(const kctest::TempDir& dir) {
  kctest::WriteFile(dir.Path("source.properties"),
                    "name=local-file-source\nconnector.class=FileStreamSource\ntasks.max=1\n"
                    "file=" + dir.Path("test.txt") + "\ntopic=connect-test\n");
  kctest::WriteFile(dir.Path("sink.properties"),
                    "name=local-file-sink\nconnector.class=FileStreamSink\ntasks.max=1\n"
                    "file=" + dir.Path("test.sink.txt") + "\ntopics=connect-test\n");
}

TEST(StandaloneE2E, UsageAndConfigErrorsUseJavaExitCodes) {
  kctest::TempDir dir;
  {
    Process p({kctest::StandaloneBinary()}, dir.Path("log1"));
    EXPECT_EQ(p.Wait(), 1);
    EXPECT_NE(p.Log().find("Usage: connect-standalone"), std::string::npos);
  }
  {
    // A typo in a required key: value.converter is missing.
    std::string path = dir.Path("typo.properties");
    kctest::WriteFile(path,
                      "bootstrap.servers=127.0.0.1:1\n"
                      "key.converter=org.apache.kafka.connect.json.JsonConverter\n"
                      "value.convertor=org.apache.kafka.connect.json.JsonConverter\n"
                      "offset.storage.file.filename=/tmp/x.offsets\n");
    Process p({kctest::StandaloneBinary(), path}, dir.Path("log2"));
    EXPECT_EQ(p.Wait(), 2);
    std::string log = p.Log();
    EXPECT_NE(log.find("Missing required configuration \"value.converter\" which has no default "
                       "value."),
              std::string::npos)
        << log;
    EXPECT_NE(log.find(path), std::string::npos) << log;
  }
  {
    Process p({kctest::StandaloneBinary(), dir.Path("missing.properties")}, dir.Path("log3"));
    EXPECT_EQ(p.Wait(), 2);
    EXPECT_NE(p.Log().find("missing.properties"), std::string::npos);
  }
}

TEST(StandaloneE2E, KillDashNineMidStreamLosesNoLine) {
  kctest::TempDir dir;
  auto mock = kctest::StartMock();
  ASSERT_NE(mock, nullptr);
  ASSERT_TRUE(mock->CreateTopic("connect-test", 1).Ok());
  std::string worker = WriteWorkerProps(dir, mock->Bootstraps());
  WriteConnectorFiles(dir);
  const std::string source = dir.Path("test.txt");
  const std::string sink = dir.Path("test.sink.txt");
  const int total = 20000;
  kctest::AppendLines(source, 0, total / 2);
  {
    Process p({kctest::StandaloneBinary(), worker, dir.Path("source.properties"),
               dir.Path("sink.properties")},
              dir.Path("run1.log"));
    ASSERT_GT(p.WaitForRestPort(), 0) << p.Log();
    // Kill while lines are still flowing.
    ASSERT_TRUE(WaitFor([&] { return ReadLines(sink).size() >= 2000; })) << p.Log();
    p.Signal(SIGKILL);
    EXPECT_EQ(p.Wait(), -SIGKILL);
  }
  kctest::AppendLines(source, total / 2, total);
  Process p({kctest::StandaloneBinary(), worker, dir.Path("source.properties"),
             dir.Path("sink.properties")},
            dir.Path("run2.log"));
  ASSERT_GT(p.WaitForRestPort(), 0) << p.Log();
  // Every line arrives; duplicates are allowed only for the replayed tail.
  std::set<std::string> seen;
  ASSERT_TRUE(WaitFor(
      [&] {
        auto lines = ReadLines(sink);
        seen = std::set<std::string>(lines.begin(), lines.end());
        return static_cast<int>(seen.size()) >= total;
      },
      std::chrono::seconds(90)))
      << "distinct lines in sink: " << seen.size() << "\n" << p.Log();
  for (int i = 0; i < total; ++i) ASSERT_TRUE(seen.count("line-" + std::to_string(i))) << i;
  // Order: the first occurrences appear in source order.
  auto lines = ReadLines(sink);
  std::set<std::string> first;
  int expected = 0;
  for (const auto& l : lines) {
    if (!first.insert(l).second) continue;
    ASSERT_EQ(l, "line-" + std::to_string(expected)) << "out of order";
    ++expected;
  }
  p.Signal(SIGTERM);
  EXPECT_EQ(p.Wait(), 0) << p.Log();
}

}  // namespace
