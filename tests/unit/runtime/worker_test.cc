// Worker: the Kafka client configs it builds for tasks (runtime.md §1.5) and
// the task configs it derives from a connector (§2.7), with the test plugins
// from tests/plugins/good.

#include "worker/runtime/worker.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "worker/storage/memory_offset_backing_store.h"

namespace kconnect::worker::runtime {
namespace {

using ::testing::HasSubstr;

class NoopContext : public kconnect::SourceConnectorContext {
 public:
  explicit NoopContext(storage::OffsetBackingStore& store) : reader_("c", store) {}
  void RequestTaskReconfiguration() override {}
  void RaiseError(const std::exception&) override {}
  kconnect::OffsetStorageReader& GetOffsetStorageReader() override { return reader_; }

 private:
  OffsetStorageReaderImpl reader_;
};

class WorkerTest : public ::testing::Test {
 protected:
  void Make(const Props& extra = {}) {
    worker_.reset();  // a worker must not outlive its config
    Props props = {{"bootstrap.servers", "broker-a:9092, broker-b:9092"},
                   {"key.converter", "org.apache.kafka.connect.json.JsonConverter"},
                   {"value.converter", "org.apache.kafka.connect.json.JsonConverter"},
                   {"offset.storage.file.filename", "/nonexistent/offsets"}};
    for (const auto& [k, v] : extra) props[k] = v;
    config_ = std::make_unique<WorkerConfig>(StandaloneConfigDef(), props);
    worker_ = std::make_unique<Worker>("127.0.0.1:8083", *config_, registry_, store_);
  }

  plugins::PluginRegistry registry_;
  storage::MemoryOffsetBackingStore store_;
  std::unique_ptr<WorkerConfig> config_;
  std::unique_ptr<Worker> worker_;
};

TEST_F(WorkerTest, ProducerForcedDefaults) {
  Make();
  auto p = worker_->ProducerProps({"my-conn", 2}, {{"name", "my-conn"}});
  EXPECT_EQ(p.at("bootstrap.servers"), "broker-a:9092,broker-b:9092");
  EXPECT_EQ(p.at("acks"), "all");
  EXPECT_EQ(p.at("max.in.flight.requests.per.connection"), "1");
  EXPECT_EQ(p.at("enable.idempotence"), "false");
  EXPECT_EQ(p.at("message.timeout.ms"), "0");        // delivery.timeout.ms = Int.MAX
  EXPECT_EQ(p.at("partitioner"), "murmur2_random");  // Java's default partitioner
  EXPECT_EQ(p.at("client.id"), "connector-producer-my-conn-2");
}

TEST_F(WorkerTest, ProducerOverridesWorkerThenConnector) {
  Make({{"producer.acks", "1"},
        {"producer.linger.ms", "7"},
        {"producer.client.id", "from-worker"},
        {"consumer.fetch.min.bytes", "9"},
        // Unprefixed worker client keys are not inherited by producers.
        {"security.protocol", "SSL"}});
  Props connector = {{"name", "c"},
                     {"producer.override.acks", "0"},
                     {"producer.override.batch.size", "100"},
                     {"consumer.override.fetch.max.bytes", "1"}};
  auto p = worker_->ProducerProps({"c", 0}, connector);
  EXPECT_EQ(p.at("acks"), "0");  // connector beats worker beats forced default
  EXPECT_EQ(p.at("linger.ms"), "7");
  EXPECT_EQ(p.at("batch.size"), "100");
  EXPECT_EQ(p.at("client.id"), "from-worker");
  EXPECT_EQ(p.count("security.protocol"), 0u);
  EXPECT_EQ(p.count("fetch.min.bytes"), 0u);
  EXPECT_EQ(p.count("fetch.max.bytes"), 0u);
  EXPECT_EQ(p.count("override.acks"), 0u);
  EXPECT_EQ(p.count("producer.override.acks"), 0u);
  EXPECT_EQ(p.count("name"), 0u);
}

TEST_F(WorkerTest, ConsumerForcedDefaults) {
  Make();
  auto c = worker_->ConsumerProps({"sink-a", 1}, {{"name", "sink-a"}});
  EXPECT_EQ(c.at("bootstrap.servers"), "broker-a:9092,broker-b:9092");
  EXPECT_EQ(c.at("group.id"), "connect-sink-a");
  EXPECT_EQ(c.at("client.id"), "connector-consumer-sink-a-1");
  EXPECT_EQ(c.at("enable.auto.commit"), "false");
  EXPECT_EQ(c.at("auto.offset.reset"), "earliest");
}

TEST_F(WorkerTest, ConsumerOverridesWorkerThenConnector) {
  Make({{"consumer.auto.offset.reset", "latest"},
        {"consumer.session.timeout.ms", "6000"},
        {"producer.acks", "1"},
        {"security.protocol", "SSL"}});
  Props connector = {{"name", "s"},
                     {"consumer.override.auto.offset.reset", "none"},
                     {"consumer.override.max.poll.interval.ms", "10000"},
                     {"producer.override.linger.ms", "1"}};
  auto c = worker_->ConsumerProps({"s", 0}, connector);
  EXPECT_EQ(c.at("auto.offset.reset"), "none");
  EXPECT_EQ(c.at("session.timeout.ms"), "6000");
  EXPECT_EQ(c.at("max.poll.interval.ms"), "10000");
  EXPECT_EQ(c.at("group.id"), "connect-s");
  EXPECT_EQ(c.count("acks"), 0u);
  EXPECT_EQ(c.count("linger.ms"), 0u);
  EXPECT_EQ(c.count("security.protocol"), 0u);
}

TEST_F(WorkerTest, SinkGroupIdFollowsConsumerOverrides) {
  Make();
  EXPECT_EQ(worker_->SinkGroupId("s", {{"name", "s"}}), "connect-s");
  Make({{"consumer.group.id", "from-worker"}});
  EXPECT_EQ(worker_->SinkGroupId("s", {{"name", "s"}}), "from-worker");
  EXPECT_EQ(worker_->SinkGroupId("s", {{"name", "s"}, {"consumer.override.group.id", "mine"}}),
            "mine");
}

TEST_F(WorkerTest, OffsetsAdminClientGetsSecurityThenAdminThenOverrides) {
  Make({{"security.protocol", "SASL_PLAINTEXT"},
        {"sasl.mechanism", "PLAIN"},
        {"admin.request.timeout.ms", "7000"},
        {"admin.sasl.mechanism", "SCRAM-SHA-256"},
        {"consumer.fetch.min.bytes", "9"}});
  auto a = worker_->AdminProps("s", {{"name", "s"}, {"admin.override.request.timeout.ms", "9000"}});
  EXPECT_EQ(a.at("bootstrap.servers"), "broker-a:9092,broker-b:9092");
  EXPECT_EQ(a.at("client.id"), "connector-worker-adminclient-s");
  EXPECT_EQ(a.at("security.protocol"), "SASL_PLAINTEXT");
  EXPECT_EQ(a.at("sasl.mechanism"), "SCRAM-SHA-256");   // admin.* beats unprefixed
  EXPECT_EQ(a.at("request.timeout.ms"), "9000");        // connector beats worker
  EXPECT_EQ(a.count("fetch.min.bytes"), 0u);
  EXPECT_EQ(a.count("key.converter"), 0u);  // worker keys librdkafka has no use for
}

TEST_F(WorkerTest, TaskConfigsCarryTaskClassAndTopics) {
  registry_.ScanPluginPath({KC_TEST_PLUGIN_DIR "/good"});
  Make();
  NoopContext ctx(store_);
  Props sink = {{"name", "s"},
                {"connector.class", "GoodSink"},
                {"tasks.max", "3"},
                {"out.file", "/nonexistent/out"},
                {"topics", "a,b"}};
  ASSERT_TRUE(worker_->StartConnector("s", sink, ctx).Ok());
  EXPECT_TRUE(worker_->IsRunning("s"));
  auto configs = worker_->ConnectorTaskConfigs("s", sink);
  ASSERT_TRUE(configs.Ok()) << configs.Error().message;
  ASSERT_EQ(configs->size(), 3u);
  for (const auto& c : *configs) {
    EXPECT_EQ(c.at("task.class"), "com.example.test.GoodSinkTask");
    EXPECT_EQ(c.at("topics"), "a,b");
    EXPECT_EQ(c.count("topics.regex"), 0u);
  }

  Props source = {{"name", "src"}, {"connector.class", "GoodSource"}, {"topic", "t"}};
  ASSERT_TRUE(worker_->StartConnector("src", source, ctx).Ok());
  auto source_configs = worker_->ConnectorTaskConfigs("src", source);
  ASSERT_TRUE(source_configs.Ok());
  ASSERT_EQ(source_configs->size(), 1u);  // tasks.max defaults to 1
  EXPECT_EQ(source_configs->at(0).at("task.class"), "com.example.test.GoodSourceTask");
  EXPECT_EQ(source_configs->at(0).count("topics"), 0u);

  EXPECT_TRUE(worker_->IsSinkConnector("GoodSink").Value());
  EXPECT_FALSE(worker_->IsSinkConnector("com.example.test.GoodSourceConnector").Value());

  worker_->StopConnector("s");
  EXPECT_FALSE(worker_->IsRunning("s"));
  auto gone = worker_->ConnectorTaskConfigs("s", sink);
  ASSERT_FALSE(gone.Ok());
  EXPECT_EQ(gone.Error().status, 404);
}

TEST_F(WorkerTest, ConnectorStartFailuresAreErrorsWithTheReason) {
  registry_.ScanPluginPath({KC_TEST_PLUGIN_DIR "/good"});
  Make();
  NoopContext ctx(store_);
  auto failed = worker_->StartConnector(
      "f",
      {{"name", "f"}, {"connector.class", "GoodSource"}, {"topic", "t"}, {"fail.on.start", "true"}},
      ctx);
  ASSERT_FALSE(failed.Ok());
  EXPECT_THAT(failed.Error().message, HasSubstr("GoodSourceConnector failed to start on purpose"));
  EXPECT_FALSE(worker_->IsRunning("f"));

  auto unknown = worker_->StartConnector("u", {{"name", "u"}, {"connector.class", "NoSuch"}}, ctx);
  ASSERT_FALSE(unknown.Ok());
  EXPECT_THAT(unknown.Error().message,
              HasSubstr("Failed to find any class that implements Connector and which name "
                        "matches NoSuch"));
  EXPECT_FALSE(worker_->IsSinkConnector("NoSuch").Ok());
}

}  // namespace
}  // namespace kconnect::worker::runtime
