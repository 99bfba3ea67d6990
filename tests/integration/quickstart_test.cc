// The Kafka quickstart, in process: FileStreamSource -> connect-test ->
// FileStreamSink through a real (mock) Kafka cluster on loopback, with the
// real file-connector plugin .so loaded from plugin.path.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "standalone_harness.h"

namespace {

using kctest::ReadLines;
using kctest::WaitFor;

class QuickstartTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mock_ = kctest::StartMock();
    ASSERT_NE(mock_, nullptr);
    ASSERT_TRUE(mock_->CreateTopic("connect-test", 1).Ok());
    source_file_ = dir_.Path("test.txt");
    sink_file_ = dir_.Path("test.sink.txt");
    offsets_file_ = dir_.Path("connect.offsets");
  }

  std::unique_ptr<kconnect::worker::cli::StandaloneWorker> Worker() {
    return kctest::StartWorker(kctest::WorkerProps(mock_->Bootstraps(), offsets_file_));
  }

  void CreateConnectors(kconnect::worker::cli::StandaloneWorker& w) {
    auto src = w.Herder().PutConnectorConfig("local-file-source", kctest::FileSource(source_file_),
                                             false, std::nullopt);
    ASSERT_TRUE(src.Ok()) << src.Error().message;
    auto sink = w.Herder().PutConnectorConfig("local-file-sink", kctest::FileSink(sink_file_),
                                              false, std::nullopt);
    ASSERT_TRUE(sink.Ok()) << sink.Error().message;
  }

  kctest::TempDir dir_;
  std::unique_ptr<kconnect::worker::kafka::MockCluster> mock_;
  std::string source_file_, sink_file_, offsets_file_;
};

TEST_F(QuickstartTest, EveryLineArrivesOnceInOrderWithJavaJsonEnvelope) {
  kctest::AppendLines(source_file_, 0, 500);
  auto w = Worker();
  ASSERT_NE(w, nullptr);
  CreateConnectors(*w);
  kctest::AppendLines(source_file_, 500, 1000);  // appended while tailing

  ASSERT_TRUE(WaitFor([&] { return ReadLines(sink_file_).size() >= 1000; }))
      << "sink has " << ReadLines(sink_file_).size() << " lines";
  auto lines = ReadLines(sink_file_);
  ASSERT_EQ(lines.size(), 1000u);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(lines[i], "line-" + std::to_string(i));

  auto values = kctest::ConsumeValues(mock_->Bootstraps(), "connect-test", 1000);
  ASSERT_EQ(values.size(), 1000u);
  EXPECT_EQ(values[0], R"({"schema":{"type":"string","optional":false},"payload":"line-0"})");
  EXPECT_EQ(values[999], R"({"schema":{"type":"string","optional":false},"payload":"line-999"})");

  // The REST API sees both connectors, RUNNING, with one running task each.
  int port = w->RestPort();
  auto list = kctest::Http(port, "GET", "/connectors");
  ASSERT_EQ(list.status, 200);
  auto names = nlohmann::json::parse(list.body).get<std::set<std::string>>();
  EXPECT_EQ(names, (std::set<std::string>{"local-file-source", "local-file-sink"}));
  auto status = nlohmann::json::parse(kctest::Http(port, "GET", "/connectors/local-file-sink/status").body);
  EXPECT_EQ(status["connector"]["state"], "RUNNING");
  EXPECT_EQ(status["tasks"][0]["state"], "RUNNING");
  EXPECT_EQ(status["type"], "sink");

  // DELETE stops the source: its status disappears and it is no longer listed.
  auto del = kctest::Http(port, "DELETE", "/connectors/local-file-source");
  EXPECT_EQ(del.status, 204);
  EXPECT_EQ(kctest::Http(port, "GET", "/connectors/local-file-source/status").status, 404);
  auto after = nlohmann::json::parse(kctest::Http(port, "GET", "/connectors").body);
  EXPECT_EQ(after, nlohmann::json::array({"local-file-sink"}));
}

TEST_F(QuickstartTest, RestartResumesFromStoredOffsetWithoutDuplicates) {
  kctest::AppendLines(source_file_, 0, 300);
  {
    auto w = Worker();
    ASSERT_NE(w, nullptr);
    CreateConnectors(*w);
    ASSERT_TRUE(WaitFor([&] { return ReadLines(sink_file_).size() >= 300; }));
    w->Stop();  // graceful: final offset commit of source and sink
  }
  kctest::AppendLines(source_file_, 300, 450);
  auto w = Worker();
  ASSERT_NE(w, nullptr);
  CreateConnectors(*w);
  ASSERT_TRUE(WaitFor([&] { return ReadLines(sink_file_).size() >= 450; }))
      << ReadLines(sink_file_).size();
  // Give a duplicate the chance to show up: wait until the source has
  // committed offsets past the end, then check the count once more.
  auto lines = ReadLines(sink_file_);
  ASSERT_EQ(lines.size(), 450u);
  for (int i = 0; i < 450; ++i) EXPECT_EQ(lines[i], "line-" + std::to_string(i));
}

TEST_F(QuickstartTest, MissingSourceFileIsWaitedForWithoutFailing) {
  auto w = Worker();
  ASSERT_NE(w, nullptr);
  CreateConnectors(*w);  // test.txt does not exist yet
  ASSERT_TRUE(WaitFor([&] {
    auto st = w->Herder().ConnectorStatus("local-file-source");
    return st.Ok() && !st->tasks.empty() && st->tasks[0].state.state == "RUNNING";
  }));
  kctest::AppendLines(source_file_, 0, 10);
  ASSERT_TRUE(WaitFor([&] { return ReadLines(sink_file_).size() >= 10; }));
}

TEST_F(QuickstartTest, BadConnectorConfigsAreRejectedAndOthersKeepRunning) {
  auto w = Worker();
  ASSERT_NE(w, nullptr);
  CreateConnectors(*w);
  auto& herder = w->Herder();

  auto unknown = herder.PutConnectorConfig(
      "bad", {{"name", "bad"}, {"connector.class", "com.example.NoSuchConnector"}}, false,
      std::nullopt);
  ASSERT_FALSE(unknown.Ok());
  EXPECT_EQ(unknown.Error().status, 500);
  EXPECT_NE(unknown.Error().message.find("Failed to find any class that implements Connector and "
                                         "which name matches com.example.NoSuchConnector"),
            std::string::npos)
      << unknown.Error().message;

  auto tasks = kctest::FileSource(source_file_);
  tasks["name"] = "bad-tasks";
  tasks["tasks.max"] = "abc";
  auto bad_tasks = herder.PutConnectorConfig("bad-tasks", tasks, false, std::nullopt);
  ASSERT_FALSE(bad_tasks.Ok());
  EXPECT_EQ(bad_tasks.Error().status, 400);
  EXPECT_NE(bad_tasks.Error().message.find(
                "Invalid value abc for configuration tasks.max: Not a number of type INT"),
            std::string::npos)
      << bad_tasks.Error().message;

  auto no_topic = kctest::FileSource(source_file_);
  no_topic["name"] = "no-topic";
  no_topic.erase("topic");
  auto missing = herder.PutConnectorConfig("no-topic", no_topic, false, std::nullopt);
  ASSERT_FALSE(missing.Ok());
  EXPECT_NE(missing.Error().message.find(
                "Missing required configuration \"topic\" which has no default value."),
            std::string::npos);

  auto dup = herder.PutConnectorConfig("local-file-sink", kctest::FileSink(sink_file_), false,
                                       std::nullopt);
  ASSERT_FALSE(dup.Ok());
  EXPECT_EQ(dup.Error().status, 409);
  EXPECT_EQ(dup.Error().message, "Connector local-file-sink already exists");

  // The good connectors were not disturbed.
  kctest::AppendLines(source_file_, 0, 20);
  ASSERT_TRUE(WaitFor([&] { return ReadLines(sink_file_).size() >= 20; }));
  auto names = herder.Connectors();
  ASSERT_TRUE(names.Ok());
  EXPECT_EQ(names->size(), 2u);
}

}  // namespace
