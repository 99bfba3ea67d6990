#pragma once
// An in-process standalone worker wired to a test-owned mock Kafka cluster
// (which outlives worker restarts), plus small Kafka and HTTP helpers.

#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include <memory>
#include <string>
#include <vector>

#include "loopback_http.h"
#include "test_util.h"
#include "worker/cli/standalone_worker.h"
#include "worker/kafka/mock_cluster.h"

namespace kctest {

inline std::unique_ptr<kconnect::worker::kafka::MockCluster> StartMock() {
  auto mock = kconnect::worker::kafka::MockCluster::Start(1);
  if (!mock) return nullptr;
  return std::move(mock).Value();
}

inline kconnect::Props WorkerProps(const std::string& bootstrap, const std::string& offsets_file,
                                   const std::string& flush_ms = "200") {
  return {{"bootstrap.servers", bootstrap},
          {"key.converter", "org.apache.kafka.connect.json.JsonConverter"},
          {"value.converter", "org.apache.kafka.connect.json.JsonConverter"},
          {"key.converter.schemas.enable", "true"},
          {"value.converter.schemas.enable", "true"},
          {"offset.storage.file.filename", offsets_file},
          {"offset.flush.interval.ms", flush_ms},
          {"listeners", "http://127.0.0.1:0"},
          // librdkafka's mock cluster keeps a departed group member until its
          // session times out, so a restarted sink would wait 45 s to be assigned.
          {"consumer.session.timeout.ms", "6000"},
          {"consumer.heartbeat.interval.ms", "500"},
          {"plugin.path", KC_CONNECTORS_DIR}};
}

inline std::unique_ptr<kconnect::worker::cli::StandaloneWorker> StartWorker(kconnect::Props props) {
  kconnect::worker::cli::StandaloneWorker::Options options;
  options.worker_props = std::move(props);
  options.worker_file = "test";
  auto w = std::make_unique<kconnect::worker::cli::StandaloneWorker>(std::move(options));
  if (auto error = w->Start()) {
    ADD_FAILURE() << "worker failed to start: " << error->message;
    return nullptr;
  }
  return w;
}

inline kconnect::Props FileSource(const std::string& file, const std::string& topic = "connect-test") {
  return {{"name", "local-file-source"}, {"connector.class", "FileStreamSource"},
          {"tasks.max", "1"},           {"file", file},
          {"topic", topic}};
}

inline kconnect::Props FileSink(const std::string& file, const std::string& topics = "connect-test") {
  return {{"name", "local-file-sink"}, {"connector.class", "FileStreamSink"},
          {"tasks.max", "1"},         {"file", file},
          {"topics", topics}};
}

// The quickstart's pipeline: a mock cluster with a one-partition topic
// connect-test, and fresh paths for the source, sink and offsets files.
// CreateConnectors() adds local-file-source (source_file_ -> connect-test) and
// local-file-sink (connect-test -> sink_file_) through the herder.
class FilePipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mock_ = StartMock();
    ASSERT_NE(mock_, nullptr);
    ASSERT_TRUE(mock_->CreateTopic("connect-test", 1).Ok());
    source_file_ = dir_.Path("test.txt");
    sink_file_ = dir_.Path("test.sink.txt");
    offsets_file_ = dir_.Path("connect.offsets");
  }

  // As the command line does: after a restart the worker already has them
  // from its connector state file, and the same config replaces them.
  void CreateConnectors(kconnect::worker::cli::StandaloneWorker& w) {
    auto src = w.Herder().PutConnectorConfig("local-file-source", FileSource(source_file_), true,
                                             std::nullopt);
    ASSERT_TRUE(src.Ok()) << src.Error().message;
    auto sink = w.Herder().PutConnectorConfig("local-file-sink", FileSink(sink_file_), true,
                                              std::nullopt);
    ASSERT_TRUE(sink.Ok()) << sink.Error().message;
  }

  TempDir dir_;
  std::unique_ptr<kconnect::worker::kafka::MockCluster> mock_;
  std::string source_file_, sink_file_, offsets_file_;
};

// REST calls over plain loopback sockets (loopback_http.h).
using HttpReply = LoopbackReply;
inline HttpReply Http(int port, const std::string& method, const std::string& path,
                      const std::string& body = "") {
  return LoopbackHttp(port, method, path, body);
}

// Reads every record of a topic from the beginning (partition 0) until `count`
// values arrived or the timeout passes. Null values are returned as "<null>".
inline std::vector<std::string> ConsumeValues(const std::string& bootstrap, const std::string& topic,
                                              size_t count,
                                              std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
  char err[256];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), err, sizeof(err));
  rd_kafka_conf_set(conf, "group.id", "kctest-reader", err, sizeof(err));
  rd_kafka_conf_set(conf, "enable.auto.commit", "false", err, sizeof(err));
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err));
  rd_kafka_poll_set_consumer(rk);
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(list, topic.c_str(), 0)->offset = RD_KAFKA_OFFSET_BEGINNING;
  rd_kafka_assign(rk, list);
  rd_kafka_topic_partition_list_destroy(list);
  std::vector<std::string> values;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (values.size() < count && std::chrono::steady_clock::now() < deadline) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(rk, 100);
    if (m == nullptr) continue;
    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      values.push_back(m->payload ? std::string(static_cast<char*>(m->payload), m->len)
                                  : std::string("<null>"));
      if (m->key != nullptr) values.back() += "<with key>";
    }
    rd_kafka_message_destroy(m);
  }
  rd_kafka_consumer_close(rk);
  rd_kafka_destroy(rk);
  return values;
}

}  // namespace kctest
