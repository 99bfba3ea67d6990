// The real connect-standalone binary: exit codes, the quickstart through
// .properties files, and kill -9 mid-stream followed by a restart.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "loopback_http.h"
#include "process_util.h"
#include "worker_files.h"
#include "standalone_harness.h"
#include "worker/util/java_format.h"

namespace {

using kctest::Process;
using kctest::WriteConnectorFiles;
using kctest::WriteWorkerProps;
using kctest::ReadLines;
using kctest::WaitFor;

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
  {
    // A bad response header rule stops start-up before anything listens.
    std::string path = WriteWorkerProps(dir, "127.0.0.1:1",
                                        "response.http.headers.config=put X-A:1\n");
    Process p({kctest::StandaloneBinary(), path}, dir.Path("log4"));
    EXPECT_EQ(p.Wait(), 2);
    EXPECT_NE(p.Log().find("Invalid value put X-A:1 for configuration response.http.headers.config: "
                           "Invalid header config action: 'put'. Expected one of [set, add, "
                           "setDate, addDate]"),
              std::string::npos)
        << p.Log();
  }
  {
    std::string path = WriteWorkerProps(dir, "127.0.0.1:1", "rest.advertised.listener=https\n");
    Process p({kctest::StandaloneBinary(), path}, dir.Path("log5"));
    EXPECT_EQ(p.Wait(), 2);
    EXPECT_NE(p.Log().find("rest.advertised.listener=https is not supported"), std::string::npos)
        << p.Log();
  }
}

// Java's standalone worker forgets connectors created over REST; here they,
// their configs and paused/stopped states and deletions outlive even kill -9.
TEST(StandaloneE2E, RestCreatedConnectorsAndStatesSurviveKillDashNine) {
  kctest::TempDir dir;
  auto mock = kctest::StartMock();
  ASSERT_NE(mock, nullptr);
  ASSERT_TRUE(mock->CreateTopic("connect-test", 1).Ok());
  std::string worker = WriteWorkerProps(dir, mock->Bootstraps());
  kctest::AppendLines(dir.Path("test.txt"), 0, 10);
  auto create = [&](int port, const std::string& name, const std::string& file) {
    return kctest::LoopbackHttp(port, "POST", "/connectors",
                                "{\"name\":\"" + name + "\",\"config\":{\"connector.class\":"
                                "\"FileStreamSource\",\"topic\":\"connect-test\",\"file\":\"" +
                                    file + "\"}}")
        .status;
  };
  auto state = [&](int port, const std::string& name) {
    auto reply = kctest::LoopbackHttp(port, "GET", "/connectors/" + name + "/status");
    auto doc = nlohmann::json::parse(reply.body, nullptr, false);
    if (reply.status != 200 || !doc.is_object()) return std::to_string(reply.status);
    return doc["connector"]["state"].get<std::string>();
  };
  {
    Process p({kctest::StandaloneBinary(), worker}, dir.Path("run1.log"));
    int port = p.WaitForRestPort();
    ASSERT_GT(port, 0) << p.Log();
    ASSERT_EQ(create(port, "kept", dir.Path("test.txt")), 201);
    ASSERT_EQ(create(port, "paused", dir.Path("test.txt")), 201);
    ASSERT_EQ(create(port, "gone", dir.Path("test.txt")), 201);
    ASSERT_EQ(kctest::LoopbackHttp(port, "PUT", "/connectors/paused/pause").status, 202);
    ASSERT_EQ(kctest::LoopbackHttp(port, "DELETE", "/connectors/gone").status, 204);
    ASSERT_EQ(kctest::LoopbackHttp(port, "PUT", "/connectors/kept/config",
                                   "{\"connector.class\":\"FileStreamSource\",\"topic\":"
                                   "\"connect-test\",\"file\":\"" + dir.Path("test.txt") +
                                       "\",\"batch.size\":\"7\"}")
                  .status,
              200);
    p.Signal(SIGKILL);
    EXPECT_EQ(p.Wait(), -SIGKILL);
  }
  EXPECT_TRUE(std::filesystem::exists(dir.Path("connect.offsets.connectors.json")));
  Process p({kctest::StandaloneBinary(), worker}, dir.Path("run2.log"));
  int port = p.WaitForRestPort();
  ASSERT_GT(port, 0) << p.Log();
  ASSERT_TRUE(WaitFor([&] {
    return kctest::LoopbackHttp(port, "GET", "/connectors").body == "[\"kept\",\"paused\"]";
  })) << kctest::LoopbackHttp(port, "GET", "/connectors").body << p.Log();
  EXPECT_TRUE(WaitFor([&] { return state(port, "kept") == "RUNNING"; })) << state(port, "kept");
  EXPECT_EQ(state(port, "paused"), "PAUSED");
  auto config = nlohmann::json::parse(kctest::LoopbackHttp(port, "GET", "/connectors/kept/config").body);
  EXPECT_EQ(config.value("batch.size", ""), "7");
  p.Signal(SIGTERM);
  EXPECT_EQ(p.Wait(), 0) << p.Log();
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

// The offset `group` committed for partition 0 of `topic`, or -1.
int64_t CommittedOffset(const std::string& bootstrap, const std::string& group,
                        const std::string& topic) {
  char err[256];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), err, sizeof(err));
  rd_kafka_conf_set(conf, "group.id", group.c_str(), err, sizeof(err));
  rd_kafka_conf_set(conf, "log_level", "3", err, sizeof(err));
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err));
  if (rk == nullptr) return -1;
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(parts, topic.c_str(), 0);
  int64_t offset = -1;
  if (rd_kafka_committed(rk, parts, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    offset = parts->elems[0].offset;
  }
  rd_kafka_topic_partition_list_destroy(parts);
  rd_kafka_destroy(rk);
  return offset;
}

// The file source's stored position (bytes read of its file) in a standalone
// offsets file, or -1 (see worker/storage/FORMAT.md).
int64_t StoredSourcePosition(const std::string& offsets_file) {
  std::ifstream in(offsets_file);
  if (!in) return -1;
  auto doc = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || !doc.contains("entries")) return -1;
  for (const auto& e : doc["entries"]) {
    if (!e["value"].is_string()) continue;
    auto value = kconnect::worker::util::Base64Decode(e["value"].get<std::string>());
    if (!value) continue;
    auto offset = nlohmann::json::parse(*value, nullptr, false);
    if (offset.is_object() && offset.contains("position")) return offset["position"].get<int64_t>();
  }
  return -1;
}

// The quickstart with the broker inside the worker (embedded.broker.enable):
// kill -9 takes both down at once. The restart recovers the broker's logs and
// the sink resumes from the offset the broker had acknowledged.
TEST(StandaloneE2E, KillDashNineWithTheEmbeddedBrokerLosesNoLine) {
  kctest::TempDir dir;
  // Port 0 on the first run; the restart binds the port that run got, so
  // that clients (and the worker's own) find the broker where it was.
  auto worker_props = [&](int port) {
    return WriteWorkerProps(dir, "127.0.0.1:1",
                            "embedded.broker.enable=true\n"
                            "embedded.broker.listeners=PLAINTEXT://127.0.0.1:" +
                                std::to_string(port) + "\n"
                                "embedded.broker.log.dirs=" + dir.Path("kafka-logs") + "\n"
                                "embedded.broker.offsets.topic.num.partitions=2\n");
  };
  auto broker_port = [](const Process& p) {
    static const std::regex re("Embedded broker started at 127\\.0\\.0\\.1:([0-9]+)");
    std::smatch m;
    const std::string log = p.Log();
    return std::regex_search(log, m, re) ? std::stoi(m[1]) : 0;
  };
  WriteConnectorFiles(dir);
  const std::string source = dir.Path("test.txt");
  const std::string sink = dir.Path("test.sink.txt");
  const int total = 20000;
  kctest::AppendLines(source, 0, total / 2);
  int port = 0;
  int64_t committed = -1;
  {
    Process p({kctest::StandaloneBinary(), worker_props(0), dir.Path("source.properties"),
               dir.Path("sink.properties")},
              dir.Path("run1.log"));
    ASSERT_GT(p.WaitForRestPort(), 0) << p.Log();
    port = broker_port(p);
    ASSERT_GT(port, 0) << p.Log();
    // Kill once the first half went through and both ends stored where they
    // are: the source's position in its offsets file, the sink's offset in
    // the broker. With nothing in flight, the restart must repeat no line.
    const int64_t source_size = static_cast<int64_t>(std::filesystem::file_size(source));
    ASSERT_TRUE(WaitFor([&] {
      committed = CommittedOffset("127.0.0.1:" + std::to_string(port), "connect-local-file-sink",
                                  "connect-test");
      return committed == total / 2 && StoredSourcePosition(dir.Path("connect.offsets")) ==
                                           source_size;
    })) << "sink committed " << committed << "\n" << p.Log();
    p.Signal(SIGKILL);
    EXPECT_EQ(p.Wait(), -SIGKILL);
  }
  kctest::AppendLines(source, total / 2, total);
  Process p({kctest::StandaloneBinary(), worker_props(port), dir.Path("source.properties"),
             dir.Path("sink.properties")},
            dir.Path("run2.log"));
  ASSERT_GT(p.WaitForRestPort(), 0) << p.Log();
  EXPECT_EQ(broker_port(p), port);
  ASSERT_TRUE(WaitFor([&] { return ReadLines(sink).size() >= static_cast<size_t>(total); },
                      std::chrono::seconds(90)))
      << "lines in sink: " << ReadLines(sink).size() << "\n" << p.Log();
  // Exactly once each, in order, in the file and in the topic: the broker
  // kept every acknowledged record and the sink's committed offset.
  auto lines = ReadLines(sink);
  ASSERT_EQ(lines.size(), static_cast<size_t>(total));
  for (int i = 0; i < total; ++i) ASSERT_EQ(lines[i], "line-" + std::to_string(i));
  auto values =
      kctest::ConsumeValues("127.0.0.1:" + std::to_string(port), "connect-test", total + 1,
                            std::chrono::seconds(3));
  EXPECT_EQ(values.size(), static_cast<size_t>(total));
  p.Signal(SIGTERM);
  EXPECT_EQ(p.Wait(), 0) << p.Log();
  EXPECT_NE(p.Log().find("Embedded broker stopped"), std::string::npos);
}

}  // namespace
