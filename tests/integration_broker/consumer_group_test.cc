// Consumer groups with a real client: librdkafka consumers subscribe, split
// the partitions, commit, and the committed offsets survive a broker restart
// (they are records in `__consumer_offsets`).

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "broker_harness.h"
#include "data_test_util.h"

namespace kconnect::testing {
namespace {

using Clock = std::chrono::steady_clock;

RkPtr GroupConsumer(const std::string& bootstrap) {
  return NewClient(RD_KAFKA_CONSUMER, bootstrap,
                   {{"group.id", "cg"},
                    {"enable.auto.commit", "false"},
                    {"auto.offset.reset", "earliest"},
                    {"session.timeout.ms", "6000"},
                    {"heartbeat.interval.ms", "200"}});
}

void Subscribe(rd_kafka_t* rk, const std::string& topic) {
  rd_kafka_topic_partition_list_t* topics = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(topics, topic.c_str(), RD_KAFKA_PARTITION_UA);
  ASSERT_EQ(rd_kafka_subscribe(rk, topics), RD_KAFKA_RESP_ERR_NO_ERROR);
  rd_kafka_topic_partition_list_destroy(topics);
}

// Committed offsets of partitions 0..n-1 of `topic` for group "cg".
std::vector<int64_t> Committed(rd_kafka_t* rk, const std::string& topic, int n) {
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(n);
  for (int p = 0; p < n; ++p) rd_kafka_topic_partition_list_add(parts, topic.c_str(), p);
  EXPECT_EQ(rd_kafka_committed(rk, parts, 10000), RD_KAFKA_RESP_ERR_NO_ERROR);
  std::vector<int64_t> out;
  for (int p = 0; p < n; ++p) out.push_back(parts->elems[p].offset);
  rd_kafka_topic_partition_list_destroy(parts);
  return out;
}

TEST(ConsumerGroupTest, TwoConsumersSplitTheTopicAndCommitsSurviveARestart) {
  TestBroker broker(std::map<std::string, std::string>{{"group.initial.rebalance.delay.ms", "0"},
                                                       {"offsets.topic.num.partitions", "5"}});
  broker.Start();
  ASSERT_TRUE(broker.Get().Logs().CreateTopic("orders", 4, {}).IsOk());
  auto producer = NewClient(RD_KAFKA_PRODUCER, broker.Bootstrap(), {});
  std::vector<OutMessage> out;
  for (int i = 0; i < 200; ++i) {
    OutMessage m;
    m.value = "v" + std::to_string(i);
    m.partition = i % 4;
    out.push_back(m);
  }
  for (const auto& d : ProduceAll(producer.get(), "orders", out)) ASSERT_EQ(d.err, 0);

  auto a = GroupConsumer(broker.Bootstrap());
  auto b = GroupConsumer(broker.Bootstrap());
  Subscribe(a.get(), "orders");
  Subscribe(b.get(), "orders");
  // A member may own every partition for one generation before the other
  // joins, so "who consumed what" says nothing; the settled assignment does.
  // Poll until every value arrived and the two assignments split the topic.
  std::set<std::string> values;
  std::map<rd_kafka_t*, std::set<int32_t>> assigned;
  auto settled = [&] {
    std::set<int32_t> all;
    for (rd_kafka_t* rk : {a.get(), b.get()}) {
      if (assigned[rk].empty()) return false;
      for (int32_t p : assigned[rk]) {
        if (!all.insert(p).second) return false;
      }
    }
    return all.size() == 4;
  };
  const auto deadline = Clock::now() + std::chrono::seconds(30);
  while ((values.size() < out.size() || !settled()) && Clock::now() < deadline) {
    for (rd_kafka_t* rk : {a.get(), b.get()}) {
      rd_kafka_message_t* m = rd_kafka_consumer_poll(rk, 50);
      if (m != nullptr) {
        if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
          values.insert(std::string(static_cast<const char*>(m->payload), m->len));
        }
        rd_kafka_message_destroy(m);
      }
      rd_kafka_topic_partition_list_t* parts = nullptr;
      ASSERT_EQ(rd_kafka_assignment(rk, &parts), RD_KAFKA_RESP_ERR_NO_ERROR);
      assigned[rk].clear();
      for (int i = 0; i < parts->cnt; ++i) assigned[rk].insert(parts->elems[i].partition);
      rd_kafka_topic_partition_list_destroy(parts);
    }
  }
  EXPECT_EQ(values.size(), out.size());
  // Both members hold partitions, and no partition is held by both.
  EXPECT_TRUE(settled()) << "a holds " << assigned[a.get()].size() << ", b holds "
                         << assigned[b.get()].size();
  ASSERT_EQ(rd_kafka_commit(a.get(), nullptr, 0), RD_KAFKA_RESP_ERR_NO_ERROR);
  ASSERT_EQ(rd_kafka_commit(b.get(), nullptr, 0), RD_KAFKA_RESP_ERR_NO_ERROR);
  rd_kafka_consumer_close(a.get());
  rd_kafka_consumer_close(b.get());
  a.reset();
  b.reset();

  producer.reset();
  broker.Stop();
  broker.Start();  // a restart on the same port and log dirs
  auto c = GroupConsumer(broker.Bootstrap());
  EXPECT_EQ(Committed(c.get(), "orders", 4), (std::vector<int64_t>{50, 50, 50, 50}));
}

}  // namespace
}  // namespace kconnect::testing
