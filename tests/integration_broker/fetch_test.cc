// Fetch at the protocol level (raw requests on a loopback socket): long-poll
// timing, wake-up on append, size limits, errors, sessions.

#include "broker/protocol/fetch.h"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "broker/protocol/error_code.h"
#include "broker/protocol/produce.h"
#include "broker/protocol/record_batch.h"
#include "broker_harness.h"
#include "data_test_util.h"

namespace kconnect::testing {
namespace {

namespace pr = broker::protocol;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr int16_t kFetchVersion = 11;

int Port(const TestBroker& broker) { return std::stoi(broker.Bootstrap().substr(10)); }

std::vector<uint8_t> Batch(int records, size_t value_size = 10) {
  std::vector<pr::RecordSpec> specs;
  for (int i = 0; i < records; ++i) {
    pr::RecordSpec r;
    r.key = "k" + std::to_string(i);
    r.value = std::string(value_size, 'v');
    r.timestamp_delta = i;
    specs.push_back(r);
  }
  pr::BatchSpec spec;
  spec.base_timestamp =
      std::chrono::duration_cast<milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  return pr::EncodeRecordBatch(spec, specs);
}

void Append(TestBroker& broker, const std::string& topic, int32_t partition,
            std::vector<uint8_t> batch) {
  auto log = broker.Get().Logs().GetLog(topic, partition);
  ASSERT_NE(log, nullptr);
  ASSERT_TRUE(log->Append(batch).IsOk());
}

pr::FetchRequest FetchOf(const std::string& topic, std::vector<std::pair<int32_t, int64_t>> parts,
                         int32_t max_wait_ms, int32_t min_bytes = 1,
                         int32_t partition_max_bytes = 1 << 20) {
  pr::FetchRequest req;
  req.replica_id = -1;
  req.max_wait_ms = max_wait_ms;
  req.min_bytes = min_bytes;
  req.max_bytes = 50 << 20;
  req.isolation_level = 1;
  req.session_id = 0;
  req.session_epoch = -1;
  pr::FetchRequest::FetchTopic t;
  t.topic = topic;
  for (auto [p, off] : parts) {
    pr::FetchRequest::FetchTopic::FetchPartition fp;
    fp.partition = p;
    fp.fetch_offset = off;
    fp.partition_max_bytes = partition_max_bytes;
    t.partitions.push_back(fp);
  }
  req.topics.push_back(t);
  return req;
}

std::vector<pr::RecordBatchView> Batches(const std::optional<std::vector<uint8_t>>& records) {
  EXPECT_TRUE(records.has_value());
  if (!records) return {};
  auto split = pr::SplitRecordBatches(*records);
  EXPECT_TRUE(split.Ok());
  return split.Ok() ? split.Value() : std::vector<pr::RecordBatchView>{};
}

class FetchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    broker_.Start();
    ASSERT_TRUE(broker_.Get().Logs().CreateTopic("t", 2, {}).IsOk());
  }
  TestBroker broker_;
};

TEST_F(FetchTest, AnEmptyLongPollAnswersAtMaxWait) {
  RawClient client(Port(broker_));
  ASSERT_TRUE(client.connected());
  const auto start = Clock::now();
  ASSERT_TRUE(client.Send(FetchOf("t", {{0, 0}}, 500), kFetchVersion, 7));
  int32_t cid = 0;
  auto resp = client.Receive<pr::FetchResponse>(kFetchVersion, milliseconds(5000), &cid);
  const auto elapsed = Clock::now() - start;
  ASSERT_TRUE(resp.has_value());
  EXPECT_EQ(cid, 7);
  // Not at once, and well within KafkaJS's maxWait + 100 ms patience (the
  // upper bound is generous for loaded test machines).
  EXPECT_GE(elapsed, milliseconds(450));
  EXPECT_LT(elapsed, milliseconds(1500));
  EXPECT_EQ(resp->error_code, 0);
  EXPECT_EQ(resp->session_id, 0);
  ASSERT_EQ(resp->responses.size(), 1u);
  ASSERT_EQ(resp->responses[0].partitions.size(), 1u);
  const auto& p = resp->responses[0].partitions[0];
  EXPECT_EQ(p.error_code, 0);
  EXPECT_EQ(p.high_watermark, 0);
  EXPECT_EQ(p.last_stable_offset, 0);
  EXPECT_EQ(p.log_start_offset, 0);
  EXPECT_EQ(p.preferred_read_replica, -1);
  ASSERT_TRUE(p.records.has_value());  // empty, not null
  EXPECT_TRUE(p.records->empty());
}

TEST_F(FetchTest, ZeroMaxWaitAnswersAtOnce) {
  RawClient client(Port(broker_));
  const auto start = Clock::now();
  ASSERT_TRUE(client.Send(FetchOf("t", {{0, 0}}, 0), kFetchVersion, 1));
  auto resp = client.Receive<pr::FetchResponse>(kFetchVersion, milliseconds(5000));
  ASSERT_TRUE(resp.has_value());
  EXPECT_LT(Clock::now() - start, milliseconds(400));
}

TEST_F(FetchTest, AnAppendWakesAParkedFetch) {
  RawClient client(Port(broker_));
  ASSERT_TRUE(client.Send(FetchOf("t", {{0, 0}, {1, 0}}, 10000), kFetchVersion, 3));
  // Parked: no answer for a while.
  ASSERT_FALSE(client.ReadFrame(milliseconds(300)).has_value());
  const auto start = Clock::now();
  Append(broker_, "t", 1, Batch(3));
  auto resp = client.Receive<pr::FetchResponse>(kFetchVersion, milliseconds(10000));
  const auto elapsed = Clock::now() - start;
  ASSERT_TRUE(resp.has_value());
  EXPECT_LT(elapsed, milliseconds(2000));
  ASSERT_EQ(resp->responses[0].partitions.size(), 2u);
  EXPECT_TRUE(resp->responses[0].partitions[0].records->empty());
  const auto& p1 = resp->responses[0].partitions[1];
  EXPECT_EQ(p1.partition_index, 1);
  EXPECT_EQ(p1.high_watermark, 3);
  auto batches = Batches(p1.records);
  ASSERT_EQ(batches.size(), 1u);
  EXPECT_EQ(batches[0].header.base_offset, 0);
  EXPECT_EQ(batches[0].header.record_count, 3);
}

TEST_F(FetchTest, MinBytesHoldsTheFetchUntilEnoughArrived) {
  RawClient client(Port(broker_));
  const std::vector<uint8_t> one = Batch(1);
  // Wants more than two batches' worth.
  ASSERT_TRUE(client.Send(FetchOf("t", {{0, 0}}, 10000, static_cast<int32_t>(one.size() * 2 + 1)),
                          kFetchVersion, 4));
  Append(broker_, "t", 0, Batch(1));
  ASSERT_FALSE(client.ReadFrame(milliseconds(300)).has_value());
  Append(broker_, "t", 0, Batch(1));
  ASSERT_FALSE(client.ReadFrame(milliseconds(300)).has_value());
  Append(broker_, "t", 0, Batch(1));
  auto resp = client.Receive<pr::FetchResponse>(kFetchVersion, milliseconds(5000));
  ASSERT_TRUE(resp.has_value());
  EXPECT_EQ(Batches(resp->responses[0].partitions[0].records).size(), 3u);
}

TEST_F(FetchTest, TheFirstBatchIsWholeEvenAboveTheLimitsAndLaterOnesRespectThem) {
  const auto big = Batch(5, 1000);  // ~5 KB
  Append(broker_, "t", 0, big);
  Append(broker_, "t", 0, Batch(5, 1000));
  Append(broker_, "t", 1, Batch(5, 1000));
  RawClient client(Port(broker_));
  // 100 bytes per partition: partition 0 still gets its first batch whole
  // (KIP-74), partition 1 gets nothing, since something was returned already.
  ASSERT_TRUE(client.Send(FetchOf("t", {{0, 0}, {1, 0}}, 0, 1, 100), kFetchVersion, 5));
  auto resp = client.Receive<pr::FetchResponse>(kFetchVersion, milliseconds(5000));
  ASSERT_TRUE(resp.has_value());
  const auto& parts = resp->responses[0].partitions;
  ASSERT_EQ(parts.size(), 2u);
  auto b0 = Batches(parts[0].records);
  ASSERT_EQ(b0.size(), 1u);
  EXPECT_EQ(b0[0].bytes.size(), big.size());
  EXPECT_EQ(parts[0].high_watermark, 10);
  EXPECT_TRUE(parts[1].records->empty());
  EXPECT_EQ(parts[1].high_watermark, 5);

  // With room for one and a half batches per partition: one whole batch each.
  ASSERT_TRUE(
      client.Send(FetchOf("t", {{0, 0}, {1, 0}}, 0, 1, static_cast<int32_t>(big.size() * 3 / 2)),
                  kFetchVersion, 6));
  resp = client.Receive<pr::FetchResponse>(kFetchVersion, milliseconds(5000));
  ASSERT_TRUE(resp.has_value());
  EXPECT_EQ(Batches(resp->responses[0].partitions[0].records).size(), 1u);
  EXPECT_EQ(Batches(resp->responses[0].partitions[1].records).size(), 1u);

  // The request-wide max_bytes applies across partitions.
  auto req = FetchOf("t", {{0, 0}, {1, 0}}, 0, 1, 1 << 20);
  req.max_bytes = static_cast<int32_t>(big.size() * 3 / 2);
  ASSERT_TRUE(client.Send(req, kFetchVersion, 7));
  resp = client.Receive<pr::FetchResponse>(kFetchVersion, milliseconds(5000));
  ASSERT_TRUE(resp.has_value());
  EXPECT_EQ(Batches(resp->responses[0].partitions[0].records).size(), 1u);
  EXPECT_TRUE(resp->responses[0].partitions[1].records->empty());
}

// The broker's fetch.max.bytes caps a response below what the client asks
// for; a partition whose next batch no longer fits gets nothing, and is
// served in full by later fetches (asking for the same offset again).
TEST(FetchCapTest, TheBrokersFetchMaxBytesCapsAResponse) {
  TestBroker broker(std::map<std::string, std::string>{{"fetch.max.bytes", "4096"}});
  broker.Start();
  ASSERT_TRUE(broker.Get().Logs().CreateTopic("t", 3, {}).IsOk());
  const auto batch = Batch(3, 1000);  // ~3 KB: one fits under the cap, two do not
  for (int32_t p = 0; p < 3; ++p) {
    Append(broker, "t", p, batch);
    Append(broker, "t", p, batch);
  }
  RawClient client(Port(broker));
  std::vector<std::pair<int32_t, int64_t>> positions = {{0, 0}, {1, 0}, {2, 0}};
  std::vector<int> batches_seen(3, 0);
  for (int32_t round = 1; round <= 6; ++round) {
    ASSERT_TRUE(client.Send(FetchOf("t", positions, 0), kFetchVersion, round));  // asks for 50 MiB
    auto resp = client.Receive<pr::FetchResponse>(kFetchVersion, milliseconds(5000));
    ASSERT_TRUE(resp.has_value());
    size_t bytes = 0;
    for (const auto& part : resp->responses[0].partitions) {
      EXPECT_EQ(part.error_code, 0);
      auto got = Batches(part.records);
      bytes += part.records ? part.records->size() : 0;
      if (got.empty()) continue;
      auto& pos = positions[static_cast<size_t>(part.partition_index)];
      EXPECT_EQ(got.front().header.base_offset, pos.second);
      pos.second = got.back().header.LastOffset() + 1;
      batches_seen[static_cast<size_t>(part.partition_index)] += static_cast<int>(got.size());
    }
    EXPECT_EQ(bytes, batch.size()) << "round " << round << ": one batch per response";
  }
  EXPECT_EQ(batches_seen, (std::vector<int>{2, 2, 2}));
}

TEST_F(FetchTest, AFetchFromTheMiddleOfABatchStartsAtThatBatch) {
  Append(broker_, "t", 0, Batch(10));
  Append(broker_, "t", 0, Batch(10));
  RawClient client(Port(broker_));
  ASSERT_TRUE(client.Send(FetchOf("t", {{0, 15}}, 0), kFetchVersion, 1));
  auto resp = client.Receive<pr::FetchResponse>(kFetchVersion, milliseconds(5000));
  ASSERT_TRUE(resp.has_value());
  auto batches = Batches(resp->responses[0].partitions[0].records);
  ASSERT_EQ(batches.size(), 1u);
  EXPECT_EQ(batches[0].header.base_offset, 10);
}

TEST_F(FetchTest, ErrorsAnswerAtOnceAndTopicsAreNotCreated) {
  Append(broker_, "t", 0, Batch(2));
  RawClient client(Port(broker_));
  const auto start = Clock::now();
  auto req = FetchOf("t", {{0, 5}, {7, 0}}, 5000);
  pr::FetchRequest::FetchTopic missing;
  missing.topic = "no-such-topic";
  missing.partitions.push_back(req.topics[0].partitions[0]);
  req.topics.push_back(missing);
  ASSERT_TRUE(client.Send(req, kFetchVersion, 1));
  auto resp = client.Receive<pr::FetchResponse>(kFetchVersion, milliseconds(5000));
  ASSERT_TRUE(resp.has_value());
  EXPECT_LT(Clock::now() - start, milliseconds(1000));
  ASSERT_EQ(resp->responses.size(), 2u);
  EXPECT_EQ(resp->responses[0].partitions[0].error_code,
            pr::ToInt(pr::ErrorCode::kOffsetOutOfRange));
  EXPECT_EQ(resp->responses[0].partitions[0].high_watermark, 2);
  EXPECT_EQ(resp->responses[0].partitions[1].error_code,
            pr::ToInt(pr::ErrorCode::kUnknownTopicOrPartition));
  EXPECT_EQ(resp->responses[1].topic, "no-such-topic");
  EXPECT_EQ(resp->responses[1].partitions[0].error_code,
            pr::ToInt(pr::ErrorCode::kUnknownTopicOrPartition));
  EXPECT_TRUE(resp->responses[1].partitions[0].records.has_value());
  EXPECT_FALSE(broker_.Get().Logs().GetTopic("no-such-topic").has_value());
}

TEST_F(FetchTest, SessionsAreDeclined) {
  Append(broker_, "t", 0, Batch(1));
  RawClient client(Port(broker_));
  // Epoch 0 asks for a new session: a full answer, session id 0.
  auto req = FetchOf("t", {{0, 0}}, 0);
  req.session_epoch = 0;
  ASSERT_TRUE(client.Send(req, kFetchVersion, 1));
  auto resp = client.Receive<pr::FetchResponse>(kFetchVersion, milliseconds(5000));
  ASSERT_TRUE(resp.has_value());
  EXPECT_EQ(resp->error_code, 0);
  EXPECT_EQ(resp->session_id, 0);
  EXPECT_EQ(Batches(resp->responses[0].partitions[0].records).size(), 1u);
  // An incremental fetch on a session we never created.
  req.session_id = 1234;
  req.session_epoch = 3;
  ASSERT_TRUE(client.Send(req, kFetchVersion, 2));
  resp = client.Receive<pr::FetchResponse>(kFetchVersion, milliseconds(5000));
  ASSERT_TRUE(resp.has_value());
  EXPECT_EQ(resp->error_code, pr::ToInt(pr::ErrorCode::kFetchSessionIdNotFound));
}

TEST_F(FetchTest, OldVersionsAndRepeatedTopicsAreServed) {
  Append(broker_, "t", 0, Batch(1));
  Append(broker_, "t", 1, Batch(2));
  RawClient client(Port(broker_));
  // KafkaJS may list a topic twice; kafka-python speaks Fetch v4.
  auto req = FetchOf("t", {{0, 0}}, 0);
  req.topics.push_back(FetchOf("t", {{1, 0}}, 0).topics[0]);
  for (int16_t v = 4; v <= 11; ++v) {
    ASSERT_TRUE(client.Send(req, v, v));
    auto resp = client.Receive<pr::FetchResponse>(v, milliseconds(5000));
    ASSERT_TRUE(resp.has_value()) << "v" << v;
    ASSERT_EQ(resp->responses.size(), 2u);
    EXPECT_EQ(Batches(resp->responses[0].partitions[0].records).size(), 1u);
    EXPECT_EQ(resp->responses[1].partitions[0].partition_index, 1);
    EXPECT_EQ(resp->responses[1].partitions[0].high_watermark, 2);
  }
}

TEST_F(FetchTest, AClosedConnectionReleasesItsParkedFetchAndStopIsPrompt) {
  {
    RawClient client(Port(broker_));
    ASSERT_TRUE(client.Send(FetchOf("t", {{0, 0}}, 30000), kFetchVersion, 1));
    ASSERT_FALSE(client.ReadFrame(milliseconds(200)).has_value());
  }
  RawClient parked(Port(broker_));
  ASSERT_TRUE(parked.Send(FetchOf("t", {{0, 0}}, 30000), kFetchVersion, 1));
  ASSERT_FALSE(parked.ReadFrame(milliseconds(200)).has_value());
  const auto start = Clock::now();
  broker_.Stop();
  EXPECT_LT(Clock::now() - start, milliseconds(5000));
  EXPECT_TRUE(parked.ClosedWithin(milliseconds(2000)));
}

}  // namespace
}  // namespace kconnect::testing
