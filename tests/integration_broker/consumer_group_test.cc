// Consumer groups with a real client: librdkafka consumers subscribe, split
// the partitions, commit, and the committed offsets survive a broker restart
// (they are records in `__consumer_offsets`).

#include <gtest/gtest.h>

#include <atomic>
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

// Polls `rk` until its assignment has `n` partitions (at least one poll).
bool WaitForAssignment(rd_kafka_t* rk, int n, std::chrono::seconds timeout) {
  const auto deadline = Clock::now() + timeout;
  do {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(rk, 50);
    if (m != nullptr) rd_kafka_message_destroy(m);
    rd_kafka_topic_partition_list_t* parts = nullptr;
    if (rd_kafka_assignment(rk, &parts) != RD_KAFKA_RESP_ERR_NO_ERROR) return false;
    const int cnt = parts->cnt;
    rd_kafka_topic_partition_list_destroy(parts);
    if (cnt == n) return true;
  } while (Clock::now() < deadline);
  return false;
}

TEST(ConsumerGroupTest, AMemberKilledWithoutLeavingLosesItsPartitionsAfterItsSessionTimeout) {
  TestBroker broker(std::map<std::string, std::string>{{"group.initial.rebalance.delay.ms", "0"},
                                                       {"offsets.topic.num.partitions", "3"}});
  broker.Start();
  ASSERT_TRUE(broker.Get().Logs().CreateTopic("jobs", 4, {}).IsOk());
  auto a = GroupConsumer(broker.Bootstrap());
  auto b = GroupConsumer(broker.Bootstrap());
  Subscribe(a.get(), "jobs");
  ASSERT_TRUE(WaitForAssignment(a.get(), 4, std::chrono::seconds(20)));
  Subscribe(b.get(), "jobs");
  // Both poll until the rebalance has split the partitions 2 + 2.
  const auto split_deadline = Clock::now() + std::chrono::seconds(20);
  bool split = false;
  while (!split && Clock::now() < split_deadline) {
    const bool a_has_2 = WaitForAssignment(a.get(), 2, std::chrono::seconds(0));
    const bool b_has_2 = WaitForAssignment(b.get(), 2, std::chrono::seconds(0));
    split = a_has_2 && b_has_2;
  }
  ASSERT_TRUE(split);

  // b vanishes as a killed process would: no LeaveGroup, no more heartbeats.
  const auto killed_at = Clock::now();
  rd_kafka_destroy_flags(b.release(), RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
  ASSERT_TRUE(WaitForAssignment(a.get(), 4, std::chrono::seconds(30)));
  // Not before b's session (6 s) ran out: until then b still counts.
  EXPECT_GE(Clock::now() - killed_at, std::chrono::milliseconds(5000));
  rd_kafka_consumer_close(a.get());
}

// librdkafka's DeleteConsumerGroupOffsets (OffsetDelete v0) on `group`; returns
// the top-level error and the per-partition errors, in request order.
std::pair<rd_kafka_resp_err_t, std::vector<rd_kafka_resp_err_t>> DeleteOffsets(
    rd_kafka_t* rk, const std::string& group, const std::string& topic,
    const std::vector<int32_t>& partitions) {
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(1);
  for (int32_t p : partitions) rd_kafka_topic_partition_list_add(parts, topic.c_str(), p);
  rd_kafka_DeleteConsumerGroupOffsets_t* del =
      rd_kafka_DeleteConsumerGroupOffsets_new(group.c_str(), parts);
  rd_kafka_topic_partition_list_destroy(parts);
  rd_kafka_queue_t* q = rd_kafka_queue_new(rk);
  rd_kafka_DeleteConsumerGroupOffsets(rk, &del, 1, nullptr, q);
  rd_kafka_DeleteConsumerGroupOffsets_destroy(del);
  rd_kafka_event_t* ev = rd_kafka_queue_poll(q, 15000);
  std::pair<rd_kafka_resp_err_t, std::vector<rd_kafka_resp_err_t>> out{RD_KAFKA_RESP_ERR__TIMED_OUT,
                                                                       {}};
  if (ev != nullptr) {
    out.first = rd_kafka_event_error(ev);
    const auto* res = rd_kafka_event_DeleteConsumerGroupOffsets_result(ev);
    size_t n = 0;
    const rd_kafka_group_result_t** groups =
        res ? rd_kafka_DeleteConsumerGroupOffsets_result_groups(res, &n) : nullptr;
    if (n == 1) {
      if (const rd_kafka_error_t* e = rd_kafka_group_result_error(groups[0])) {
        out.first = rd_kafka_error_code(e);
      }
      if (const auto* ps = rd_kafka_group_result_partitions(groups[0])) {
        for (int i = 0; i < ps->cnt; ++i) out.second.push_back(ps->elems[i].err);
      }
    }
    rd_kafka_event_destroy(ev);
  }
  rd_kafka_queue_destroy(q);
  return out;
}

TEST(ConsumerGroupTest, OffsetDeleteRemovesOffsetsExceptOfTopicsALiveGroupConsumes) {
  TestBroker broker(std::map<std::string, std::string>{{"group.initial.rebalance.delay.ms", "0"},
                                                       {"offsets.topic.num.partitions", "3"}});
  broker.Start();
  ASSERT_TRUE(broker.Get().Logs().CreateTopic("orders", 2, {}).IsOk());
  ASSERT_TRUE(broker.Get().Logs().CreateTopic("other", 1, {}).IsOk());
  auto admin = NewClient(RD_KAFKA_PRODUCER, broker.Bootstrap(), {});

  // An offsets-only group ("cg", commits without subscribing).
  auto c = GroupConsumer(broker.Bootstrap());
  rd_kafka_topic_partition_list_t* commit = rd_kafka_topic_partition_list_new(3);
  rd_kafka_topic_partition_list_add(commit, "orders", 0)->offset = 7;
  rd_kafka_topic_partition_list_add(commit, "orders", 1)->offset = 9;
  rd_kafka_topic_partition_list_add(commit, "other", 0)->offset = 3;
  ASSERT_EQ(rd_kafka_commit(c.get(), commit, 0), RD_KAFKA_RESP_ERR_NO_ERROR);
  rd_kafka_topic_partition_list_destroy(commit);

  auto [err, parts] = DeleteOffsets(admin.get(), "cg", "orders", {0, 5});
  EXPECT_EQ(err, RD_KAFKA_RESP_ERR_NO_ERROR);
  EXPECT_EQ(parts, (std::vector<rd_kafka_resp_err_t>{RD_KAFKA_RESP_ERR_NO_ERROR,
                                                      RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART}));
  EXPECT_EQ(Committed(c.get(), "orders", 2), (std::vector<int64_t>{-1001, 9}));  // -1001: none

  EXPECT_EQ(DeleteOffsets(admin.get(), "no-such-group", "orders", {0}).first,
            RD_KAFKA_RESP_ERR_GROUP_ID_NOT_FOUND);

  // While "cg" has a live member subscribed to "orders", its offsets stay;
  // those of a topic it does not subscribe to may go.
  Subscribe(c.get(), "orders");
  ASSERT_TRUE(WaitForAssignment(c.get(), 2, std::chrono::seconds(20)));
  auto busy = DeleteOffsets(admin.get(), "cg", "orders", {1});
  EXPECT_EQ(busy.first, RD_KAFKA_RESP_ERR_NO_ERROR);
  EXPECT_EQ(busy.second, std::vector<rd_kafka_resp_err_t>{RD_KAFKA_RESP_ERR_GROUP_SUBSCRIBED_TO_TOPIC});
  auto idle = DeleteOffsets(admin.get(), "cg", "other", {0});
  EXPECT_EQ(idle.second, std::vector<rd_kafka_resp_err_t>{RD_KAFKA_RESP_ERR_NO_ERROR});
  EXPECT_EQ(Committed(c.get(), "orders", 2), (std::vector<int64_t>{-1001, 9}));
  EXPECT_EQ(Committed(c.get(), "other", 1), (std::vector<int64_t>{-1001}));
  rd_kafka_consumer_close(c.get());
}

// A static member (group.instance.id) restarting within its session: it gets
// its partitions back and the other member sees no rebalance at all.
std::atomic<int> g_rebalances_of_a{0};

RkPtr StaticConsumer(const std::string& bootstrap, const std::string& instance, bool count) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  for (const auto& [k, v] : std::map<std::string, std::string>{
           {"bootstrap.servers", bootstrap}, {"group.id", "static"},
           {"group.instance.id", instance}, {"session.timeout.ms", "30000"},
           {"heartbeat.interval.ms", "200"}, {"enable.auto.commit", "false"},
           {"log_level", "3"}}) {
    EXPECT_EQ(rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof(err)), RD_KAFKA_CONF_OK);
  }
  if (count) {
    rd_kafka_conf_set_rebalance_cb(conf, [](rd_kafka_t* rk, rd_kafka_resp_err_t e,
                                            rd_kafka_topic_partition_list_t* parts, void*) {
      ++g_rebalances_of_a;
      rd_kafka_assign(rk, e == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS ? parts : nullptr);
    });
  }
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err));
  EXPECT_NE(rk, nullptr) << err;
  rd_kafka_poll_set_consumer(rk);
  return RkPtr(rk);
}

TEST(ConsumerGroupTest, AStaticMemberRestartingWithinItsSessionCausesNoRebalance) {
  TestBroker broker(std::map<std::string, std::string>{{"group.initial.rebalance.delay.ms", "0"},
                                                       {"offsets.topic.num.partitions", "3"}});
  broker.Start();
  ASSERT_TRUE(broker.Get().Logs().CreateTopic("jobs", 4, {}).IsOk());
  auto a = StaticConsumer(broker.Bootstrap(), "instance-a", true);
  Subscribe(a.get(), "jobs");
  ASSERT_TRUE(WaitForAssignment(a.get(), 4, std::chrono::seconds(20)));
  auto b = StaticConsumer(broker.Bootstrap(), "instance-b", false);
  Subscribe(b.get(), "jobs");
  bool split = false;
  const auto deadline = Clock::now() + std::chrono::seconds(20);
  while (!split && Clock::now() < deadline) {
    const bool a_has_2 = WaitForAssignment(a.get(), 2, std::chrono::seconds(0));
    const bool b_has_2 = WaitForAssignment(b.get(), 2, std::chrono::seconds(0));
    split = a_has_2 && b_has_2;
  }
  ASSERT_TRUE(split);
  const int rebalances_before = g_rebalances_of_a.load();

  // b goes away (a static member sends no LeaveGroup) and comes back under
  // the same instance id: a new client, a new member id.
  rd_kafka_consumer_close(b.get());
  b.reset();
  auto b2 = StaticConsumer(broker.Bootstrap(), "instance-b", false);
  Subscribe(b2.get(), "jobs");
  const auto back_deadline = Clock::now() + std::chrono::seconds(20);
  bool back = false;
  while (!back && Clock::now() < back_deadline) {
    back = WaitForAssignment(b2.get(), 2, std::chrono::seconds(0));
    WaitForAssignment(a.get(), 2, std::chrono::seconds(0));  // keeps a polling
  }
  ASSERT_TRUE(back) << "the restarted static member did not get its partitions back";
  // A few more heartbeats of a: a rebalance would have reached it by now.
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(WaitForAssignment(a.get(), 2, std::chrono::seconds(0)));
  EXPECT_EQ(g_rebalances_of_a.load(), rebalances_before);
  rd_kafka_consumer_close(b2.get());
  rd_kafka_consumer_close(a.get());
}

}  // namespace
}  // namespace kconnect::testing
