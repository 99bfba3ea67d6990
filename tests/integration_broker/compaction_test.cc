// Compaction end to end: a librdkafka producer writes many versions of a few
// keys to a compacted topic, the broker's own cleaner thread compacts it, and
// a librdkafka consumer reading from the beginning sees the latest value of
// every key at the offset it was produced at.

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "broker/protocol/record_batch.h"
#include "broker_harness.h"
#include "data_test_util.h"

namespace kconnect::testing {
namespace {

using Clock = std::chrono::steady_clock;

// Uncompressed, and zstd (which librdkafka compresses for this broker).
class CompactionTest : public ::testing::TestWithParam<std::string> {};

TEST_P(CompactionTest, TheCleanerThreadLeavesTheLatestValueOfEachKeyAtItsOffset) {
  TestBroker broker(std::map<std::string, std::string>{{"log.cleaner.backoff.ms", "50"}});
  broker.Start();
  ASSERT_TRUE(broker.Get()
                  .Logs()
                  .CreateTopic("compacted", 1,
                               {{"cleanup.policy", "compact"}, {"segment.bytes", "1024"}})
                  .IsOk());
  auto log = broker.Get().Logs().GetLog("compacted", 0);
  ASSERT_NE(log, nullptr);

  // Small batches, so that they spread over many segments.
  auto producer = NewClient(RD_KAFKA_PRODUCER, broker.Bootstrap(),
                            {{"batch.num.messages", "10"},
                             {"linger.ms", "1"},
                             {"compression.codec", GetParam()}});
  std::vector<OutMessage> out;
  for (int version = 0; version < 20; ++version) {
    for (int k = 0; k < 30; ++k) {
      OutMessage m;
      m.key = "key-" + std::to_string(k);
      m.value = "v" + std::to_string(version) + "-" + std::string(30, 'x');
      out.push_back(m);
    }
  }
  const auto reports = ProduceAll(producer.get(), "compacted", out);
  std::map<std::string, std::pair<int64_t, std::string>> latest;  // key -> (offset, value)
  for (size_t i = 0; i < out.size(); ++i) {
    ASSERT_EQ(reports[i].err, RD_KAFKA_RESP_ERR_NO_ERROR) << i;
    latest[*out[i].key] = {reports[i].offset, *out[i].value};
  }
  const uint64_t produced_bytes = log->SizeInBytes();
  ASSERT_GT(log->NumSegments(), 3u);

  const auto deadline = Clock::now() + std::chrono::seconds(20);
  while (log->SizeInBytes() >= produced_bytes / 2 && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling the cleaner's effect
  }
  ASSERT_LT(log->SizeInBytes(), produced_bytes / 2) << "the cleaner did not shrink the partition";
  if (GetParam() != "none") {
    // The batches really were compressed, and still are.
    auto stored = log->Read(0, 1 << 20);
    ASSERT_TRUE(stored);
    auto batches = broker::protocol::SplitRecordBatches(stored->records);
    ASSERT_TRUE(batches.Ok());
    EXPECT_EQ(batches->front().header.Codec(), broker::protocol::CompressionCodec::kZstd);
  }

  auto consumer = NewConsumer(broker.Bootstrap());
  Assign(consumer.get(), "compacted", {{0, RD_KAFKA_OFFSET_BEGINNING}});
  const int64_t end = log->LogEndOffset();
  std::map<std::string, std::pair<int64_t, std::string>> seen;
  int64_t previous = -1;
  size_t count = 0;
  const auto read_deadline = Clock::now() + std::chrono::seconds(20);
  while (previous < end - 1 && Clock::now() < read_deadline) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(consumer.get(), 100);
    if (m == nullptr) continue;
    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      EXPECT_GT(m->offset, previous);
      previous = m->offset;
      ++count;
      seen[std::string(static_cast<const char*>(m->key), m->key_len)] = {
          m->offset, std::string(static_cast<const char*>(m->payload), m->len)};
    } else {
      ADD_FAILURE() << rd_kafka_message_errstr(m);
    }
    rd_kafka_message_destroy(m);
  }
  EXPECT_EQ(previous, end - 1);
  EXPECT_LT(count, out.size());
  EXPECT_EQ(seen, latest);
  rd_kafka_consumer_close(consumer.get());
}

INSTANTIATE_TEST_SUITE_P(Codecs, CompactionTest, ::testing::Values("none", "zstd"));

}  // namespace
}  // namespace kconnect::testing
