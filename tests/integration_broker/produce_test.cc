// Produce at the protocol level (raw requests on a loopback socket): acks,
// per-partition errors, the one-batch rule, response fields, and batches
// served byte for byte.

#include "broker/protocol/produce.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <string>
#include <vector>

#include "broker/protocol/error_code.h"
#include "broker/protocol/fetch.h"
#include "broker/protocol/record_batch.h"
#include "broker_harness.h"
#include "data_test_util.h"

namespace kconnect::testing {
namespace {

namespace pr = broker::protocol;
using std::chrono::milliseconds;

int Port(const TestBroker& broker) { return std::stoi(broker.Bootstrap().substr(10)); }

int64_t NowMs() {
  return std::chrono::duration_cast<milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::vector<uint8_t> Batch(int records, pr::BatchSpec spec = {}) {
  std::vector<pr::RecordSpec> specs;
  for (int i = 0; i < records; ++i) {
    pr::RecordSpec r;
    r.key = "k" + std::to_string(i);
    r.value = "value-" + std::to_string(i);
    specs.push_back(r);
  }
  if (spec.base_timestamp == 0) spec.base_timestamp = NowMs();
  return pr::EncodeRecordBatch(spec, specs);
}

pr::ProduceRequest ProduceOf(const std::string& topic, int32_t partition,
                             std::vector<uint8_t> records, int16_t acks = -1) {
  pr::ProduceRequest req;
  req.transactional_id = std::nullopt;
  req.acks = acks;
  req.timeout_ms = 30000;
  pr::ProduceRequest::TopicProduceData t;
  t.name = topic;
  pr::ProduceRequest::TopicProduceData::PartitionProduceData p;
  p.partition_index = partition;
  p.records = std::move(records);
  t.partitions.push_back(std::move(p));
  req.topics.push_back(std::move(t));
  return req;
}

// Sends one produce and returns its only partition's answer.
std::optional<pr::ProduceResponse::TopicProduceResponse::PartitionProduceResponse> ProduceOne(
    RawClient& client, const pr::ProduceRequest& req, int16_t version = 7) {
  if (!client.Send(req, version, 42)) return std::nullopt;
  auto resp = client.Receive<pr::ProduceResponse>(version, milliseconds(5000));
  if (!resp || resp->responses.size() != 1 || resp->responses[0].partitions.size() != 1) {
    ADD_FAILURE() << "no single-partition produce response";
    return std::nullopt;
  }
  return resp->responses[0].partitions[0];
}

class ProduceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    broker_.Start();
    ASSERT_TRUE(broker_.Get().Logs().CreateTopic("t", 1, {}).IsOk());
  }
  TestBroker broker_;
};

TEST_F(ProduceTest, AnswersBaseOffsetAppendTimeAndLogStart) {
  RawClient client(Port(broker_));
  auto first = ProduceOne(client, ProduceOf("t", 0, Batch(3)));
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->error_code, 0);
  EXPECT_EQ(first->base_offset, 0);
  EXPECT_EQ(first->log_append_time_ms, -1);  // CreateTime topic
  EXPECT_EQ(first->log_start_offset, 0);
  auto second = ProduceOne(client, ProduceOf("t", 0, Batch(2)), 3);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->base_offset, 3);

  ASSERT_TRUE(broker_.Get()
                  .Logs()
                  .CreateTopic("lat", 1, {{"message.timestamp.type", "LogAppendTime"}})
                  .IsOk());
  const int64_t before = NowMs();
  auto lat = ProduceOne(client, ProduceOf("lat", 0, Batch(1)));
  ASSERT_TRUE(lat.has_value());
  EXPECT_EQ(lat->error_code, 0);
  EXPECT_GE(lat->log_append_time_ms, before);
  EXPECT_LE(lat->log_append_time_ms, NowMs());
}

TEST_F(ProduceTest, Acks0GetsNoResponse) {
  RawClient client(Port(broker_));
  ASSERT_TRUE(client.Send(ProduceOf("t", 0, Batch(1), 0), 7, 1));
  ASSERT_TRUE(client.Send(ProduceOf("t", 0, Batch(1), 0), 7, 2));
  // The next answer on the connection is the acks=1 produce's: nothing was
  // sent for the two before it.
  ASSERT_TRUE(client.Send(ProduceOf("t", 0, Batch(1), 1), 7, 3));
  int32_t cid = 0;
  auto resp = client.Receive<pr::ProduceResponse>(7, milliseconds(5000), &cid);
  ASSERT_TRUE(resp.has_value());
  EXPECT_EQ(cid, 3);
  EXPECT_EQ(resp->responses[0].partitions[0].base_offset, 2);
}

TEST_F(ProduceTest, AFailedAcks0ProduceClosesTheConnection) {
  RawClient client(Port(broker_));
  ASSERT_TRUE(client.Send(ProduceOf("t", 5, Batch(1), 0), 7, 1));
  EXPECT_TRUE(client.ClosedWithin(milliseconds(3000)));
}

TEST_F(ProduceTest, InvalidAcksAreRefused) {
  RawClient client(Port(broker_));
  auto r = ProduceOne(client, ProduceOf("t", 0, Batch(1), 2));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->error_code, pr::ToInt(pr::ErrorCode::kInvalidRequiredAcks));
  EXPECT_EQ(r->base_offset, -1);
  EXPECT_EQ(broker_.Get().Logs().GetLog("t", 0)->HighWatermark(), 0);
}

TEST_F(ProduceTest, PerPartitionErrors) {
  RawClient client(Port(broker_));
  // Unknown partition of an existing topic.
  auto r = ProduceOne(client, ProduceOf("t", 3, Batch(1)));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->error_code, pr::ToInt(pr::ErrorCode::kUnknownTopicOrPartition));
  // Two batches in one partition (Produce v3+ allows exactly one).
  auto two = Batch(1);
  auto second = Batch(1);
  two.insert(two.end(), second.begin(), second.end());
  r = ProduceOne(client, ProduceOf("t", 0, two));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->error_code, pr::ToInt(pr::ErrorCode::kInvalidRecord));
  // A flipped byte in the CRC-covered part.
  auto corrupt = Batch(2);
  corrupt.back() ^= 0x5a;
  r = ProduceOne(client, ProduceOf("t", 0, corrupt));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->error_code, pr::ToInt(pr::ErrorCode::kCorruptMessage));
  // Null records.
  auto null_records = ProduceOf("t", 0, {});
  null_records.topics[0].partitions[0].records = std::nullopt;
  r = ProduceOne(client, null_records);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->error_code, pr::ToInt(pr::ErrorCode::kInvalidRecord));
  // An invalid topic name.
  r = ProduceOne(client, ProduceOf("bad/name", 0, Batch(1)));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->error_code, pr::ToInt(pr::ErrorCode::kInvalidTopicException));
  EXPECT_EQ(broker_.Get().Logs().GetLog("t", 0)->HighWatermark(), 0);
}

TEST_F(ProduceTest, ZstdNeedsProduceV7) {
  pr::BatchSpec spec;
  spec.base_timestamp = NowMs();
  auto batch = Batch(1, spec);
  // Claim zstd: the broker stores compressed batches without opening them,
  // so only the version rule can refuse this one.
  batch[pr::kAttributesOffset + 1] |= static_cast<uint8_t>(pr::CompressionCodec::kZstd);
  const uint32_t crc = pr::ComputeBatchCrc(batch);
  for (int i = 0; i < 4; ++i) batch[pr::kCrcOffset + i] = static_cast<uint8_t>(crc >> (24 - 8 * i));
  RawClient client(Port(broker_));
  auto r = ProduceOne(client, ProduceOf("t", 0, batch), 6);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->error_code, pr::ToInt(pr::ErrorCode::kUnsupportedCompressionType));
  r = ProduceOne(client, ProduceOf("t", 0, batch), 7);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->error_code, 0);
}

TEST_F(ProduceTest, TransactionalBatchesAreRefused) {
  pr::BatchSpec spec;
  spec.attributes = pr::kTransactionalBit;
  spec.producer_id = 5000;
  spec.producer_epoch = 0;
  spec.base_sequence = 0;
  auto req = ProduceOf("t", 0, Batch(1, spec));
  req.transactional_id = "txn";
  RawClient client(Port(broker_));
  auto r = ProduceOne(client, req);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->error_code, pr::ToInt(pr::ErrorCode::kTransactionalIdAuthorizationFailed));
  EXPECT_EQ(broker_.Get().Logs().GetLog("t", 0)->HighWatermark(), 0);
}

TEST_F(ProduceTest, AutoCreatesTopicsOnlyWhenEnabled) {
  RawClient client(Port(broker_));
  auto r = ProduceOne(client, ProduceOf("fresh", 0, Batch(1)));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->error_code, 0);
  EXPECT_TRUE(broker_.Get().Logs().GetTopic("fresh").has_value());

  TestBroker off(std::map<std::string, std::string>{{"auto.create.topics.enable", "false"}});
  off.Start();
  RawClient other(Port(off));
  r = ProduceOne(other, ProduceOf("fresh", 0, Batch(1)));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->error_code, pr::ToInt(pr::ErrorCode::kUnknownTopicOrPartition));
  EXPECT_FALSE(off.Get().Logs().GetTopic("fresh").has_value());
}

TEST_F(ProduceTest, BatchesAreServedByteForByte) {
  // A "compressed" batch the broker cannot and need not open: stored and
  // served as produced, apart from the offset and leader epoch it assigns.
  pr::BatchSpec spec;
  spec.base_timestamp = NowMs();
  auto batch = Batch(4, spec);
  batch[pr::kAttributesOffset + 1] |= static_cast<uint8_t>(pr::CompressionCodec::kLz4);
  const uint32_t crc = pr::ComputeBatchCrc(batch);
  for (int i = 0; i < 4; ++i) batch[pr::kCrcOffset + i] = static_cast<uint8_t>(crc >> (24 - 8 * i));
  RawClient client(Port(broker_));
  ASSERT_TRUE(ProduceOne(client, ProduceOf("t", 0, Batch(2))).has_value());  // offsets 0..1
  auto r = ProduceOne(client, ProduceOf("t", 0, batch));
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->error_code, 0);
  EXPECT_EQ(r->base_offset, 2);

  pr::FetchRequest fetch;
  fetch.replica_id = -1;
  fetch.max_bytes = 1 << 20;
  pr::FetchRequest::FetchTopic ft;
  ft.topic = "t";
  pr::FetchRequest::FetchTopic::FetchPartition fp;
  fp.fetch_offset = 2;
  fp.partition_max_bytes = 1 << 20;
  ft.partitions.push_back(fp);
  fetch.topics.push_back(ft);
  ASSERT_TRUE(client.Send(fetch, 11, 9));
  auto resp = client.Receive<pr::FetchResponse>(11, milliseconds(5000));
  ASSERT_TRUE(resp.has_value());
  const auto& served = resp->responses[0].partitions[0].records;
  ASSERT_TRUE(served.has_value());
  ASSERT_EQ(served->size(), batch.size());
  auto expected = batch;
  pr::SetBaseOffset(expected, 2);
  pr::SetPartitionLeaderEpoch(expected, 0);
  EXPECT_TRUE(std::equal(expected.begin(), expected.end(), served->begin()));
  EXPECT_TRUE(pr::VerifyBatchCrc(*served));
}

}  // namespace
}  // namespace kconnect::testing
