#include "broker/storage/log_manager.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "unit/broker/storage/storage_test_util.h"

namespace kconnect::broker::storage {
namespace {

namespace fs = std::filesystem;
using testing::FakeClock;
using testing::MakeBatch;
using testing::TempDir;

class LogManagerTest : public ::testing::Test {
 protected:
  std::unique_ptr<LogManager> Open(std::vector<std::string> dirs = {}) {
    LogManagerOptions o;
    o.log_dirs = dirs.empty() ? std::vector<std::string>{tmp_.path() + "/data"} : dirs;
    o.clock = clock_.fn();
    o.default_partitions = 2;
    auto m = LogManager::Open(std::move(o));
    EXPECT_TRUE(m) << (m ? "" : m.Error().message);
    return m ? std::move(m.Value()) : nullptr;
  }

  TempDir tmp_;
  FakeClock clock_;
};

TEST_F(LogManagerTest, TopicsConfigsAndDataSurviveRestart) {
  auto m = Open();
  ASSERT_TRUE(m->CreateTopic("connect-configs", 1, {{"cleanup.policy", "compact"}}));
  ASSERT_TRUE(m->CreateTopic("events", 3, {{"retention.ms", "60000"}, {"segment.bytes", "1048576"}}));
  ASSERT_TRUE(m->CreateTopic("defaults", -1, {}));
  auto log = m->GetLog("events", 2);
  ASSERT_TRUE(log);
  auto b = MakeBatch(3);
  ASSERT_TRUE(log->Append(b));
  m->Close();
  m.reset();

  m = Open();
  auto topics = m->ListTopics();
  ASSERT_EQ(topics.size(), 3u);
  EXPECT_EQ(topics[0].name, "connect-configs");
  EXPECT_EQ(topics[0].configs.at("cleanup.policy"), "compact");
  EXPECT_EQ(topics[1].name, "defaults");
  EXPECT_EQ(topics[1].partitions, 2);
  EXPECT_EQ(topics[2].partitions, 3);
  auto cfg = m->EffectiveConfig("events");
  ASSERT_TRUE(cfg);
  EXPECT_EQ(cfg->retention_ms, 60000);
  EXPECT_EQ(cfg->segment_bytes, 1048576);
  EXPECT_TRUE(m->EffectiveConfig("connect-configs")->cleanup_compact);
  EXPECT_EQ(m->GetLog("events", 2)->LogEndOffset(), 3);
  EXPECT_EQ(m->GetLog("events", 2)->config().retention_ms, 60000);
  EXPECT_EQ(m->GetLog("events", 3), nullptr);
  EXPECT_EQ(m->GetLog("nope", 0), nullptr);
}

TEST_F(LogManagerTest, CreateTopicErrors) {
  auto m = Open();
  ASSERT_TRUE(m->CreateTopic("t", 1, {}));
  auto exists = m->CreateTopic("t", 1, {});
  ASSERT_FALSE(exists);
  EXPECT_EQ(exists.Error().code, kafka_error::kTopicAlreadyExists);
  auto bad_name = m->CreateTopic("bad/name", 1, {});
  ASSERT_FALSE(bad_name);
  EXPECT_EQ(bad_name.Error().code, kafka_error::kInvalidTopic);
  EXPECT_FALSE(m->CreateTopic("..", 1, {}));
  EXPECT_FALSE(m->CreateTopic(std::string(250, 'a'), 1, {}));
  auto zero = m->CreateTopic("z", 0, {});
  ASSERT_FALSE(zero);
  EXPECT_EQ(zero.Error().code, kafka_error::kInvalidPartitions);
  auto unknown_key = m->CreateTopic("c", 1, {{"no.such.config", "1"}});
  ASSERT_FALSE(unknown_key);
  EXPECT_EQ(unknown_key.Error().code, kafka_error::kInvalidConfig);
  auto bad_value = m->CreateTopic("c", 1, {{"retention.ms", "soon"}});
  ASSERT_FALSE(bad_value);
  EXPECT_EQ(bad_value.Error().code, kafka_error::kInvalidConfig);
  auto bad_policy = m->CreateTopic("c", 1, {{"cleanup.policy", "shred"}});
  ASSERT_FALSE(bad_policy);
  // Accepted although meaningless on one node.
  EXPECT_TRUE(m->CreateTopic("c", 1, {{"min.insync.replicas", "2"}, {"cleanup.policy", "compact,delete"}}));
  // validate_only creates nothing.
  ASSERT_TRUE(m->CreateTopic("v", 1, {}, /*validate_only=*/true));
  EXPECT_FALSE(m->GetTopic("v").has_value());
  EXPECT_FALSE(fs::exists(tmp_.path() + "/data/v-0"));
}

TEST_F(LogManagerTest, DeleteTopicRemovesFiles) {
  auto m = Open();
  ASSERT_TRUE(m->CreateTopic("gone", 2, {}));
  ASSERT_TRUE(m->CreateTopic("kept", 1, {}));
  auto log = m->GetLog("gone", 0);
  auto b = MakeBatch(1);
  ASSERT_TRUE(log->Append(b));
  ASSERT_TRUE(fs::exists(tmp_.path() + "/data/gone-0/00000000000000000000.log"));
  ASSERT_TRUE(m->DeleteTopic("gone"));
  EXPECT_FALSE(fs::exists(tmp_.path() + "/data/gone-0"));
  EXPECT_FALSE(fs::exists(tmp_.path() + "/data/gone-1"));
  EXPECT_EQ(m->GetLog("gone", 0), nullptr);
  // A holder of the old Log sees the partition as unknown.
  auto b2 = MakeBatch(1);
  auto r = log->Append(b2);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.Error().code, kafka_error::kUnknownTopicOrPartition);
  auto again = m->DeleteTopic("gone");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.Error().code, kafka_error::kUnknownTopicOrPartition);
  m.reset();
  m = Open();
  EXPECT_FALSE(m->GetTopic("gone").has_value());
  EXPECT_TRUE(m->GetTopic("kept").has_value());
}

TEST_F(LogManagerTest, UnregisteredPartitionDirectoriesAreRemovedAtStart) {
  auto m = Open();
  ASSERT_TRUE(m->CreateTopic("a", 1, {}));
  m.reset();
  fs::create_directories(tmp_.path() + "/data/orphan-0");
  fs::create_directories(tmp_.path() + "/data/a-0.123-delete");
  m = Open();
  EXPECT_FALSE(fs::exists(tmp_.path() + "/data/orphan-0"));
  EXPECT_FALSE(fs::exists(tmp_.path() + "/data/a-0.123-delete"));
  EXPECT_TRUE(fs::exists(tmp_.path() + "/data/a-0"));
}

TEST_F(LogManagerTest, CreatePartitionsAndAlterConfigs) {
  auto m = Open();
  ASSERT_TRUE(m->CreateTopic("t", 1, {{"retention.ms", "1000"}}));
  auto shrink = m->CreatePartitions("t", 1);
  ASSERT_FALSE(shrink);
  EXPECT_EQ(shrink.Error().code, kafka_error::kInvalidPartitions);
  ASSERT_TRUE(m->CreatePartitions("t", 4));
  EXPECT_EQ(m->GetTopic("t")->partitions, 4);
  ASSERT_TRUE(m->GetLog("t", 3));
  EXPECT_EQ(m->GetLog("t", 3)->config().retention_ms, 1000);
  // Replace-all: retention.ms reverts to the default.
  ASSERT_TRUE(m->AlterTopicConfig("t", {{"max.message.bytes", "2000"}}));
  EXPECT_EQ(m->GetLog("t", 0)->config().max_message_bytes, 2000);
  EXPECT_EQ(m->GetLog("t", 0)->config().retention_ms, LogConfig{}.retention_ms);
  auto unknown = m->AlterTopicConfig("x", {});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.Error().code, kafka_error::kUnknownTopicOrPartition);
  m.reset();
  m = Open();
  EXPECT_EQ(m->GetTopic("t")->partitions, 4);
  EXPECT_EQ(m->GetTopic("t")->configs, (ConfigMap{{"max.message.bytes", "2000"}}));
}

TEST_F(LogManagerTest, SpreadsPartitionsOverLogDirs) {
  std::vector<std::string> dirs = {tmp_.path() + "/d1", tmp_.path() + "/d2"};
  auto m = Open(dirs);
  ASSERT_TRUE(m->CreateTopic("t", 4, {}));
  int in_d1 = 0, in_d2 = 0;
  for (int p = 0; p < 4; ++p) {
    in_d1 += fs::exists(dirs[0] + "/t-" + std::to_string(p));
    in_d2 += fs::exists(dirs[1] + "/t-" + std::to_string(p));
  }
  EXPECT_EQ(in_d1, 2);
  EXPECT_EQ(in_d2, 2);
  auto b = MakeBatch(2);
  ASSERT_TRUE(m->GetLog("t", 1)->Append(b));
  m.reset();
  m = Open(dirs);
  EXPECT_EQ(m->GetLog("t", 1)->LogEndOffset(), 2);
  EXPECT_TRUE(fs::exists(dirs[0] + "/" + LogManager::kTopicsFile));
}

TEST_F(LogManagerTest, AppendListenerAndRetention) {
  auto m = Open();
  ASSERT_TRUE(m->CreateTopic("t", 1, {{"segment.bytes", "200"}, {"retention.bytes", "0"}}));
  std::vector<std::pair<std::string, int64_t>> seen;
  m->SetAppendListener([&](const std::string& topic, int32_t, int64_t leo) { seen.emplace_back(topic, leo); });
  auto log = m->GetLog("t", 0);
  for (int i = 0; i < 10; ++i) {
    auto b = MakeBatch(1, 50);
    ASSERT_TRUE(log->Append(b));
  }
  ASSERT_EQ(seen.size(), 10u);
  EXPECT_EQ(seen.back(), (std::pair<std::string, int64_t>{"t", 10}));
  auto deleted = m->RunRetention();
  ASSERT_TRUE(deleted);
  EXPECT_GT(deleted.Value(), 0);
  EXPECT_EQ(log->NumSegments(), 1u);
  EXPECT_EQ(log->LogStartOffset(), 9);
}

TEST(LogConfigTest, BrokerPropertiesAndEntries) {
  auto c = LogConfig::FromBrokerProperties({{"log.retention.hours", "1"},
                                            {"log.segment.bytes", "1000"},
                                            {"log.cleanup.policy", "compact"},
                                            {"log.message.timestamp.type", "LogAppendTime"}});
  ASSERT_TRUE(c) << c.Error().message;
  EXPECT_EQ(c->retention_ms, 3600000);
  EXPECT_EQ(c->segment_bytes, 1000);
  EXPECT_TRUE(c->cleanup_compact);
  EXPECT_FALSE(c->cleanup_delete);
  auto ms_wins = LogConfig::FromBrokerProperties({{"log.retention.hours", "1"}, {"log.retention.ms", "5"}});
  EXPECT_EQ(ms_wins->retention_ms, 5);
  EXPECT_FALSE(LogConfig::FromBrokerProperties({{"log.segment.bytes", "x"}}));
  bool found = false;
  for (const auto& [k, v] : c->Entries()) {
    if (k == "cleanup.policy") {
      EXPECT_EQ(v, "compact");
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace kconnect::broker::storage
