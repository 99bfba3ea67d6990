// Topic administration against the in-process broker through librdkafka's
// admin API (CreateTopics v4, DeleteTopics v1, DeleteRecords v1,
// DescribeConfigs v1, AlterConfigs v0, CreatePartitions v0 — the versions it
// picks from our table), plus the handler functions called directly for the
// versions and edge cases librdkafka never sends.

#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "broker/protocol/record_batch.h"
#include "broker/server/handlers/admin_handlers.h"
#include "broker/storage/log_manager.h"
#include "broker_harness.h"

namespace kconnect::testing {
namespace {

namespace fs = std::filesystem;
using Props = std::map<std::string, std::string>;

struct RkDeleter {
  void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
struct QueueDeleter {
  void operator()(rd_kafka_queue_t* q) const { rd_kafka_queue_destroy(q); }
};
struct EventDeleter {
  void operator()(rd_kafka_event_t* ev) const { rd_kafka_event_destroy(ev); }
};
struct OptionsDeleter {
  void operator()(rd_kafka_AdminOptions_t* o) const { rd_kafka_AdminOptions_destroy(o); }
};
using EventPtr = std::unique_ptr<rd_kafka_event_t, EventDeleter>;

// Per-item outcome of an admin call (topic or config resource).
struct Outcome {
  rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
  std::string message;
};

struct Entry {
  std::string value;
  rd_kafka_ConfigSource_t source = RD_KAFKA_CONFIG_SOURCE_UNKNOWN_CONFIG;
  bool read_only = false;
  bool is_default = false;
  size_t synonyms = 0;
};

struct Described {
  Outcome outcome;
  std::map<std::string, Entry> configs;
};

// A librdkafka admin client with one result queue; every call waits at most
// kWait for its result event.
class Admin {
 public:
  static constexpr int kWaitMs = 20000;

  explicit Admin(const std::string& bootstrap) {
    char err[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), err, sizeof(err));
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
    EXPECT_NE(rk, nullptr) << err;
    rk_.reset(rk);
    queue_.reset(rd_kafka_queue_new(rk));
  }

  std::vector<Outcome> CreateTopics(std::vector<rd_kafka_NewTopic_t*> topics,
                                    bool validate_only = false) {
    auto options = Options(RD_KAFKA_ADMIN_OP_CREATETOPICS, validate_only);
    rd_kafka_CreateTopics(rk_.get(), topics.data(), topics.size(), options.get(), queue_.get());
    rd_kafka_NewTopic_destroy_array(topics.data(), topics.size());
    EventPtr ev = Wait(RD_KAFKA_EVENT_CREATETOPICS_RESULT);
    if (!ev) return {};
    size_t n = 0;
    const rd_kafka_topic_result_t** results =
        rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev.get()), &n);
    return TopicOutcomes(results, n);
  }

  Outcome CreateTopic(const std::string& name, int partitions, int rf,
                      const std::map<std::string, std::string>& configs = {},
                      bool validate_only = false) {
    char err[512];
    rd_kafka_NewTopic_t* t = rd_kafka_NewTopic_new(name.c_str(), partitions, rf, err, sizeof(err));
    EXPECT_NE(t, nullptr) << err;
    for (const auto& [k, v] : configs) rd_kafka_NewTopic_set_config(t, k.c_str(), v.c_str());
    auto out = CreateTopics({t}, validate_only);
    EXPECT_EQ(out.size(), 1u);
    return out.empty() ? Outcome{RD_KAFKA_RESP_ERR__TIMED_OUT, "no result"} : out[0];
  }

  Outcome DeleteTopic(const std::string& name) {
    rd_kafka_DeleteTopic_t* t = rd_kafka_DeleteTopic_new(name.c_str());
    auto options = Options(RD_KAFKA_ADMIN_OP_DELETETOPICS, false);
    rd_kafka_DeleteTopics(rk_.get(), &t, 1, options.get(), queue_.get());
    rd_kafka_DeleteTopic_destroy(t);
    EventPtr ev = Wait(RD_KAFKA_EVENT_DELETETOPICS_RESULT);
    if (!ev) return {RD_KAFKA_RESP_ERR__TIMED_OUT, "no result"};
    size_t n = 0;
    const rd_kafka_topic_result_t** results =
        rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(ev.get()), &n);
    auto out = TopicOutcomes(results, n);
    EXPECT_EQ(out.size(), 1u);
    return out.empty() ? Outcome{RD_KAFKA_RESP_ERR__FAIL, "empty result"} : out[0];
  }

  Outcome CreatePartitions(const std::string& name, int total, bool validate_only = false) {
    char err[512];
    rd_kafka_NewPartitions_t* p =
        rd_kafka_NewPartitions_new(name.c_str(), static_cast<size_t>(total), err, sizeof(err));
    EXPECT_NE(p, nullptr) << err;
    auto options = Options(RD_KAFKA_ADMIN_OP_CREATEPARTITIONS, validate_only);
    rd_kafka_CreatePartitions(rk_.get(), &p, 1, options.get(), queue_.get());
    rd_kafka_NewPartitions_destroy(p);
    EventPtr ev = Wait(RD_KAFKA_EVENT_CREATEPARTITIONS_RESULT);
    if (!ev) return {RD_KAFKA_RESP_ERR__TIMED_OUT, "no result"};
    size_t n = 0;
    const rd_kafka_topic_result_t** results = rd_kafka_CreatePartitions_result_topics(
        rd_kafka_event_CreatePartitions_result(ev.get()), &n);
    auto out = TopicOutcomes(results, n);
    EXPECT_EQ(out.size(), 1u);
    return out.empty() ? Outcome{RD_KAFKA_RESP_ERR__FAIL, "empty result"} : out[0];
  }

  // (partition, offset) -> per partition (error, low watermark).
  std::map<int32_t, std::pair<rd_kafka_resp_err_t, int64_t>> DeleteRecords(
      const std::string& topic, const std::vector<std::pair<int32_t, int64_t>>& offsets) {
    rd_kafka_topic_partition_list_t* list =
        rd_kafka_topic_partition_list_new(static_cast<int>(offsets.size()));
    for (const auto& [p, o] : offsets)
      rd_kafka_topic_partition_list_add(list, topic.c_str(), p)->offset = o;
    rd_kafka_DeleteRecords_t* del = rd_kafka_DeleteRecords_new(list);
    rd_kafka_topic_partition_list_destroy(list);
    auto options = Options(RD_KAFKA_ADMIN_OP_DELETERECORDS, false);
    rd_kafka_DeleteRecords(rk_.get(), &del, 1, options.get(), queue_.get());
    rd_kafka_DeleteRecords_destroy(del);
    std::map<int32_t, std::pair<rd_kafka_resp_err_t, int64_t>> out;
    EventPtr ev = Wait(RD_KAFKA_EVENT_DELETERECORDS_RESULT);
    if (!ev) return out;
    EXPECT_EQ(rd_kafka_event_error(ev.get()), RD_KAFKA_RESP_ERR_NO_ERROR)
        << rd_kafka_event_error_string(ev.get());
    const rd_kafka_topic_partition_list_t* result =
        rd_kafka_DeleteRecords_result_offsets(rd_kafka_event_DeleteRecords_result(ev.get()));
    for (int i = 0; result && i < result->cnt; ++i) {
      out[result->elems[i].partition] = {result->elems[i].err, result->elems[i].offset};
    }
    return out;
  }

  // librdkafka 2.0.2 always asks for every config (null key list).
  Described DescribeConfigs(rd_kafka_ResourceType_t type, const std::string& name) {
    rd_kafka_ConfigResource_t* res = rd_kafka_ConfigResource_new(type, name.c_str());
    auto options = Options(RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS, false);
    rd_kafka_DescribeConfigs(rk_.get(), &res, 1, options.get(), queue_.get());
    rd_kafka_ConfigResource_destroy(res);
    Described out;
    EventPtr ev = Wait(RD_KAFKA_EVENT_DESCRIBECONFIGS_RESULT);
    if (!ev) return {{RD_KAFKA_RESP_ERR__TIMED_OUT, "no result"}, {}};
    if (rd_kafka_event_error(ev.get())) {
      return {{rd_kafka_event_error(ev.get()), rd_kafka_event_error_string(ev.get())}, {}};
    }
    size_t n = 0;
    const rd_kafka_ConfigResource_t** resources = rd_kafka_DescribeConfigs_result_resources(
        rd_kafka_event_DescribeConfigs_result(ev.get()), &n);
    EXPECT_EQ(n, 1u);
    if (n != 1) return out;
    out.outcome.err = rd_kafka_ConfigResource_error(resources[0]);
    const char* msg = rd_kafka_ConfigResource_error_string(resources[0]);
    out.outcome.message = msg ? msg : "";
    size_t cnt = 0;
    const rd_kafka_ConfigEntry_t** entries = rd_kafka_ConfigResource_configs(resources[0], &cnt);
    for (size_t i = 0; i < cnt; ++i) {
      Entry e;
      const char* v = rd_kafka_ConfigEntry_value(entries[i]);
      e.value = v ? v : "<null>";
      e.source = rd_kafka_ConfigEntry_source(entries[i]);
      e.read_only = rd_kafka_ConfigEntry_is_read_only(entries[i]);
      e.is_default = rd_kafka_ConfigEntry_is_default(entries[i]);
      rd_kafka_ConfigEntry_synonyms(entries[i], &e.synonyms);
      out.configs[rd_kafka_ConfigEntry_name(entries[i])] = e;
    }
    return out;
  }

  Outcome AlterConfigs(rd_kafka_ResourceType_t type, const std::string& name,
                       const std::map<std::string, std::string>& configs,
                       bool validate_only = false) {
    rd_kafka_ConfigResource_t* res = rd_kafka_ConfigResource_new(type, name.c_str());
    for (const auto& [k, v] : configs)
      rd_kafka_ConfigResource_set_config(res, k.c_str(), v.c_str());
    auto options = Options(RD_KAFKA_ADMIN_OP_ALTERCONFIGS, validate_only);
    rd_kafka_AlterConfigs(rk_.get(), &res, 1, options.get(), queue_.get());
    rd_kafka_ConfigResource_destroy(res);
    EventPtr ev = Wait(RD_KAFKA_EVENT_ALTERCONFIGS_RESULT);
    if (!ev) return {RD_KAFKA_RESP_ERR__TIMED_OUT, "no result"};
    if (rd_kafka_event_error(ev.get()))
      return {rd_kafka_event_error(ev.get()), rd_kafka_event_error_string(ev.get())};
    size_t n = 0;
    const rd_kafka_ConfigResource_t** resources =
        rd_kafka_AlterConfigs_result_resources(rd_kafka_event_AlterConfigs_result(ev.get()), &n);
    EXPECT_EQ(n, 1u);
    if (n != 1) return {RD_KAFKA_RESP_ERR__FAIL, "empty result"};
    const char* msg = rd_kafka_ConfigResource_error_string(resources[0]);
    return {rd_kafka_ConfigResource_error(resources[0]), msg ? msg : ""};
  }

  // Partition count in Metadata, -1 if the topic is not there.
  int MetadataPartitions(const std::string& topic) {
    rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk_.get(), topic.c_str(), nullptr);
    const rd_kafka_metadata_t* md = nullptr;
    int out = -1;
    if (rd_kafka_metadata(rk_.get(), 0, rkt, &md, kWaitMs) == RD_KAFKA_RESP_ERR_NO_ERROR) {
      if (md->topic_cnt == 1 && md->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR)
        out = md->topics[0].partition_cnt;
      rd_kafka_metadata_destroy(md);
    }
    rd_kafka_topic_destroy(rkt);
    return out;
  }

 private:
  std::unique_ptr<rd_kafka_AdminOptions_t, OptionsDeleter> Options(rd_kafka_admin_op_t op,
                                                                   bool validate_only) {
    char err[512];
    rd_kafka_AdminOptions_t* o = rd_kafka_AdminOptions_new(rk_.get(), op);
    EXPECT_EQ(rd_kafka_AdminOptions_set_request_timeout(o, kWaitMs - 2000, err, sizeof(err)),
              RD_KAFKA_RESP_ERR_NO_ERROR)
        << err;
    if (validate_only) {
      EXPECT_EQ(rd_kafka_AdminOptions_set_validate_only(o, 1, err, sizeof(err)),
                RD_KAFKA_RESP_ERR_NO_ERROR)
          << err;
    }
    return std::unique_ptr<rd_kafka_AdminOptions_t, OptionsDeleter>(o);
  }

  EventPtr Wait(rd_kafka_event_type_t type) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kWaitMs);
    while (std::chrono::steady_clock::now() < deadline) {
      EventPtr ev(rd_kafka_queue_poll(queue_.get(), 500));
      if (ev && rd_kafka_event_type(ev.get()) == type) return ev;
    }
    ADD_FAILURE() << "no admin result of type " << type << " within " << kWaitMs << " ms";
    return nullptr;
  }

  static std::vector<Outcome> TopicOutcomes(const rd_kafka_topic_result_t** results, size_t n) {
    std::vector<Outcome> out;
    for (size_t i = 0; i < n; ++i) {
      const char* msg = rd_kafka_topic_result_error_string(results[i]);
      out.push_back({rd_kafka_topic_result_error(results[i]), msg ? msg : ""});
    }
    return out;
  }

  std::unique_ptr<rd_kafka_t, RkDeleter> rk_;
  std::unique_ptr<rd_kafka_queue_t, QueueDeleter> queue_;
};

// Appends `count` single-record batches to a partition through storage (the
// Produce path is not what these tests are about).
void AppendRecords(broker::storage::LogManager& logs, const std::string& topic, int32_t partition,
                   int count) {
  auto log = logs.GetLog(topic, partition);
  ASSERT_NE(log, nullptr);
  for (int i = 0; i < count; ++i) {
    broker::protocol::BatchSpec spec;
    spec.base_timestamp = 1'700'000'000'000;
    broker::protocol::RecordSpec rec;
    rec.key = "k" + std::to_string(i);
    rec.value = "v" + std::to_string(i);
    std::vector<uint8_t> bytes = broker::protocol::EncodeRecordBatch(spec, {rec});
    auto appended = log->Append(bytes);
    ASSERT_TRUE(appended.IsOk()) << appended.Error().message;
  }
}

TEST(BrokerAdminTest, CreateTopicShowsInMetadataAndDuplicateIsRejected) {
  TestBroker broker;
  broker.Start();
  Admin admin(broker.Bootstrap());
  Outcome created = admin.CreateTopic("orders", 3, 1);
  ASSERT_EQ(created.err, RD_KAFKA_RESP_ERR_NO_ERROR) << created.message;
  auto info = broker.Get().Logs().GetTopic("orders");
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->partitions, 3);
  EXPECT_TRUE(fs::is_directory(broker.LogDir() + "/orders-2"));
  EXPECT_EQ(admin.MetadataPartitions("orders"), 3);

  Outcome again = admin.CreateTopic("orders", 5, 1);
  EXPECT_EQ(again.err, RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS);
  EXPECT_NE(again.message.find("already exists"), std::string::npos) << again.message;
  EXPECT_EQ(broker.Get().Logs().GetTopic("orders")->partitions, 3);
}

TEST(BrokerAdminTest, MinusOneMeansBrokerDefaults) {
  TestBroker broker(Props{{"num.partitions", "4"}});
  broker.Start();
  Admin admin(broker.Bootstrap());
  Outcome created = admin.CreateTopic("defaults", -1, -1);
  ASSERT_EQ(created.err, RD_KAFKA_RESP_ERR_NO_ERROR) << created.message;
  EXPECT_EQ(broker.Get().Logs().GetTopic("defaults")->partitions, 4);
}

TEST(BrokerAdminTest, ReplicationFactorAboveOneIsRefusedOnASingleNode) {
  TestBroker broker;
  broker.Start();
  Admin admin(broker.Bootstrap());
  Outcome refused = admin.CreateTopic("connect-offsets", 25, 3, {{"cleanup.policy", "compact"}});
  EXPECT_EQ(refused.err, RD_KAFKA_RESP_ERR_INVALID_REPLICATION_FACTOR);
  EXPECT_NE(refused.message.find("single-node"), std::string::npos) << refused.message;
  EXPECT_NE(refused.message.find("kconnect.replication.factor.clamp"), std::string::npos)
      << refused.message;
  EXPECT_FALSE(broker.Get().Logs().GetTopic("connect-offsets").has_value());
}

TEST(BrokerAdminTest, ReplicationFactorIsClampedWhenConfigured) {
  TestBroker broker(Props{{"kconnect.replication.factor.clamp", "true"}});
  broker.Start();
  Admin admin(broker.Bootstrap());
  Outcome created = admin.CreateTopic("connect-offsets", 5, 3, {{"cleanup.policy", "compact"}});
  ASSERT_EQ(created.err, RD_KAFKA_RESP_ERR_NO_ERROR) << created.message;
  EXPECT_EQ(broker.Get().Logs().GetTopic("connect-offsets")->partitions, 5);
  EXPECT_EQ(admin.MetadataPartitions("connect-offsets"), 5);
}

TEST(BrokerAdminTest, BadConfigsAndNamesAreRejectedWithMessages) {
  TestBroker broker;
  broker.Start();
  Admin admin(broker.Bootstrap());
  Outcome bad_value = admin.CreateTopic("t1", 1, 1, {{"retention.ms", "soon"}});
  EXPECT_EQ(bad_value.err, RD_KAFKA_RESP_ERR_INVALID_CONFIG);
  EXPECT_NE(bad_value.message.find("retention.ms"), std::string::npos) << bad_value.message;

  Outcome bad_policy = admin.CreateTopic("t1", 1, 1, {{"cleanup.policy", "shred"}});
  EXPECT_EQ(bad_policy.err, RD_KAFKA_RESP_ERR_INVALID_CONFIG);
  EXPECT_NE(bad_policy.message.find("cleanup.policy"), std::string::npos) << bad_policy.message;

  Outcome unknown_key = admin.CreateTopic("t1", 1, 1, {{"no.such.config", "1"}});
  EXPECT_EQ(unknown_key.err, RD_KAFKA_RESP_ERR_INVALID_CONFIG);
  EXPECT_NE(unknown_key.message.find("no.such.config"), std::string::npos) << unknown_key.message;

  Outcome bad_name = admin.CreateTopic("no spaces allowed", 1, 1);
  EXPECT_EQ(bad_name.err, RD_KAFKA_RESP_ERR_TOPIC_EXCEPTION);

  // Only the broker's own internal topic exists.
  for (const auto& topic : broker.Get().Logs().ListTopics()) {
    EXPECT_EQ(topic.name, "__consumer_offsets");
  }
  EXPECT_FALSE(fs::exists(broker.LogDir() + "/t1-0"));
}

TEST(BrokerAdminTest, ValidateOnlyCreatesNothing) {
  TestBroker broker;
  broker.Start();
  Admin admin(broker.Bootstrap());
  Outcome ok =
      admin.CreateTopic("dry", 2, 1, {{"cleanup.policy", "compact"}}, /*validate_only=*/true);
  EXPECT_EQ(ok.err, RD_KAFKA_RESP_ERR_NO_ERROR) << ok.message;
  Outcome bad = admin.CreateTopic("dry", 2, 1, {{"segment.bytes", "-5"}}, /*validate_only=*/true);
  EXPECT_EQ(bad.err, RD_KAFKA_RESP_ERR_INVALID_CONFIG);
  EXPECT_FALSE(broker.Get().Logs().GetTopic("dry").has_value());
  EXPECT_FALSE(fs::exists(broker.LogDir() + "/dry-0"));
}

TEST(BrokerAdminTest, SeveralTopicsInOneRequestGetTheirOwnResults) {
  TestBroker broker;
  broker.Start();
  Admin admin(broker.Bootstrap());
  ASSERT_EQ(admin.CreateTopic("exists", 1, 1).err, RD_KAFKA_RESP_ERR_NO_ERROR);
  char err[512];
  std::vector<rd_kafka_NewTopic_t*> topics = {
      rd_kafka_NewTopic_new("fresh", 2, 1, err, sizeof(err)),
      rd_kafka_NewTopic_new("exists", 1, 1, err, sizeof(err)),
      rd_kafka_NewTopic_new("replicated", 1, 2, err, sizeof(err)),
  };
  auto results = admin.CreateTopics(topics);
  ASSERT_EQ(results.size(), 3u);
  // librdkafka reorders results by name.
  std::map<rd_kafka_resp_err_t, int> by_error;
  for (const auto& r : results) ++by_error[r.err];
  EXPECT_EQ(by_error[RD_KAFKA_RESP_ERR_NO_ERROR], 1);
  EXPECT_EQ(by_error[RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS], 1);
  EXPECT_EQ(by_error[RD_KAFKA_RESP_ERR_INVALID_REPLICATION_FACTOR], 1);
  EXPECT_EQ(broker.Get().Logs().GetTopic("fresh")->partitions, 2);
  EXPECT_FALSE(broker.Get().Logs().GetTopic("replicated").has_value());
}

TEST(BrokerAdminTest, ExplicitReplicaAssignmentMustNameThisNode) {
  TestBroker broker;
  broker.Start();
  Admin admin(broker.Bootstrap());
  char err[512];
  int32_t self = 1, other = 2;
  rd_kafka_NewTopic_t* good = rd_kafka_NewTopic_new("assigned", 2, -1, err, sizeof(err));
  ASSERT_EQ(rd_kafka_NewTopic_set_replica_assignment(good, 0, &self, 1, err, sizeof(err)),
            RD_KAFKA_RESP_ERR_NO_ERROR)
      << err;
  ASSERT_EQ(rd_kafka_NewTopic_set_replica_assignment(good, 1, &self, 1, err, sizeof(err)),
            RD_KAFKA_RESP_ERR_NO_ERROR)
      << err;
  auto ok = admin.CreateTopics({good});
  ASSERT_EQ(ok.size(), 1u);
  EXPECT_EQ(ok[0].err, RD_KAFKA_RESP_ERR_NO_ERROR) << ok[0].message;
  EXPECT_EQ(broker.Get().Logs().GetTopic("assigned")->partitions, 2);

  rd_kafka_NewTopic_t* bad = rd_kafka_NewTopic_new("misassigned", 1, -1, err, sizeof(err));
  ASSERT_EQ(rd_kafka_NewTopic_set_replica_assignment(bad, 0, &other, 1, err, sizeof(err)),
            RD_KAFKA_RESP_ERR_NO_ERROR)
      << err;
  auto refused = admin.CreateTopics({bad});
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].err, RD_KAFKA_RESP_ERR_INVALID_REPLICA_ASSIGNMENT);
  EXPECT_NE(refused[0].message.find("single-node"), std::string::npos) << refused[0].message;
  EXPECT_FALSE(broker.Get().Logs().GetTopic("misassigned").has_value());
}

TEST(BrokerAdminTest, DeleteTopicRemovesItsDirectories) {
  TestBroker broker;
  broker.Start();
  Admin admin(broker.Bootstrap());
  ASSERT_EQ(admin.CreateTopic("doomed", 2, 1).err, RD_KAFKA_RESP_ERR_NO_ERROR);
  ASSERT_TRUE(fs::is_directory(broker.LogDir() + "/doomed-0"));
  AppendRecords(broker.Get().Logs(), "doomed", 0, 3);

  Outcome deleted = admin.DeleteTopic("doomed");
  EXPECT_EQ(deleted.err, RD_KAFKA_RESP_ERR_NO_ERROR) << deleted.message;
  EXPECT_FALSE(broker.Get().Logs().GetTopic("doomed").has_value());
  EXPECT_FALSE(fs::exists(broker.LogDir() + "/doomed-0"));
  EXPECT_FALSE(fs::exists(broker.LogDir() + "/doomed-1"));

  EXPECT_EQ(admin.DeleteTopic("doomed").err, RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART);
  EXPECT_EQ(admin.DeleteTopic("never-existed").err, RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART);

  // The name is free again, and the new topic starts empty.
  ASSERT_EQ(admin.CreateTopic("doomed", 1, 1).err, RD_KAFKA_RESP_ERR_NO_ERROR);
  EXPECT_EQ(broker.Get().Logs().GetLog("doomed", 0)->Read(0, 1 << 20, true).Value().high_watermark,
            0);
}

TEST(BrokerAdminTest, DeleteRecordsMovesTheLowWatermark) {
  TestBroker broker;
  broker.Start();
  Admin admin(broker.Bootstrap());
  ASSERT_EQ(admin.CreateTopic("trimmed", 2, 1).err, RD_KAFKA_RESP_ERR_NO_ERROR);
  AppendRecords(broker.Get().Logs(), "trimmed", 0, 10);
  AppendRecords(broker.Get().Logs(), "trimmed", 1, 4);

  auto first = admin.DeleteRecords("trimmed", {{0, 4}, {1, RD_KAFKA_OFFSET_END}});
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].first, RD_KAFKA_RESP_ERR_NO_ERROR);
  EXPECT_EQ(first[0].second, 4);
  EXPECT_EQ(first[1].first, RD_KAFKA_RESP_ERR_NO_ERROR);
  EXPECT_EQ(first[1].second, 4);  // -1 = high watermark
  auto log0 = broker.Get().Logs().GetLog("trimmed", 0);
  EXPECT_EQ(log0->Read(4, 1 << 20, true).Value().log_start_offset, 4);
  EXPECT_FALSE(log0->Read(3, 1 << 20, true).IsOk());  // below the new start

  auto beyond = admin.DeleteRecords("trimmed", {{0, 11}});
  ASSERT_EQ(beyond.size(), 1u);
  EXPECT_EQ(beyond[0].first, RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE);
  EXPECT_EQ(log0->Read(4, 1 << 20, true).Value().log_start_offset, 4);

  auto at_end = admin.DeleteRecords("trimmed", {{0, 10}});
  ASSERT_EQ(at_end.size(), 1u);
  EXPECT_EQ(at_end[0].first, RD_KAFKA_RESP_ERR_NO_ERROR);
  EXPECT_EQ(at_end[0].second, 10);
}

TEST(BrokerAdminTest, DescribeConfigsReportsEffectiveTopicConfigs) {
  TestBroker broker(Props{{"log.retention.ms", "3600000"}});
  broker.Start();
  Admin admin(broker.Bootstrap());
  ASSERT_EQ(admin
                .CreateTopic("compacted", 1, 1,
                             {{"cleanup.policy", "compact"}, {"segment.bytes", "1048576"}})
                .err,
            RD_KAFKA_RESP_ERR_NO_ERROR);

  Described d = admin.DescribeConfigs(RD_KAFKA_RESOURCE_TOPIC, "compacted");
  ASSERT_EQ(d.outcome.err, RD_KAFKA_RESP_ERR_NO_ERROR) << d.outcome.message;
  ASSERT_TRUE(d.configs.count("cleanup.policy"));
  EXPECT_EQ(d.configs["cleanup.policy"].value, "compact");
  EXPECT_EQ(d.configs["cleanup.policy"].source, RD_KAFKA_CONFIG_SOURCE_DYNAMIC_TOPIC_CONFIG);
  EXPECT_FALSE(d.configs["cleanup.policy"].is_default);
  EXPECT_FALSE(d.configs["cleanup.policy"].read_only);
  // librdkafka asks for synonyms (v1): the override, then the built-in default.
  EXPECT_EQ(d.configs["cleanup.policy"].synonyms, 2u);
  EXPECT_EQ(d.configs["segment.bytes"].value, "1048576");
  // From the broker's log.retention.ms.
  EXPECT_EQ(d.configs["retention.ms"].value, "3600000");
  EXPECT_EQ(d.configs["retention.ms"].source, RD_KAFKA_CONFIG_SOURCE_STATIC_BROKER_CONFIG);
  // Kafka's built-in default.
  EXPECT_EQ(d.configs["max.message.bytes"].value, "1048588");
  EXPECT_EQ(d.configs["max.message.bytes"].source, RD_KAFKA_CONFIG_SOURCE_DEFAULT_CONFIG);
  EXPECT_TRUE(d.configs["max.message.bytes"].is_default);
  for (const char* key :
       {"retention.bytes", "min.insync.replicas", "delete.retention.ms", "message.timestamp.type",
        "compression.type", "segment.ms", "min.compaction.lag.ms", "min.cleanable.dirty.ratio"}) {
    EXPECT_TRUE(d.configs.count(key)) << key;
  }

  Described unknown = admin.DescribeConfigs(RD_KAFKA_RESOURCE_TOPIC, "nope");
  EXPECT_EQ(unknown.outcome.err, RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART);
}

TEST(BrokerAdminTest, DescribeConfigsReportsBrokerSettings) {
  TestBroker broker(Props{{"num.partitions", "6"}, {"message.max.bytes", "2000000"}});
  broker.Start();
  Admin admin(broker.Bootstrap());
  Described d = admin.DescribeConfigs(RD_KAFKA_RESOURCE_BROKER, "1");
  ASSERT_EQ(d.outcome.err, RD_KAFKA_RESP_ERR_NO_ERROR) << d.outcome.message;
  EXPECT_EQ(d.configs["num.partitions"].value, "6");
  EXPECT_EQ(d.configs["num.partitions"].source, RD_KAFKA_CONFIG_SOURCE_STATIC_BROKER_CONFIG);
  EXPECT_TRUE(d.configs["num.partitions"].read_only);
  EXPECT_EQ(d.configs["message.max.bytes"].value, "2000000");
  EXPECT_EQ(d.configs["auto.create.topics.enable"].value, "true");
  EXPECT_EQ(d.configs["auto.create.topics.enable"].source, RD_KAFKA_CONFIG_SOURCE_DEFAULT_CONFIG);
  EXPECT_EQ(d.configs["log.cleanup.policy"].value, "delete");
  EXPECT_EQ(d.configs["log.retention.ms"].value, "604800000");
  EXPECT_EQ(d.configs["broker.id"].value, "1");
}

TEST(BrokerAdminTest, AlterConfigsReplacesAllOverrides) {
  TestBroker broker;
  broker.Start();
  Admin admin(broker.Bootstrap());
  ASSERT_EQ(admin.CreateTopic("altered", 1, 1, {{"cleanup.policy", "compact"}}).err,
            RD_KAFKA_RESP_ERR_NO_ERROR);

  Outcome ok = admin.AlterConfigs(RD_KAFKA_RESOURCE_TOPIC, "altered", {{"retention.ms", "5000"}});
  ASSERT_EQ(ok.err, RD_KAFKA_RESP_ERR_NO_ERROR) << ok.message;
  Described d = admin.DescribeConfigs(RD_KAFKA_RESOURCE_TOPIC, "altered");
  EXPECT_EQ(d.configs["retention.ms"].value, "5000");
  EXPECT_EQ(d.configs["retention.ms"].source, RD_KAFKA_CONFIG_SOURCE_DYNAMIC_TOPIC_CONFIG);
  // Not listed, so back to the default.
  EXPECT_EQ(d.configs["cleanup.policy"].value, "delete");
  EXPECT_EQ(d.configs["cleanup.policy"].source, RD_KAFKA_CONFIG_SOURCE_DEFAULT_CONFIG);

  Outcome dry =
      admin.AlterConfigs(RD_KAFKA_RESOURCE_TOPIC, "altered", {{"retention.ms", "7000"}}, true);
  EXPECT_EQ(dry.err, RD_KAFKA_RESP_ERR_NO_ERROR) << dry.message;
  Outcome bad = admin.AlterConfigs(RD_KAFKA_RESOURCE_TOPIC, "altered", {{"retention.ms", "-7"}});
  EXPECT_EQ(bad.err, RD_KAFKA_RESP_ERR_INVALID_CONFIG);
  EXPECT_NE(bad.message.find("retention.ms"), std::string::npos) << bad.message;
  EXPECT_EQ(broker.Get().Logs().GetTopic("altered")->configs,
            (broker::storage::ConfigMap{{"retention.ms", "5000"}}));

  EXPECT_EQ(admin.AlterConfigs(RD_KAFKA_RESOURCE_TOPIC, "ghost", {{"retention.ms", "1"}}).err,
            RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART);
  Outcome broker_res = admin.AlterConfigs(RD_KAFKA_RESOURCE_BROKER, "1", {{"num.partitions", "3"}});
  EXPECT_EQ(broker_res.err, RD_KAFKA_RESP_ERR_INVALID_REQUEST);
  EXPECT_NE(broker_res.message.find("restart"), std::string::npos) << broker_res.message;
}

TEST(BrokerAdminTest, CreatePartitionsGrowsATopic) {
  TestBroker broker;
  broker.Start();
  Admin admin(broker.Bootstrap());
  ASSERT_EQ(admin.CreateTopic("growing", 1, 1).err, RD_KAFKA_RESP_ERR_NO_ERROR);

  Outcome grown = admin.CreatePartitions("growing", 3);
  ASSERT_EQ(grown.err, RD_KAFKA_RESP_ERR_NO_ERROR) << grown.message;
  EXPECT_EQ(broker.Get().Logs().GetTopic("growing")->partitions, 3);
  EXPECT_TRUE(fs::is_directory(broker.LogDir() + "/growing-2"));
  EXPECT_EQ(admin.MetadataPartitions("growing"), 3);

  Outcome smaller = admin.CreatePartitions("growing", 2);
  EXPECT_EQ(smaller.err, RD_KAFKA_RESP_ERR_INVALID_PARTITIONS);
  EXPECT_EQ(admin.CreatePartitions("growing", 3).err, RD_KAFKA_RESP_ERR_INVALID_PARTITIONS);

  Outcome dry = admin.CreatePartitions("growing", 5, /*validate_only=*/true);
  EXPECT_EQ(dry.err, RD_KAFKA_RESP_ERR_NO_ERROR) << dry.message;
  EXPECT_EQ(broker.Get().Logs().GetTopic("growing")->partitions, 3);
  EXPECT_FALSE(fs::exists(broker.LogDir() + "/growing-3"));

  EXPECT_EQ(admin.CreatePartitions("absent", 4).err, RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART);
}

TEST(BrokerAdminTest, ConfigsAndPartitionCountsSurviveARestart) {
  TestBroker broker;
  broker.Start();
  {
    Admin admin(broker.Bootstrap());
    ASSERT_EQ(admin.CreateTopic("kept", 2, 1, {{"cleanup.policy", "compact"}}).err,
              RD_KAFKA_RESP_ERR_NO_ERROR);
    ASSERT_EQ(admin.CreatePartitions("kept", 4).err, RD_KAFKA_RESP_ERR_NO_ERROR);
    ASSERT_EQ(admin
                  .AlterConfigs(RD_KAFKA_RESOURCE_TOPIC, "kept",
                                {{"cleanup.policy", "compact"}, {"retention.ms", "60000"}})
                  .err,
              RD_KAFKA_RESP_ERR_NO_ERROR);
    ASSERT_EQ(admin.CreateTopic("gone", 1, 1).err, RD_KAFKA_RESP_ERR_NO_ERROR);
    ASSERT_EQ(admin.DeleteTopic("gone").err, RD_KAFKA_RESP_ERR_NO_ERROR);
  }
  broker.Stop();
  broker.Start();
  Admin admin(broker.Bootstrap());
  EXPECT_EQ(admin.MetadataPartitions("kept"), 4);
  Described d = admin.DescribeConfigs(RD_KAFKA_RESOURCE_TOPIC, "kept");
  ASSERT_EQ(d.outcome.err, RD_KAFKA_RESP_ERR_NO_ERROR) << d.outcome.message;
  EXPECT_EQ(d.configs["cleanup.policy"].value, "compact");
  EXPECT_EQ(d.configs["retention.ms"].value, "60000");
  EXPECT_FALSE(broker.Get().Logs().GetTopic("gone").has_value());
  EXPECT_FALSE(fs::exists(broker.LogDir() + "/gone-0"));
}

// ---------------------------------------------------------------------------
// The handler functions directly: versions and cases librdkafka does not send.

class AdminHandlerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "kc-admin-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    Open({});
  }
  void TearDown() override {
    logs_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  void Open(const broker::storage::ConfigMap& broker_props) {
    broker::storage::LogManagerOptions options;
    options.log_dirs = {dir_};
    auto defaults = broker::storage::LogConfig::FromBrokerProperties(broker_props);
    ASSERT_TRUE(defaults.IsOk());
    options.defaults = defaults.Value();
    auto logs = broker::storage::LogManager::Open(options);
    ASSERT_TRUE(logs.IsOk()) << logs.Error().message;
    logs_ = std::move(logs.Value());
    ctx_.logs = logs_.get();
  }

  using CreateReq = broker::protocol::CreateTopicsRequest;
  static CreateReq::CreatableTopic Topic(const std::string& name, int32_t partitions, int16_t rf) {
    CreateReq::CreatableTopic t;
    t.name = name;
    t.num_partitions = partitions;
    t.replication_factor = rf;
    return t;
  }

  std::string dir_;
  std::unique_ptr<broker::storage::LogManager> logs_;
  broker::server::BrokerContext ctx_;
};

TEST_F(AdminHandlerTest, CreateTopicsRequestLevelErrors) {
  CreateReq req;
  req.topics.push_back(Topic("twice", 1, 1));
  req.topics.push_back(Topic("twice", 2, 1));
  req.topics.push_back(Topic("zero-partitions", 0, 1));
  req.topics.push_back(Topic("zero-rf", 1, 0));
  auto both = Topic("both", 2, -1);
  both.assignments.push_back({0, {1}});
  req.topics.push_back(both);
  auto gap = Topic("gap", -1, -1);
  gap.assignments.push_back({0, {1}});
  gap.assignments.push_back({2, {1}});
  req.topics.push_back(gap);
  auto null_config = Topic("null-config", 1, 1);
  null_config.configs.push_back({"retention.ms", std::nullopt});
  req.topics.push_back(null_config);
  auto ignored = Topic("ignored-config", 1, 1);
  ignored.configs.push_back({"min.insync.replicas", "2"});
  req.topics.push_back(ignored);

  auto resp = broker::server::HandleCreateTopics(ctx_, req, 1);
  ASSERT_EQ(resp.topics.size(), 7u);  // one result per name
  std::map<std::string, int16_t> codes;
  for (const auto& t : resp.topics) {
    codes[t.name] = t.error_code;
    if (t.error_code != 0) {
      EXPECT_TRUE(t.error_message.has_value() && !t.error_message->empty()) << t.name;
    } else {
      EXPECT_FALSE(t.error_message.has_value()) << t.name;
    }
  }
  EXPECT_EQ(codes["twice"], 42);
  EXPECT_EQ(codes["zero-partitions"], 37);
  EXPECT_EQ(codes["zero-rf"], 38);
  EXPECT_EQ(codes["both"], 42);
  EXPECT_EQ(codes["gap"], 39);
  EXPECT_EQ(codes["null-config"], 40);
  EXPECT_EQ(codes["ignored-config"], 0);
  EXPECT_EQ(logs_->ListTopics().size(), 1u);

  // The v0 encoding has no error_message; the response still encodes.
  EXPECT_GT(resp.Size(0), 0u);
}

TEST_F(AdminHandlerTest, MinusOneCountsAreDefaultsBelowV4Too) {
  // KafkaJS sends -1/-1 with CreateTopics v3 when the caller gives no counts.
  CreateReq req;
  req.topics.push_back(Topic("kafkajs-style", -1, -1));
  auto resp = broker::server::HandleCreateTopics(ctx_, req, 3);
  EXPECT_EQ(resp.topics.at(0).error_code, 0);
  EXPECT_EQ(logs_->GetTopic("kafkajs-style")->partitions, 1);
}

TEST_F(AdminHandlerTest, DefaultReplicationFactorAboveOneIsRefusedUnlessClamped) {
  ctx_.settings.default_replication_factor = 3;
  CreateReq req;
  req.topics.push_back(Topic("a", 1, -1));
  auto refused = broker::server::HandleCreateTopics(ctx_, req, 4);
  EXPECT_EQ(refused.topics.at(0).error_code, 38);
  EXPECT_NE(refused.topics.at(0).error_message->find("default.replication.factor"),
            std::string::npos);

  ctx_.settings.replication_factor_clamp = true;
  auto clamped = broker::server::HandleCreateTopics(ctx_, req, 4);
  EXPECT_EQ(clamped.topics.at(0).error_code, 0);
  // With the clamp, an assignment listing this node and absent ones is fine;
  // one without this node still is not.
  auto assigned = Topic("b", -1, -1);
  assigned.assignments.push_back({0, {1, 2, 3}});
  auto foreign = Topic("c", -1, -1);
  foreign.assignments.push_back({0, {2, 3}});
  CreateReq req2;
  req2.topics = {assigned, foreign};
  auto resp = broker::server::HandleCreateTopics(ctx_, req2, 4);
  EXPECT_EQ(resp.topics.at(0).error_code, 0);
  EXPECT_EQ(resp.topics.at(1).error_code, 39);
}

TEST_F(AdminHandlerTest, DescribeConfigsVersionsAndResourceErrors) {
  CreateReq create;
  auto t = Topic("described", 1, 1);
  t.configs.push_back({"cleanup.policy", "compact,delete"});
  t.configs.push_back({"min.insync.replicas", "2"});
  create.topics.push_back(t);
  ASSERT_EQ(broker::server::HandleCreateTopics(ctx_, create, 4).topics.at(0).error_code, 0);

  broker::protocol::DescribeConfigsRequest req;
  broker::protocol::DescribeConfigsRequest::DescribeConfigsResource topic;
  topic.resource_type = broker::server::kResourceTopic;
  topic.resource_name = "described";
  topic.configuration_keys = std::nullopt;
  req.resources.push_back(topic);
  auto add = [&](int8_t type, const std::string& name) {
    broker::protocol::DescribeConfigsRequest::DescribeConfigsResource r;
    r.resource_type = type;
    r.resource_name = name;
    r.configuration_keys = std::nullopt;
    req.resources.push_back(r);
  };
  add(broker::server::kResourceBroker, "7");
  add(broker::server::kResourceBroker, "one");
  add(broker::server::kResourceBroker, "");
  add(broker::server::kResourceBrokerLogger, "1");
  add(3, "some-group");
  add(broker::server::kResourceTopic, "bad/name");

  req.include_synonyms = true;
  // A key list filters; unknown keys are left out.
  {
    broker::protocol::DescribeConfigsRequest filtered;
    auto only = topic;
    only.configuration_keys = std::vector<std::string>{"cleanup.policy", "no.such.key"};
    filtered.resources.push_back(only);
    auto resp = broker::server::HandleDescribeConfigs(ctx_, filtered, 2);
    ASSERT_EQ(resp.results.at(0).configs.size(), 1u);
    EXPECT_EQ(resp.results[0].configs[0].name, "cleanup.policy");
    only.configuration_keys = std::vector<std::string>{};  // empty = all, as in Kafka
    filtered.resources = {only};
    EXPECT_GT(broker::server::HandleDescribeConfigs(ctx_, filtered, 2).results.at(0).configs.size(),
              10u);
  }
  auto v1 = broker::server::HandleDescribeConfigs(ctx_, req, 1);
  ASSERT_EQ(v1.results.size(), 7u);
  EXPECT_EQ(v1.results[0].error_code, 0);
  EXPECT_FALSE(v1.results[0].error_message.has_value());
  std::map<std::string, const broker::protocol::DescribeConfigsResponse::DescribeConfigsResult::
                            DescribeConfigsResourceResult*>
      by_name;
  for (const auto& c : v1.results[0].configs) by_name[c.name] = &c;
  ASSERT_TRUE(by_name.count("cleanup.policy"));
  EXPECT_EQ(by_name["cleanup.policy"]->value, "compact,delete");
  EXPECT_EQ(by_name["cleanup.policy"]->config_source, 1);
  ASSERT_EQ(by_name["cleanup.policy"]->synonyms.size(), 2u);  // override, then built-in default
  EXPECT_EQ(by_name["cleanup.policy"]->synonyms[0].source, 1);
  EXPECT_EQ(by_name["cleanup.policy"]->synonyms[1].name, "log.cleanup.policy");
  EXPECT_EQ(by_name["cleanup.policy"]->synonyms[1].value, "delete");
  EXPECT_EQ(by_name["cleanup.policy"]->synonyms[1].source, 5);
  EXPECT_EQ(by_name["min.insync.replicas"]->value, "2");
  EXPECT_EQ(by_name["segment.bytes"]->config_source, 5);

  EXPECT_EQ(v1.results[1].error_code, 42);  // another broker id
  EXPECT_EQ(v1.results[2].error_code, 42);  // not a number
  EXPECT_EQ(v1.results[3].error_code, 0);   // cluster-wide dynamic defaults: none
  EXPECT_TRUE(v1.results[3].configs.empty());
  EXPECT_EQ(v1.results[4].error_code, 42);
  EXPECT_EQ(v1.results[5].error_code, 42);
  EXPECT_EQ(v1.results[6].error_code, 17);

  // v0: is_default instead of config_source, no synonyms on the wire.
  auto v0 = broker::server::HandleDescribeConfigs(ctx_, req, 0);
  bool saw_default = false;
  for (const auto& c : v0.results[0].configs) {
    EXPECT_TRUE(c.synonyms.empty());
    if (c.name == "cleanup.policy") {
      EXPECT_FALSE(c.is_default);
    }
    if (c.name == "segment.bytes") saw_default = c.is_default;
  }
  EXPECT_TRUE(saw_default);
  EXPECT_GT(v0.Size(0), 0u);

  // Without include_synonyms there are none.
  req.include_synonyms = false;
  auto v2 = broker::server::HandleDescribeConfigs(ctx_, req, 2);
  for (const auto& c : v2.results[0].configs) EXPECT_TRUE(c.synonyms.empty()) << c.name;
}

TEST_F(AdminHandlerTest, AlterConfigsRejectsNullsDuplicatesAndOtherResources) {
  CreateReq create;
  create.topics.push_back(Topic("t", 1, 1));
  ASSERT_EQ(broker::server::HandleCreateTopics(ctx_, create, 4).topics.at(0).error_code, 0);

  using AlterReq = broker::protocol::AlterConfigsRequest;
  AlterReq req;
  AlterReq::AlterConfigsResource nulls;
  nulls.resource_type = broker::server::kResourceTopic;
  nulls.resource_name = "t";
  nulls.configs.push_back({"retention.ms", std::nullopt});
  AlterReq::AlterConfigsResource dups = nulls;
  dups.configs = {{"retention.ms", "1"}, {"retention.ms", "2"}};
  AlterReq::AlterConfigsResource other_broker;
  other_broker.resource_type = broker::server::kResourceBroker;
  other_broker.resource_name = "9";
  AlterReq::AlterConfigsResource group;
  group.resource_type = 3;
  group.resource_name = "g";
  req.resources = {nulls, dups, other_broker, group};
  auto resp = broker::server::HandleAlterConfigs(ctx_, req);
  ASSERT_EQ(resp.responses.size(), 4u);
  for (const auto& r : resp.responses) {
    EXPECT_EQ(r.error_code, 42) << r.resource_name;
    EXPECT_TRUE(r.error_message.has_value());
  }
  EXPECT_TRUE(logs_->GetTopic("t")->configs.empty());
}

TEST_F(AdminHandlerTest, CreatePartitionsAssignmentsAndDuplicates) {
  CreateReq create;
  create.topics.push_back(Topic("t", 1, 1));
  ASSERT_EQ(broker::server::HandleCreateTopics(ctx_, create, 4).topics.at(0).error_code, 0);

  using Req = broker::protocol::CreatePartitionsRequest;
  auto entry = [](const std::string& name, int32_t count,
                  std::optional<std::vector<std::vector<int32_t>>> lists) {
    Req::CreatePartitionsTopic t;
    t.name = name;
    t.count = count;
    if (!lists) {
      t.assignments = std::nullopt;
    } else {
      t.assignments.emplace();
      for (auto& ids : *lists) t.assignments->push_back({ids});
    }
    return t;
  };
  Req wrong;
  wrong.topics = {
      entry("t", 3, std::vector<std::vector<int32_t>>{{1}})};  // 2 new partitions, 1 list
  EXPECT_EQ(broker::server::HandleCreatePartitions(ctx_, wrong).results.at(0).error_code, 39);
  Req foreign;
  foreign.topics = {entry("t", 2, std::vector<std::vector<int32_t>>{{5}})};
  EXPECT_EQ(broker::server::HandleCreatePartitions(ctx_, foreign).results.at(0).error_code, 39);
  Req dup;
  dup.topics = {entry("t", 2, std::nullopt), entry("t", 3, std::nullopt)};
  auto dup_resp = broker::server::HandleCreatePartitions(ctx_, dup);
  ASSERT_EQ(dup_resp.results.size(), 1u);
  EXPECT_EQ(dup_resp.results[0].error_code, 42);
  EXPECT_EQ(logs_->GetTopic("t")->partitions, 1);

  Req good;
  good.topics = {entry("t", 3, std::vector<std::vector<int32_t>>{{1}, {1}})};
  auto ok = broker::server::HandleCreatePartitions(ctx_, good);
  EXPECT_EQ(ok.results.at(0).error_code, 0);
  EXPECT_FALSE(ok.results.at(0).error_message.has_value());
  EXPECT_EQ(logs_->GetTopic("t")->partitions, 3);
}

TEST_F(AdminHandlerTest, DeleteTopicsAndDeleteRecordsPerItemErrors) {
  CreateReq create;
  create.topics.push_back(Topic("t", 1, 1));
  ASSERT_EQ(broker::server::HandleCreateTopics(ctx_, create, 4).topics.at(0).error_code, 0);

  broker::protocol::DeleteRecordsRequest dr;
  broker::protocol::DeleteRecordsRequest::DeleteRecordsTopic topic;
  topic.name = "t";
  topic.partitions = {{0, 0}, {0, 1}, {0, -2}, {7, 0}};
  dr.topics.push_back(topic);
  auto resp = broker::server::HandleDeleteRecords(ctx_, dr);
  ASSERT_EQ(resp.topics.at(0).partitions.size(), 4u);
  EXPECT_EQ(resp.topics[0].partitions[0].error_code, 0);
  EXPECT_EQ(resp.topics[0].partitions[0].low_watermark, 0);
  EXPECT_EQ(resp.topics[0].partitions[1].error_code, 1);  // beyond the (empty) log
  EXPECT_EQ(resp.topics[0].partitions[1].low_watermark, -1);
  EXPECT_EQ(resp.topics[0].partitions[2].error_code, 1);
  EXPECT_EQ(resp.topics[0].partitions[3].error_code, 3);

  broker::protocol::DeleteTopicsRequest del;
  del.topic_names = {"t", "t", "missing"};
  auto deleted = broker::server::HandleDeleteTopics(ctx_, del);
  ASSERT_EQ(deleted.responses.size(), 2u);
  EXPECT_EQ(deleted.responses[0].error_code, 0);
  EXPECT_EQ(deleted.responses[1].error_code, 3);
  EXPECT_FALSE(logs_->GetTopic("t").has_value());
}

}  // namespace
}  // namespace kconnect::testing
