// Connector and task lifecycle through the REST API of a full in-process
// standalone worker (runtime.md §6, rest-api.md §4.3), with the good/ test
// plugins and a librdkafka mock cluster on loopback.
//
// The sources here emit numbered records "record-<n>" on a one-partition
// topic, so the topic's content shows exactly what was lost or duplicated.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "loopback_http.h"
#include "standalone_harness.h"
#include "worker/runtime/offset_storage.h"
#include "worker/storage/file_offset_backing_store.h"

namespace {

using ::testing::HasSubstr;
using Json = nlohmann::json;
using kctest::ReadLines;
using kctest::WaitFor;

constexpr int16_t kProduceApiKey = 0;

kctest::LoopbackReply Http(int port, const std::string& method, const std::string& path,
                           const std::string& body = "") {
  return kctest::LoopbackHttp(port, method, path, body);
}

// A mock cluster whose handle the test keeps, to inject broker errors.
class TestCluster {
 public:
  TestCluster() {
    char err[256];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "log_level", "3", err, sizeof(err));
    host_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
    cluster_ = rd_kafka_mock_cluster_new(host_, 1);
    bootstraps_ = rd_kafka_mock_cluster_bootstraps(cluster_);
    // A separate client for watermark queries.
    rd_kafka_conf_t* qconf = rd_kafka_conf_new();
    rd_kafka_conf_set(qconf, "bootstrap.servers", bootstraps_.c_str(), err, sizeof(err));
    rd_kafka_conf_set(qconf, "log_level", "3", err, sizeof(err));
    query_ = rd_kafka_new(RD_KAFKA_PRODUCER, qconf, err, sizeof(err));
  }
  ~TestCluster() {
    rd_kafka_destroy(query_);
    rd_kafka_mock_cluster_destroy(cluster_);
    rd_kafka_destroy(host_);
  }
  const std::string& Bootstraps() const { return bootstraps_; }
  rd_kafka_mock_cluster_t* Handle() { return cluster_; }
  void CreateTopic(const std::string& topic) {
    ASSERT_EQ(rd_kafka_mock_topic_create(cluster_, topic.c_str(), 1, 1),
              RD_KAFKA_RESP_ERR_NO_ERROR);
  }
  // Records in partition 0 of `topic` (-1 if the query failed).
  int64_t Count(const std::string& topic) {
    int64_t lo = 0;
    int64_t hi = 0;
    if (rd_kafka_query_watermark_offsets(query_, topic.c_str(), 0, &lo, &hi, 5000) !=
        RD_KAFKA_RESP_ERR_NO_ERROR) {
      return -1;
    }
    return hi;
  }

 private:
  rd_kafka_t* host_ = nullptr;
  rd_kafka_mock_cluster_t* cluster_ = nullptr;
  rd_kafka_t* query_ = nullptr;
  std::string bootstraps_;
};

// What the worker's JsonConverter (schemas enabled) writes for a string.
std::string Envelope(const std::string& s) {
  return R"({"schema":{"type":"string","optional":false},"payload":")" + s + R"("})";
}

class LifecycleTest : public ::testing::Test {
 protected:
  void SetUp() override { offsets_file_ = dir_.Path("connect.offsets"); }

  std::unique_ptr<kconnect::worker::cli::StandaloneWorker> StartWorker(
      const std::string& flush_ms = "200", const kconnect::Props& extra = {}) {
    auto props = kctest::WorkerProps(cluster_.Bootstraps(), offsets_file_, flush_ms);
    props["plugin.path"] = KC_TEST_PLUGIN_DIR "/good";
    for (const auto& [k, v] : extra) props[k] = v;
    auto w = kctest::StartWorker(props);
    if (w) port_ = w->RestPort();
    return w;
  }

  // GoodSource config emitting `count` records to `topic`.
  static kconnect::Props Source(const std::string& topic, int count,
                                const kconnect::Props& extra = {}) {
    kconnect::Props p = {{"connector.class", "GoodSource"},
                         {"topic", topic},
                         {"count", std::to_string(count)},
                         {"poll.idle.ms", "50"}};
    for (const auto& [k, v] : extra) p[k] = v;
    return p;
  }
  // A source that keeps producing at a few dozen records per second: one
  // record per poll, and a producer that holds one record at a time.
  static kconnect::Props PacedSource(const std::string& topic) {
    return Source(topic, 1000000,
                  {{"batch.size", "1"},
                   {"producer.override.queue.buffering.max.messages", "1"},
                   {"producer.override.linger.ms", "20"}});
  }

  void Create(const std::string& name, const kconnect::Props& config) {
    Json body = {{"name", name}, {"config", config}};
    auto reply = Http(port_, "POST", "/connectors", body.dump());
    ASSERT_EQ(reply.status, 201) << reply.body;
  }

  Json GetJson(const std::string& path, int expected_status = 200) {
    auto reply = Http(port_, "GET", path);
    EXPECT_EQ(reply.status, expected_status) << path << ": " << reply.body;
    return Json::parse(reply.body, nullptr, false);
  }

  // "<connector state>/<task id>:<state>..." from GET /connectors/<n>/status.
  std::string States(const std::string& name) {
    auto reply = Http(port_, "GET", "/connectors/" + name + "/status");
    if (reply.status != 200) return std::to_string(reply.status) + " " + reply.body;
    Json st = Json::parse(reply.body);
    std::string out = st["connector"]["state"].get<std::string>();
    for (const auto& t : st["tasks"]) {
      out += "/" + std::to_string(t["id"].get<int>()) + ":" + t["state"].get<std::string>();
    }
    return out;
  }

  void WaitForStates(const std::string& name, const std::string& expected) {
    EXPECT_TRUE(WaitFor([&] { return States(name) == expected; }))
        << name << " is " << States(name) << ", expected " << expected;
  }

  // True if `topic` gains more than `slack` records within `window`.
  bool Grows(const std::string& topic, int64_t from, int64_t slack,
             std::chrono::milliseconds window) {
    return WaitFor([&] { return cluster_.Count(topic) > from + slack; }, window);
  }

  void WaitForCount(const std::string& topic, int64_t at_least) {
    EXPECT_TRUE(WaitFor([&] { return cluster_.Count(topic) >= at_least; }))
        << topic << " has " << cluster_.Count(topic) << " records, expected " << at_least;
  }

  // Every value of the topic must be record-0, record-1, ... in order.
  void ExpectContiguousRecords(const std::string& topic, const std::string& prefix = "record-") {
    const int64_t n = cluster_.Count(topic);
    auto values = kctest::ConsumeValues(cluster_.Bootstraps(), topic, static_cast<size_t>(n));
    ASSERT_EQ(static_cast<int64_t>(values.size()), n);
    for (int64_t i = 0; i < n; ++i) {
      ASSERT_EQ(values[i], Envelope(prefix + std::to_string(i)) + "<with key>")
          << "record " << i << " of " << n;
    }
  }

  std::map<std::string, std::optional<std::string>> StoredOffsets() {
    kconnect::worker::storage::FileOffsetBackingStore store(offsets_file_);
    store.Start();
    std::map<std::string, std::optional<std::string>> out;
    for (auto& [k, v] : store.All()) out[k] = v;
    return out;
  }

  kctest::TempDir dir_;
  TestCluster cluster_;
  std::string offsets_file_;
  int port_ = 0;
};

TEST_F(LifecycleTest, SourcePauseResumeStopRestartDeleteKeepsRecordsContiguous) {
  cluster_.CreateTopic("paced");
  auto w = StartWorker();
  ASSERT_NE(w, nullptr);
  Create("paced", PacedSource("paced"));
  WaitForStates("paced", "RUNNING/0:RUNNING");
  Json status = GetJson("/connectors/paced/status");
  EXPECT_EQ(status["type"], "source");
  EXPECT_EQ(status["connector"]["worker_id"], "127.0.0.1:" + std::to_string(port_));
  EXPECT_FALSE(status["connector"].contains("trace"));
  WaitForCount("paced", 3);

  // Pause: 202, both PAUSED, and nothing more is produced (one record may
  // still have been in flight when the task parked).
  auto pause = Http(port_, "PUT", "/connectors/paced/pause");
  EXPECT_EQ(pause.status, 202);
  EXPECT_EQ(pause.body, "");
  WaitForStates("paced", "PAUSED/0:PAUSED");
  int64_t paused_at = cluster_.Count("paced");
  EXPECT_FALSE(Grows("paced", paused_at, 1, std::chrono::milliseconds(1500)))
      << "records keep coming while paused";

  // Resume: RUNNING again and records continue.
  EXPECT_EQ(Http(port_, "PUT", "/connectors/paced/resume").status, 202);
  WaitForStates("paced", "RUNNING/0:RUNNING");
  EXPECT_TRUE(Grows("paced", cluster_.Count("paced"), 3, std::chrono::seconds(20)));

  // Stop: synchronous, connector STOPPED without tasks anywhere.
  auto stop = Http(port_, "PUT", "/connectors/paced/stop");
  EXPECT_EQ(stop.status, 204);
  EXPECT_EQ(States("paced"), "STOPPED");
  EXPECT_EQ(GetJson("/connectors/paced/status")["tasks"], Json::array());
  EXPECT_EQ(GetJson("/connectors/paced/tasks"), Json::array());
  EXPECT_EQ(GetJson("/connectors/paced")["tasks"], Json::array());
  GetJson("/connectors/paced/tasks/0/status", 404);
  int64_t stopped_at = cluster_.Count("paced");
  EXPECT_FALSE(Grows("paced", stopped_at, 0, std::chrono::milliseconds(1000)))
      << "records keep coming while stopped";

  // Resume after stop recreates the tasks, which continue from their offsets.
  EXPECT_EQ(Http(port_, "PUT", "/connectors/paced/resume").status, 202);
  WaitForStates("paced", "RUNNING/0:RUNNING");
  EXPECT_EQ(GetJson("/connectors/paced/tasks").size(), 1u);
  EXPECT_TRUE(Grows("paced", stopped_at, 3, std::chrono::seconds(20)));

  // Restart the connector, then the task: each time RUNNING and still producing.
  EXPECT_EQ(Http(port_, "POST", "/connectors/paced/restart").status, 204);
  WaitForStates("paced", "RUNNING/0:RUNNING");
  EXPECT_TRUE(Grows("paced", cluster_.Count("paced"), 3, std::chrono::seconds(20)));
  auto restart_task = Http(port_, "POST", "/connectors/paced/tasks/0/restart");
  EXPECT_EQ(restart_task.status, 204) << restart_task.body;
  WaitForStates("paced", "RUNNING/0:RUNNING");
  EXPECT_TRUE(Grows("paced", cluster_.Count("paced"), 3, std::chrono::seconds(20)));
  EXPECT_EQ(Http(port_, "POST", "/connectors/paced/tasks/7/restart").status, 404);

  // Delete: 204, then 404 everywhere and no more records.
  EXPECT_EQ(Http(port_, "DELETE", "/connectors/paced").status, 204);
  auto info = Http(port_, "GET", "/connectors/paced");
  EXPECT_EQ(info.status, 404);
  EXPECT_EQ(Json::parse(info.body)["message"], "Connector paced not found");
  EXPECT_EQ(Http(port_, "GET", "/connectors/paced/status").status, 404);
  EXPECT_EQ(Http(port_, "GET", "/connectors/paced/tasks").status, 404);
  EXPECT_EQ(Http(port_, "PUT", "/connectors/paced/pause").status, 404);
  EXPECT_EQ(GetJson("/connectors"), Json::array());
  int64_t deleted_at = cluster_.Count("paced");
  EXPECT_FALSE(Grows("paced", deleted_at, 0, std::chrono::milliseconds(1000)));

  // Every stop above committed exactly the acknowledged records: nothing was
  // lost or produced twice.
  ExpectContiguousRecords("paced");
}

TEST_F(LifecycleTest, SinkReceivesJsonRecordsInOrderAndPauseHoldsThemBack) {
  cluster_.CreateTopic("t");
  auto w = StartWorker();
  ASSERT_NE(w, nullptr);
  const std::string out = dir_.Path("sink.txt");
  const std::string raw_out = dir_.Path("raw.txt");
  Create("sink", {{"connector.class", "GoodSink"}, {"topics", "t"}, {"out.file", out}});
  // Connector-level converter: configured with the connector's settings only,
  // so it sees the worker JsonConverter's bytes as plain text (runtime.md §2.3).
  Create("raw-sink", {{"connector.class", "GoodSink"},
                      {"topics", "t"},
                      {"out.file", raw_out},
                      {"value.converter", "org.apache.kafka.connect.storage.StringConverter"}});
  Create("first", Source("t", 40));
  ASSERT_TRUE(WaitFor([&] { return ReadLines(out).size() >= 40; }))
      << ReadLines(out).size() << " lines";
  WaitForStates("sink", "RUNNING/0:RUNNING");
  EXPECT_EQ(GetJson("/connectors/sink/status")["type"], "sink");

  EXPECT_EQ(Http(port_, "PUT", "/connectors/sink/pause").status, 202);
  WaitForStates("sink", "PAUSED/0:PAUSED");
  Create("second", Source("t", 20, {{"prefix", "more-"}}));
  WaitForCount("t", 60);
  EXPECT_FALSE(WaitFor([&] { return ReadLines(out).size() > 40; }, std::chrono::milliseconds(1500)))
      << "a paused sink received records";

  EXPECT_EQ(Http(port_, "PUT", "/connectors/sink/resume").status, 202);
  WaitForStates("sink", "RUNNING/0:RUNNING");
  ASSERT_TRUE(WaitFor([&] { return ReadLines(out).size() >= 60; }))
      << ReadLines(out).size() << " lines";
  auto lines = ReadLines(out);
  ASSERT_EQ(lines.size(), 60u);
  for (int i = 0; i < 40; ++i) EXPECT_EQ(lines[i], "record-" + std::to_string(i));
  for (int i = 0; i < 20; ++i) EXPECT_EQ(lines[40 + i], "more-" + std::to_string(i));

  ASSERT_TRUE(WaitFor([&] { return ReadLines(raw_out).size() >= 60; }))
      << ReadLines(raw_out).size() << " lines";
  auto raw = ReadLines(raw_out);
  EXPECT_EQ(raw.front(), Envelope("record-0"));
  EXPECT_EQ(raw.back(), Envelope("more-19"));
}

TEST_F(LifecycleTest, FailuresAreReportedWithTracesAndOthersKeepRunning) {
  for (const char* t : {"steady", "flaky", "bad", "noconv"}) cluster_.CreateTopic(t);
  auto w = StartWorker();
  ASSERT_NE(w, nullptr);
  Create("steady", PacedSource("steady"));

  // A connector whose Start throws is created, and FAILED with a trace.
  Create("bad", Source("bad", 5, {{"fail.on.start", "true"}}));
  Json bad = GetJson("/connectors/bad/status");
  EXPECT_EQ(bad["connector"]["state"], "FAILED");
  EXPECT_THAT(bad["connector"]["trace"].get<std::string>(),
              HasSubstr("GoodSourceConnector failed to start on purpose"));
  EXPECT_EQ(bad["tasks"], Json::array());
  EXPECT_EQ(Http(port_, "POST", "/connectors/bad/restart").status, 204);
  EXPECT_EQ(States("bad"), "FAILED");

  // A task whose Poll throws after 5 records is FAILED with the message.
  Create("flaky", Source("flaky", 8, {{"task.fail.after", "5"}}));
  WaitForStates("flaky", "RUNNING/0:FAILED");
  Json task = GetJson("/connectors/flaky/tasks/0/status");
  EXPECT_EQ(task["state"], "FAILED");
  EXPECT_EQ(task["id"], 0);
  EXPECT_THAT(task["trace"].get<std::string>(),
              HasSubstr("GoodSourceTask failed on purpose after 5 records"));
  EXPECT_EQ(cluster_.Count("flaky"), 5);

  // An unknown converter class fails the task, not the worker.
  Create("noconv", Source("noconv", 5, {{"value.converter", "com.example.NoSuchConverter"}}));
  WaitForStates("noconv", "RUNNING/0:FAILED");
  EXPECT_THAT(GetJson("/connectors/noconv/status")["tasks"][0]["trace"].get<std::string>(),
              HasSubstr("Class com.example.NoSuchConverter could not be found."));
  EXPECT_EQ(cluster_.Count("noconv"), 0);

  // The failed task's records were acknowledged and their offsets committed
  // on the way out: a restart emits only the remaining 3.
  EXPECT_EQ(Http(port_, "POST", "/connectors/flaky/tasks/0/restart").status, 204);
  WaitForStates("flaky", "RUNNING/0:RUNNING");
  WaitForCount("flaky", 8);
  EXPECT_FALSE(Grows("flaky", 8, 0, std::chrono::milliseconds(500)));
  ExpectContiguousRecords("flaky");

  // Meanwhile the healthy connector ran on.
  WaitForStates("steady", "RUNNING/0:RUNNING");
  EXPECT_TRUE(Grows("steady", cluster_.Count("steady"), 3, std::chrono::seconds(20)));
  EXPECT_EQ(Http(port_, "GET", "/").status, 200);
}

TEST_F(LifecycleTest, TasksSplitTheRecordsExactlyOnce) {
  cluster_.CreateTopic("split");
  auto w = StartWorker();
  ASSERT_NE(w, nullptr);
  Create("split", Source("split", 30, {{"tasks.max", "3"}, {"batch.size", "4"}}));
  WaitForStates("split", "RUNNING/0:RUNNING/1:RUNNING/2:RUNNING");
  Json tasks = GetJson("/connectors/split/tasks");
  ASSERT_EQ(tasks.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(tasks[i]["id"]["connector"], "split");
    EXPECT_EQ(tasks[i]["id"]["task"], i);
    EXPECT_EQ(tasks[i]["config"]["task.id"], std::to_string(i));
    EXPECT_EQ(tasks[i]["config"]["task.class"], "com.example.test.GoodSourceTask");
  }
  WaitForCount("split", 30);
  EXPECT_FALSE(Grows("split", 30, 0, std::chrono::milliseconds(500)));
  auto values = kctest::ConsumeValues(cluster_.Bootstraps(), "split", 30);
  std::vector<std::string> expected;
  expected.reserve(30);
  for (int i = 0; i < 30; ++i)
    expected.push_back(Envelope("record-" + std::to_string(i)) + "<with key>");
  std::sort(values.begin(), values.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(values, expected);
}

TEST_F(LifecycleTest, SourceResumesFromOffsetsCommittedAtGracefulShutdown) {
  cluster_.CreateTopic("resume");
  {
    // A flush interval far beyond the test: only the final commit at
    // shutdown can store the offsets.
    auto w = StartWorker("600000");
    ASSERT_NE(w, nullptr);
    Create("resumer", Source("resume", 20));
    WaitForCount("resume", 20);
    w->Stop();
  }
  auto stored = StoredOffsets();
  ASSERT_EQ(stored.count(R"(["resumer",{"task":0}])"), 1u) << "offsets file has no entry";
  EXPECT_EQ(stored.at(R"(["resumer",{"task":0}])"), R"({"next":20})");
  EXPECT_EQ(stored.size(), 1u);

  {
    auto w = StartWorker("600000");
    ASSERT_NE(w, nullptr);
    // The connector is back from the state file; raise its record count.
    GetJson("/connectors/resumer");
    auto updated = Http(port_, "PUT", "/connectors/resumer/config",
                        Json(Source("resume", 30)).dump());
    ASSERT_EQ(updated.status, 200) << updated.body;
    WaitForCount("resume", 30);
    w->Stop();  // flushes whatever was produced
  }
  EXPECT_EQ(cluster_.Count("resume"), 30) << "records were produced again after the restart";
  ExpectContiguousRecords("resume");
  EXPECT_EQ(StoredOffsets().at(R"(["resumer",{"task":0}])"), R"({"next":30})");
}

TEST_F(LifecycleTest, OffsetsOfUnacknowledgedRecordsAreNotCommitted) {
  cluster_.CreateTopic("denied");
  auto w = StartWorker();
  ASSERT_NE(w, nullptr);
  // The first produce request is refused for good: its records are never
  // acknowledged, so the task fails and no offset may be committed for them.
  rd_kafka_mock_push_request_errors(cluster_.Handle(), kProduceApiKey, 1,
                                    RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED);
  Create("denied", Source("denied", 10));
  WaitForStates("denied", "RUNNING/0:FAILED");
  EXPECT_THAT(GetJson("/connectors/denied/status")["tasks"][0]["trace"].get<std::string>(),
              HasSubstr("Unrecoverable exception from producer send callback"));
  EXPECT_EQ(StoredOffsets().count(R"(["denied",{"task":0}])"), 0u);

  // Restarted, it starts over from the first record, and now commits.
  EXPECT_EQ(Http(port_, "POST", "/connectors/denied/tasks/0/restart").status, 204);
  WaitForStates("denied", "RUNNING/0:RUNNING");
  EXPECT_TRUE(WaitFor([&] {
    auto stored = StoredOffsets();
    auto it = stored.find(R"(["denied",{"task":0}])");
    return it != stored.end() && it->second == R"({"next":10})";
  })) << "offset of the re-sent records was not committed";
  auto values = kctest::ConsumeValues(cluster_.Bootstraps(), "denied",
                                      static_cast<size_t>(cluster_.Count("denied")));
  ASSERT_FALSE(values.empty());
  EXPECT_EQ(values.back(), Envelope("record-9") + "<with key>");
}

TEST_F(LifecycleTest, SourceStopsPromptlyWhenTheBrokerIsDown) {
  cluster_.CreateTopic("stuck");
  auto w = StartWorker("200", {{"offset.flush.timeout.ms", "500"}});
  ASSERT_NE(w, nullptr);
  Create("stuck", PacedSource("stuck"));
  WaitForCount("stuck", 3);
  // With the broker gone the producer's one-record queue stays full, so the
  // task sits in a send that can never complete.
  // (No watermark queries while it is down: librdkafka's query waits for a
  // leader beyond its timeout.)
  ASSERT_EQ(rd_kafka_mock_broker_set_down(cluster_.Handle(), 1), RD_KAFKA_RESP_ERR_NO_ERROR);

  // Deleting it must still stop the task within the flush timeout plus the
  // graceful-shutdown budget (5 s), not hang the herder.
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(Http(port_, "DELETE", "/connectors/stuck").status, 204);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(8));
  EXPECT_EQ(Http(port_, "GET", "/connectors").body, "[]");

  // The acknowledged prefix was committed; nothing else.
  auto stored = StoredOffsets();
  ASSERT_EQ(stored.count(R"(["stuck",{"task":0}])"), 1u);
  ASSERT_EQ(rd_kafka_mock_broker_set_up(cluster_.Handle(), 1), RD_KAFKA_RESP_ERR_NO_ERROR);
  auto committed = kconnect::worker::runtime::ParseOffsetMap(*stored.at(R"(["stuck",{"task":0}])"));
  ASSERT_TRUE(committed.has_value());
  const int64_t next = *committed->at(0).second.Get<int64_t>();
  EXPECT_LE(next, cluster_.Count("stuck"));
  start = std::chrono::steady_clock::now();
  w->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(8));
}

TEST_F(LifecycleTest, SinkStopsPromptlyWhenTheBrokerIsDown) {
  cluster_.CreateTopic("t");
  auto w = StartWorker("200", {{"offset.flush.timeout.ms", "500"}});
  ASSERT_NE(w, nullptr);
  const std::string out = dir_.Path("sink.txt");
  Create("sink", {{"connector.class", "GoodSink"}, {"topics", "t"}, {"out.file", out}});
  Create("src", Source("t", 10));
  ASSERT_TRUE(WaitFor([&] { return ReadLines(out).size() >= 10; }));
  ASSERT_EQ(Http(port_, "DELETE", "/connectors/src").status, 204);
  ASSERT_EQ(rd_kafka_mock_broker_set_down(cluster_.Handle(), 1), RD_KAFKA_RESP_ERR_NO_ERROR);
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(Http(port_, "DELETE", "/connectors/sink").status, 204);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(8));
  start = std::chrono::steady_clock::now();
  w->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(8));
}

}  // namespace
