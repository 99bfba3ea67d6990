// Metadata and ApiVersions against the in-process broker, through librdkafka.

#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include <memory>
#include <string>

#include "broker_harness.h"

namespace kconnect::testing {
namespace {

struct RkDeleter {
  void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
using RkPtr = std::unique_ptr<rd_kafka_t, RkDeleter>;

RkPtr Producer(const std::string& bootstrap) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), err, sizeof(err));
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
  EXPECT_NE(rk, nullptr) << err;
  return RkPtr(rk);
}

TEST(BrokerMetadataTest, ListsTheBrokerAsControllerAndAutoCreatesTopics) {
  TestBroker broker;
  broker.Start();
  auto rk = Producer(broker.Bootstrap());
  rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk.get(), "auto-created", nullptr);
  const rd_kafka_metadata_t* md = nullptr;
  ASSERT_EQ(rd_kafka_metadata(rk.get(), 0, rkt, &md, 10000), RD_KAFKA_RESP_ERR_NO_ERROR);
  ASSERT_EQ(md->broker_cnt, 1);
  EXPECT_EQ(md->brokers[0].id, 1);
  EXPECT_EQ(md->brokers[0].port, std::stoi(broker.Bootstrap().substr(10)));
  ASSERT_EQ(md->topic_cnt, 1);
  EXPECT_EQ(md->topics[0].err, RD_KAFKA_RESP_ERR_NO_ERROR);
  EXPECT_EQ(md->topics[0].partition_cnt, 1);
  EXPECT_EQ(md->topics[0].partitions[0].leader, 1);
  rd_kafka_metadata_destroy(md);
  rd_kafka_topic_destroy(rkt);
  EXPECT_TRUE(broker.Get().Logs().GetTopic("auto-created").has_value());
}

TEST(BrokerMetadataTest, NoAutoCreationWhenDisabled) {
  TestBroker broker(std::map<std::string, std::string>{{"auto.create.topics.enable", "false"}});
  broker.Start();
  auto rk = Producer(broker.Bootstrap());
  rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk.get(), "absent", nullptr);
  const rd_kafka_metadata_t* md = nullptr;
  ASSERT_EQ(rd_kafka_metadata(rk.get(), 0, rkt, &md, 10000), RD_KAFKA_RESP_ERR_NO_ERROR);
  ASSERT_EQ(md->topic_cnt, 1);
  EXPECT_EQ(md->topics[0].err, RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART);
  rd_kafka_metadata_destroy(md);
  rd_kafka_topic_destroy(rkt);
  EXPECT_FALSE(broker.Get().Logs().GetTopic("absent").has_value());
}

TEST(BrokerMetadataTest, ClusterIdSurvivesRestart) {
  TestBroker broker;
  broker.Start();
  const std::string id = broker.Get().ClusterId();
  EXPECT_EQ(id.size(), 22u);
  broker.Stop();
  broker.Start();
  EXPECT_EQ(broker.Get().ClusterId(), id);
}

}  // namespace
}  // namespace kconnect::testing
