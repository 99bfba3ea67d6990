// ListOffsets through librdkafka (watermarks, offsets_for_times) and raw
// requests (versions, duplicates, unknown partitions).

#include "broker/protocol/list_offsets.h"

#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include <chrono>
#include <string>
#include <vector>

#include "broker/protocol/error_code.h"
#include "broker_harness.h"
#include "data_test_util.h"

namespace kconnect::testing {
namespace {

namespace pr = broker::protocol;
using std::chrono::milliseconds;

int Port(const TestBroker& broker) { return std::stoi(broker.Bootstrap().substr(10)); }

class ListOffsetsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    broker_.Start();
    ASSERT_TRUE(broker_.Get().Logs().CreateTopic("times", 1, {}).IsOk());
    producer_ = NewClient(RD_KAFKA_PRODUCER, broker_.Bootstrap(), {{"linger.ms", "5"}});
    base_ = std::chrono::duration_cast<milliseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count() -
            3600 * 1000;
    // Ten records one second apart, an hour ago.
    std::vector<OutMessage> msgs(10);
    for (int i = 0; i < 10; ++i) {
      msgs[i].value = "v" + std::to_string(i);
      msgs[i].timestamp = base_ + i * 1000;
    }
    auto reports = ProduceAll(producer_.get(), "times", msgs);
    for (const auto& r : reports) ASSERT_EQ(r.err, RD_KAFKA_RESP_ERR_NO_ERROR);
  }

  int64_t OffsetForTime(int64_t ts) {
    rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(parts, "times", 0)->offset = ts;
    rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(producer_.get(), parts, 10000);
    int64_t out =
        err == RD_KAFKA_RESP_ERR_NO_ERROR && parts->elems[0].err == RD_KAFKA_RESP_ERR_NO_ERROR
            ? parts->elems[0].offset
            : -1000;
    EXPECT_EQ(err, RD_KAFKA_RESP_ERR_NO_ERROR) << rd_kafka_err2str(err);
    rd_kafka_topic_partition_list_destroy(parts);
    return out;
  }

  TestBroker broker_;
  RkPtr producer_;
  int64_t base_ = 0;
};

TEST_F(ListOffsetsTest, WatermarksAreLogStartAndHighWatermark) {
  int64_t low = -1, high = -1;
  ASSERT_EQ(rd_kafka_query_watermark_offsets(producer_.get(), "times", 0, &low, &high, 10000),
            RD_KAFKA_RESP_ERR_NO_ERROR);
  EXPECT_EQ(low, 0);
  EXPECT_EQ(high, 10);
  ASSERT_TRUE(broker_.Get().Logs().GetLog("times", 0)->DeleteRecords(4).IsOk());
  ASSERT_EQ(rd_kafka_query_watermark_offsets(producer_.get(), "times", 0, &low, &high, 10000),
            RD_KAFKA_RESP_ERR_NO_ERROR);
  EXPECT_EQ(low, 4);
  EXPECT_EQ(high, 10);
}

TEST_F(ListOffsetsTest, OffsetsForTimes) {
  EXPECT_EQ(OffsetForTime(base_), 0);
  EXPECT_EQ(OffsetForTime(base_ + 2500), 3);
  EXPECT_EQ(OffsetForTime(base_ + 9000), 9);
  EXPECT_EQ(OffsetForTime(0), 0);
  // After the last record: none (librdkafka reports -1, "end").
  EXPECT_EQ(OffsetForTime(base_ + 20000), -1);
}

TEST_F(ListOffsetsTest, RawRequestsAtEveryVersion) {
  RawClient client(Port(broker_));
  for (int16_t v = 1; v <= 3; ++v) {
    pr::ListOffsetsRequest req;
    req.replica_id = -1;
    req.isolation_level = 1;
    pr::ListOffsetsRequest::ListOffsetsTopic t;
    t.name = "times";
    for (int64_t ts : {int64_t{-2}, int64_t{-1}, base_ + 1000}) {
      pr::ListOffsetsRequest::ListOffsetsTopic::ListOffsetsPartition p;
      p.partition_index = 0;
      p.timestamp = ts;
      t.partitions.push_back(p);
    }
    req.topics.push_back(t);
    pr::ListOffsetsRequest::ListOffsetsTopic missing;
    missing.name = "times";
    missing.partitions.push_back({});
    missing.partitions[0].partition_index = 9;
    req.topics.push_back(missing);
    ASSERT_TRUE(client.Send(req, v, v));
    auto resp = client.Receive<pr::ListOffsetsResponse>(v, milliseconds(5000));
    ASSERT_TRUE(resp.has_value()) << "v" << v;
    ASSERT_EQ(resp->topics.size(), 2u);
    const auto& parts = resp->topics[0].partitions;
    ASSERT_EQ(parts.size(), 3u);
    // Partition 0 named three times: the answers cannot be told apart.
    for (const auto& p : parts) EXPECT_EQ(p.error_code, pr::ToInt(pr::ErrorCode::kInvalidRequest));
    EXPECT_EQ(resp->topics[1].partitions[0].error_code,
              pr::ToInt(pr::ErrorCode::kUnknownTopicOrPartition));

    // One lookup per request.
    for (auto [ts, offset, stamp] : {std::tuple<int64_t, int64_t, int64_t>{-2, 0, -1},
                                     {-1, 10, -1},
                                     {base_ + 1000, 1, base_ + 1000}}) {
      pr::ListOffsetsRequest one;
      one.replica_id = -1;
      one.topics.push_back(t);
      one.topics[0].partitions.resize(1);
      one.topics[0].partitions[0].timestamp = ts;
      ASSERT_TRUE(client.Send(one, v, 100));
      auto r = client.Receive<pr::ListOffsetsResponse>(v, milliseconds(5000));
      ASSERT_TRUE(r.has_value());
      const auto& p = r->topics[0].partitions[0];
      EXPECT_EQ(p.error_code, 0);
      EXPECT_EQ(p.offset, offset) << "v" << v << " ts " << ts;
      EXPECT_EQ(p.timestamp, stamp) << "v" << v << " ts " << ts;
    }
  }
}

}  // namespace
}  // namespace kconnect::testing
