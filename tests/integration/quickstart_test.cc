// The Kafka quickstart, in process: FileStreamSource -> connect-test ->
// FileStreamSink through a real (mock) Kafka cluster on loopback, with the
// real file-connector plugin .so loaded from plugin.path.

#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>
#include <set>

#include "standalone_harness.h"

namespace {

using kctest::ReadLines;
using kctest::WaitFor;

class QuickstartTest : public kctest::FilePipelineTest {
 protected:
  std::unique_ptr<kconnect::worker::cli::StandaloneWorker> Worker() {
    return kctest::StartWorker(kctest::WorkerProps(mock_->Bootstraps(), offsets_file_));
  }
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

TEST_F(QuickstartTest, ValidateListsEveryKeyOfTheFileConnectorsWithPerKeyErrors) {
  auto w = Worker();
  ASSERT_NE(w, nullptr);
  const int port = w->RestPort();
  auto keys_of = [](const nlohmann::json& infos) {
    std::vector<std::string> keys;
    for (const auto& c : infos["configs"]) keys.push_back(c["definition"]["name"]);
    std::sort(keys.begin(), keys.end());
    return keys;
  };
  // The key sets Apache Kafka's own system test expects (R-VALIDATE).
  std::vector<std::string> source_keys = {
      "name", "connector.class", "tasks.max", "key.converter", "value.converter",
      "header.converter", "batch.size", "topic", "file", "transforms", "config.action.reload",
      "errors.retry.timeout", "errors.retry.delay.max.ms", "errors.tolerance",
      "errors.log.enable", "errors.log.include.messages", "predicates", "topic.creation.groups",
      "exactly.once.support", "transaction.boundary", "transaction.boundary.interval.ms",
      "offsets.storage.topic", "tasks.max.enforce"};
  std::sort(source_keys.begin(), source_keys.end());
  auto source = kctest::Http(port, "PUT", "/connector-plugins/FileStreamSource/config/validate",
                             R"({"connector.class":"FileStreamSource","name":"s","tasks.max":"1"})");
  ASSERT_EQ(source.status, 200) << source.body;
  auto infos = nlohmann::json::parse(source.body);
  EXPECT_EQ(infos["name"], "FileStreamSource");
  EXPECT_EQ(keys_of(infos), source_keys);
  EXPECT_EQ(infos["error_count"], 1);  // topic is required
  for (const auto& c : infos["configs"]) {
    if (c["definition"]["name"] == "topic") {
      EXPECT_EQ(c["value"]["errors"][0],
                "Missing required configuration \"topic\" which has no default value.");
      EXPECT_EQ(c["definition"]["required"], true);
    }
    if (c["definition"]["name"] == "tasks.max") {
      EXPECT_EQ(c["value"]["value"], "1");
    }
  }
  EXPECT_NE(std::find(infos["groups"].begin(), infos["groups"].end(), "Common"),
            infos["groups"].end());
  // The first entry, exactly: ConfigKeyInfo and ConfigValueInfo field order.
  // Java's field order (the raw body: nlohmann::json sorts keys).
  EXPECT_NE(source.body.find(
                R"("configs":[{"definition":{"name":"name","type":"STRING","required":true,)"
                R"("default_value":null,"importance":"HIGH","documentation":)"),
            std::string::npos)
      << source.body.substr(0, 400);
  EXPECT_NE(source.body.find(R"("value":{"name":"name","value":"s","recommended_values":[],)"
                             R"("errors":[],"visible":true}})"),
            std::string::npos);
  EXPECT_EQ(source.body.rfind(R"({"name":"FileStreamSource","error_count":1,"groups":[)", 0), 0u);

  std::vector<std::string> sink_keys = {
      "name", "connector.class", "tasks.max", "key.converter", "value.converter",
      "header.converter", "topics", "file", "transforms", "topics.regex", "config.action.reload",
      "errors.retry.timeout", "errors.retry.delay.max.ms", "errors.tolerance",
      "errors.log.enable", "errors.log.include.messages", "errors.deadletterqueue.topic.name",
      "errors.deadletterqueue.topic.replication.factor",
      "errors.deadletterqueue.context.headers.enable", "predicates", "tasks.max.enforce"};
  std::sort(sink_keys.begin(), sink_keys.end());
  auto sink = kctest::Http(
      port, "PUT", "/connector-plugins/FileStreamSinkConnector/config/validate",
      R"({"connector.class":"org.apache.kafka.connect.file.FileStreamSinkConnector","name":"k"})");
  ASSERT_EQ(sink.status, 200) << sink.body;
  infos = nlohmann::json::parse(sink.body);
  EXPECT_EQ(keys_of(infos), sink_keys);
  EXPECT_EQ(infos["error_count"], 2);  // neither topics nor topics.regex: on both keys

  // The path must agree with the body's class; problems with the class are 500.
  auto mismatch = kctest::Http(port, "PUT", "/connector-plugins/FileStreamSink/config/validate",
                               R"({"connector.class":"FileStreamSource"})");
  EXPECT_EQ(mismatch.status, 400);
  EXPECT_EQ(nlohmann::json::parse(mismatch.body)["message"],
            "Included connector type FileStreamSource does not match request type FileStreamSink");
  auto unknown = kctest::Http(port, "PUT", "/connector-plugins/Nope/config/validate",
                              R"({"connector.class":"Nope"})");
  EXPECT_EQ(unknown.status, 500);
  EXPECT_EQ(nlohmann::json::parse(unknown.body)["message"].get<std::string>().rfind(
                "org.apache.kafka.connect.errors.ConnectException: Failed to find any class that "
                "implements Connector and which name matches Nope",
                0),
            0u)
      << unknown.body;
  auto no_class = kctest::Http(port, "PUT", "/connector-plugins/FileStreamSource/config/validate",
                               R"({"name":"x"})");
  EXPECT_EQ(no_class.status, 500);
  EXPECT_NE(no_class.body.find("BadRequestException: Connector config {name=x} contains no "
                               "connector type"),
            std::string::npos)
      << no_class.body;
}

TEST_F(QuickstartTest, PluginConfigListsTheConnectorsKeysThenTheFrameworks) {
  auto w = Worker();
  ASSERT_NE(w, nullptr);
  for (const char* plugin : {"FileStreamSink", "org.apache.kafka.connect.file.FileStreamSinkConnector"}) {
    auto result = kctest::Http(w->RestPort(), "GET", std::string("/connector-plugins/") + plugin + "/config");
    ASSERT_EQ(result.status, 200) << result.body;
    auto keys = nlohmann::json::parse(result.body);
    ASSERT_GT(keys.size(), 5u);
    EXPECT_EQ(keys[0]["name"], "file");  // its own key first
    std::vector<std::string> names;
    for (const auto& k : keys) names.push_back(k["name"]);
    for (const char* framework : {"name", "connector.class", "tasks.max", "topics", "topics.regex",
                                  "errors.deadletterqueue.topic.name"}) {
      EXPECT_NE(std::find(names.begin(), names.end(), framework), names.end()) << framework;
    }
  }
  auto converter = kctest::Http(w->RestPort(), "GET", "/connector-plugins/JsonConverter/config");
  EXPECT_EQ(converter.status, 200) << converter.body;
  auto unknown = kctest::Http(w->RestPort(), "GET", "/connector-plugins/com.example.Nope/config");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(nlohmann::json::parse(unknown.body)["message"], "Unknown plugin com.example.Nope.");
}

}  // namespace
