#include "broker/app/broker_config.h"

#include <gtest/gtest.h>

namespace kconnect::broker::app {
namespace {

struct Parsed {
  bool ok;
  BrokerConfig config;
  std::string error;
  std::vector<std::string> warnings;
};

Parsed Parse(const std::string& text) {
  Parsed p;
  p.ok = ParseBrokerConfig(common::ParseProperties(text), "broker.properties", &p.config, &p.error,
                           &p.warnings);
  return p;
}

TEST(BrokerConfigTest, DefaultsAreKafkas) {
  auto p = Parse("");
  ASSERT_TRUE(p.ok) << p.error;
  EXPECT_EQ(p.config.node_id, 1);
  EXPECT_EQ(p.config.listeners, "PLAINTEXT://:9092");
  EXPECT_EQ(p.config.num_partitions, 1);
  EXPECT_TRUE(p.config.auto_create_topics_enable);
  EXPECT_EQ(p.config.log_segment_bytes, 1073741824);
  EXPECT_EQ(p.config.log_retention_ms, 168LL * 3600 * 1000);
  EXPECT_EQ(p.config.log_retention_bytes, -1);
  EXPECT_EQ(p.config.message_max_bytes, 1048588);
  EXPECT_EQ(p.config.socket_request_max_bytes, 104857600);
  EXPECT_EQ(p.config.fetch_max_bytes, 2 * 1024 * 1024);  // below Kafka's 55 MiB, on purpose
  EXPECT_FALSE(p.config.replication_factor_clamp);
  EXPECT_TRUE(p.warnings.empty());
}

TEST(BrokerConfigTest, ReadsKafkaKeyNames) {
  auto p = Parse(
      "node.id=7\nlisteners=PLAINTEXT://127.0.0.1:0\nadvertised.listeners=PLAINTEXT://localhost:9092\n"
      "log.dirs=/a, /b\nnum.partitions=3\nauto.create.topics.enable=FALSE\n"
      "log.segment.bytes=1048576\nlog.retention.bytes=5000\nmessage.max.bytes=2000000\n"
      "log.flush.interval.messages=1\nlog.cleanup.policy=compact,delete\n"
      "log.message.timestamp.type=LogAppendTime\nkconnect.replication.factor.clamp=true\n"
      "fetch.max.bytes=57671680\n");
  ASSERT_TRUE(p.ok) << p.error;
  EXPECT_EQ(p.config.node_id, 7);
  EXPECT_EQ(p.config.listeners, "PLAINTEXT://127.0.0.1:0");
  EXPECT_EQ(p.config.advertised_listeners, "PLAINTEXT://localhost:9092");
  EXPECT_EQ(p.config.log_dirs, (std::vector<std::string>{"/a", "/b"}));
  EXPECT_EQ(p.config.num_partitions, 3);
  EXPECT_FALSE(p.config.auto_create_topics_enable);
  EXPECT_EQ(p.config.log_segment_bytes, 1048576);
  EXPECT_EQ(p.config.log_retention_bytes, 5000);
  EXPECT_EQ(p.config.message_max_bytes, 2000000);
  EXPECT_EQ(p.config.log_flush_interval_messages, 1);
  EXPECT_EQ(p.config.log_cleanup_policy, "compact,delete");
  EXPECT_EQ(p.config.log_message_timestamp_type, "LogAppendTime");
  EXPECT_TRUE(p.config.replication_factor_clamp);
  EXPECT_EQ(p.config.fetch_max_bytes, 57671680);
}

TEST(BrokerConfigTest, FinestRetentionUnitWins) {
  auto hours = Parse("log.retention.hours=2\n");
  ASSERT_TRUE(hours.ok);
  EXPECT_EQ(hours.config.log_retention_ms, 2 * 3600 * 1000);
  auto minutes = Parse("log.retention.hours=2\nlog.retention.minutes=3\n");
  EXPECT_EQ(minutes.config.log_retention_ms, 3 * 60 * 1000);
  auto ms = Parse("log.retention.hours=2\nlog.retention.minutes=3\nlog.retention.ms=10\n");
  EXPECT_EQ(ms.config.log_retention_ms, 10);
  auto forever = Parse("log.retention.hours=-1\n");
  EXPECT_EQ(forever.config.log_retention_ms, -1);
}

TEST(BrokerConfigTest, BrokerIdAndLogDirAreOlderSpellings) {
  auto p = Parse("broker.id=4\nlog.dir=/x\n");
  ASSERT_TRUE(p.ok) << p.error;
  EXPECT_EQ(p.config.node_id, 4);
  EXPECT_EQ(p.config.log_dirs, std::vector<std::string>{"/x"});
  auto both = Parse("log.dir=/x\nlog.dirs=/y\n");
  EXPECT_EQ(both.config.log_dirs, std::vector<std::string>{"/y"});
}

TEST(BrokerConfigTest, InvalidValuesNameTheKeyAndFile) {
  auto p = Parse("num.partitions=abc\n");
  ASSERT_FALSE(p.ok);
  EXPECT_EQ(p.error,
            "Invalid value abc for configuration num.partitions in broker.properties: Not a number "
            "of type INT");
  auto zero = Parse("num.partitions=0\n");
  ASSERT_FALSE(zero.ok);
  EXPECT_NE(zero.error.find("num.partitions"), std::string::npos);
  auto flag = Parse("auto.create.topics.enable=yes\n");
  ASSERT_FALSE(flag.ok);
  EXPECT_NE(flag.error.find("either true or false"), std::string::npos);
  auto policy = Parse("log.cleanup.policy=shred\n");
  ASSERT_FALSE(policy.ok);
  EXPECT_NE(policy.error.find("log.cleanup.policy"), std::string::npos);
  auto dirs = Parse("log.dirs= , \n");
  ASSERT_FALSE(dirs.ok);
  EXPECT_NE(dirs.error.find("log.dirs"), std::string::npos);
  auto big = Parse("message.max.bytes=99999999999\n");
  ASSERT_FALSE(big.ok);
  EXPECT_NE(big.error.find("message.max.bytes"), std::string::npos);
  auto tiny_fetch = Parse("fetch.max.bytes=100\n");  // Kafka's floor is 1024
  ASSERT_FALSE(tiny_fetch.ok);
  EXPECT_NE(tiny_fetch.error.find("fetch.max.bytes"), std::string::npos);
}

TEST(BrokerConfigTest, UnknownKeysWarnKafkaOnlyKeysDoNot) {
  auto p = Parse("num.partitons=3\nprocess.roles=broker,controller\nnum.io.threads=8\n");
  ASSERT_TRUE(p.ok) << p.error;
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_NE(p.warnings[0].find("'num.partitons'"), std::string::npos);
}

}  // namespace
}  // namespace kconnect::broker::app
