// Byte sequences derived by hand from the Kafka protocol specification
// (request/response header layouts, KIP-482 compact encodings), checked in
// both directions.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "broker/protocol/api_versions.h"
#include "broker/protocol/apis.h"
#include "broker/protocol/codec.h"
#include "broker/protocol/fetch.h"
#include "broker/protocol/metadata.h"
#include "broker/protocol/produce.h"
#include "broker/protocol/request_header.h"
#include "broker/protocol/response_header.h"
#include "broker/protocol/writer.h"

namespace kconnect::broker::protocol {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes Concat(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

Bytes Str(const std::string& s) { return Bytes(s.begin(), s.end()); }

TEST(GoldenTest, ApiVersionsV0Request) {
  // kafka-python's probe: header v1 (key 18, version 0, correlation 1,
  // client_id "kp"), empty body.
  const Bytes expected = {0x00, 0x12, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02, 'k', 'p'};
  ASSERT_EQ(RequestHeaderVersion(18, 0), 1);
  RequestHeader h;
  h.request_api_key = 18;
  h.request_api_version = 0;
  h.correlation_id = 1;
  h.client_id = "kp";
  EXPECT_EQ(Encode(h, 1), expected);
  EXPECT_TRUE(Encode(ApiVersionsRequest(), 0).empty());

  Reader r(expected);
  RequestHeader parsed;
  ASSERT_TRUE(parsed.Read(r, 1).IsOk());
  EXPECT_EQ(parsed, h);
  ApiVersionsRequest body;
  ASSERT_TRUE(body.Read(r, 0).IsOk());
  EXPECT_EQ(r.Remaining(), 0u);
}

TEST(GoldenTest, RequestHeaderNullClientId) {
  RequestHeader h;
  h.request_api_key = 3;
  h.request_api_version = 1;
  h.correlation_id = -1;
  h.client_id = std::nullopt;
  EXPECT_EQ(Encode(h, 1), (Bytes{0x00, 0x03, 0x00, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}));
  // Header v0 has no client_id at all.
  EXPECT_EQ(Encode(h, 0), (Bytes{0x00, 0x03, 0x00, 0x01, 0xff, 0xff, 0xff, 0xff}));
}

TEST(GoldenTest, MetadataV1RequestForOneTopic) {
  const Bytes expected = {0x00, 0x00, 0x00, 0x01, 0x00, 0x02, 't', '1'};
  MetadataRequest m;
  m.topics = std::vector<MetadataRequest::MetadataRequestTopic>{{"t1"}};
  EXPECT_EQ(Encode(m, 1), expected);
  MetadataRequest parsed;
  ASSERT_TRUE(DecodeExact(expected, 1, &parsed).IsOk());
  ASSERT_TRUE(parsed.topics.has_value());
  ASSERT_EQ(parsed.topics->size(), 1u);
  EXPECT_EQ((*parsed.topics)[0].name, "t1");
}

TEST(GoldenTest, MetadataAllTopicsIsEmptyInV0AndNullFromV1) {
  MetadataRequest all;
  all.topics = std::nullopt;
  // v1+: null array (-1) = all topics. v4 appends allow_auto_topic_creation.
  EXPECT_EQ(Encode(all, 1), (Bytes{0xff, 0xff, 0xff, 0xff}));
  EXPECT_EQ(Encode(all, 4), (Bytes{0xff, 0xff, 0xff, 0xff, 0x01}));
  // v0 cannot say null; its "all topics" is the empty array.
  EXPECT_EQ(Encode(all, 0), (Bytes{0x00, 0x00, 0x00, 0x00}));
  MetadataRequest parsed;
  ASSERT_TRUE(DecodeExact(Bytes{0xff, 0xff, 0xff, 0xff}, 1, &parsed).IsOk());
  EXPECT_FALSE(parsed.topics.has_value());
  // v0 has no null: -1 is malformed there.
  EXPECT_EQ(DecodeExact(Bytes{0xff, 0xff, 0xff, 0xff}, 0, &parsed).Code(), StatusCode::kMalformed);
}

TEST(GoldenTest, ApiVersionsV3RequestWithCompactStringsAndEmptyTags) {
  // librdkafka's first request: header v2 = classic client_id + empty tag
  // section; body = two compact strings + empty tag section.
  const Bytes header = Concat(
      Concat({0x00, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x07, 0x00, 0x07}, Str("rdkafka")), {0x00});
  const Bytes body =
      Concat(Concat(Concat({0x0b}, Str("librdkafka")), Concat({0x06}, Str("2.0.2"))), {0x00});
  ASSERT_EQ(RequestHeaderVersion(18, 3), 2);
  RequestHeader h;
  h.request_api_key = 18;
  h.request_api_version = 3;
  h.correlation_id = 7;
  h.client_id = "rdkafka";
  EXPECT_EQ(Encode(h, 2), header);
  ApiVersionsRequest req;
  req.client_software_name = "librdkafka";
  req.client_software_version = "2.0.2";
  EXPECT_EQ(Encode(req, 3), body);

  const Bytes frame = Concat(header, body);
  Reader r(frame);
  RequestHeader ph;
  ApiVersionsRequest pb;
  ASSERT_TRUE(ph.Read(r, 2).IsOk());
  ASSERT_TRUE(pb.Read(r, 3).IsOk());
  EXPECT_EQ(r.Remaining(), 0u);
  EXPECT_EQ(ph, h);
  EXPECT_EQ(pb, req);
}

TEST(GoldenTest, UnknownTaggedFieldsAreSkipped) {
  // ApiVersions v3 body with an unknown tag 7 of 2 bytes at the end.
  const Bytes body = Concat(Concat(Concat({0x02}, Str("c")), Concat({0x02}, Str("1"))),
                            {0x01, 0x07, 0x02, 0xaa, 0xbb});
  ApiVersionsRequest req;
  ASSERT_TRUE(DecodeExact(body, 3, &req).IsOk());
  EXPECT_EQ(req.client_software_name, "c");
  EXPECT_EQ(req.client_software_version, "1");
  // An unknown tag whose size runs past the end is truncation, not a crash.
  const Bytes bad =
      Concat(Concat(Concat({0x02}, Str("c")), Concat({0x02}, Str("1"))), {0x01, 0x07, 0x09, 0xaa});
  EXPECT_EQ(DecodeExact(bad, 3, &req).Code(), StatusCode::kTruncated);
}

TEST(GoldenTest, ApiVersionsV0ResponseWithHeaderV0) {
  ASSERT_EQ(ResponseHeaderVersion(18, 0), 0);
  ResponseHeader h;
  h.correlation_id = 1;
  ApiVersionsResponse resp;
  resp.api_keys.push_back({18, 0, 3});
  const Bytes expected = {0x00, 0x00, 0x00, 0x01,               // correlation id
                          0x00, 0x00,                           // error_code
                          0x00, 0x00, 0x00, 0x01,               // one entry
                          0x00, 0x12, 0x00, 0x00, 0x00, 0x03};  // 18: 0..3
  EXPECT_EQ(Concat(Encode(h, 0), Encode(resp, 0)), expected);
}

TEST(GoldenTest, ApiVersionsV3ResponseKeepsHeaderV0AndUsesCompactBody) {
  // Pitfall #1 (broker.md §13): no tag section in this response's header.
  ASSERT_EQ(ResponseHeaderVersion(18, 3), 0);
  ApiVersionsResponse resp;
  resp.api_keys.push_back({18, 0, 3});
  EXPECT_EQ(Encode(resp, 3), (Bytes{0x00, 0x00,                                // error_code
                                    0x02,                                      // 1 entry (+1)
                                    0x00, 0x12, 0x00, 0x00, 0x00, 0x03, 0x00,  // entry + tags
                                    0x00, 0x00, 0x00, 0x00,                    // throttle
                                    0x00}));                                   // no tags
  // A tagged field differing from its default is written as tag, size, value.
  resp.finalized_features_epoch = 5;
  const Bytes with_tag = Encode(resp, 3);
  const Bytes tail = {0x01, 0x01, 0x08, 0, 0, 0, 0, 0, 0, 0, 0x05};
  ASSERT_GE(with_tag.size(), tail.size());
  EXPECT_EQ(Bytes(with_tag.end() - static_cast<ptrdiff_t>(tail.size()), with_tag.end()), tail);
  ApiVersionsResponse parsed;
  ASSERT_TRUE(DecodeExact(with_tag, 3, &parsed).IsOk());
  EXPECT_EQ(parsed.finalized_features_epoch, 5);
  EXPECT_EQ(parsed, resp);
}

TEST(GoldenTest, ProduceV3RequestWithNullTransactionalId) {
  ProduceRequest req;
  req.transactional_id = std::nullopt;
  req.acks = -1;
  req.timeout_ms = 30000;
  req.topics.push_back({"t", {{0, Bytes{0xab, 0xcd}}}});
  const Bytes expected = {0xff, 0xff,              // transactional_id null
                          0xff, 0xff,              // acks -1
                          0x00, 0x00, 0x75, 0x30,  // timeout 30000
                          0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 't',  0x00,
                          0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,  // partition 0
                          0x00, 0x00, 0x00, 0x02, 0xab, 0xcd};       // records
  EXPECT_EQ(Encode(req, 3), expected);
  ProduceRequest parsed;
  ASSERT_TRUE(DecodeExact(expected, 7, &parsed).IsOk());
  EXPECT_EQ(parsed, req);
}

TEST(GoldenTest, ProduceResponseLogStartOffsetFromV5) {
  ProduceResponse resp;
  resp.responses.push_back({"t", {{0, 0, 42, -1, 7}}});
  const Bytes v4 = Encode(resp, 4);
  const Bytes v5 = Encode(resp, 5);
  EXPECT_EQ(v5.size(), v4.size() + 8);
  // v5 partition: index, error, base_offset 42, log_append_time -1, log_start 7.
  const Bytes partition_v5 = {0,    0,    0,    0,    0,    0,    0,    0, 0, 0, 0, 0, 0, 42, 0xff,
                              0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0,  7};
  EXPECT_NE(std::search(v5.begin(), v5.end(), partition_v5.begin(), partition_v5.end()), v5.end());
}

TEST(GoldenTest, FetchV11FieldsAndNullAbortedTransactions) {
  FetchResponse resp;
  FetchResponse::FetchableTopicResponse::PartitionData p;
  p.partition_index = 0;
  p.high_watermark = 10;
  p.last_stable_offset = 10;
  p.log_start_offset = 0;
  p.aborted_transactions = std::nullopt;
  p.records = Bytes{};
  resp.responses.push_back({"t", {p}});
  const Bytes v11 = Encode(resp, 11);
  const Bytes v10 = Encode(resp, 10);
  // v11 adds preferred_read_replica (-1) per partition.
  EXPECT_EQ(v11.size(), v10.size() + 4);
  const Bytes tail11 = {0xff, 0xff, 0xff, 0xff,   // aborted_transactions null
                        0xff, 0xff, 0xff, 0xff,   // preferred_read_replica -1
                        0x00, 0x00, 0x00, 0x00};  // records: empty, not null
  EXPECT_EQ(Bytes(v11.end() - 12, v11.end()), tail11);

  FetchRequest req;
  req.rack_id = "r";
  EXPECT_EQ(Encode(req, 11).size(), Encode(req, 10).size() + 3);
}

// A Fetch response's records are sent from segment files: encoded with its
// records placed outside, then those bytes put at the positions noted, it
// must be byte for byte the ordinary encoding, in every Fetch version.
TEST(GoldenTest, FetchRecordsPlacedOutsideSpliceBackToTheOrdinaryEncoding) {
  const std::vector<Bytes> records = {Bytes(300, 0xa1), Bytes{}, Bytes(17, 0xb2), Bytes(5000, 0xc3)};
  FetchResponse full;
  FetchResponse hollow;
  for (int t = 0; t < 2; ++t) {
    FetchResponse::FetchableTopicResponse topic{"t" + std::to_string(t), {}};
    FetchResponse::FetchableTopicResponse hollow_topic = topic;
    for (int i = 0; i < 2; ++i) {
      FetchResponse::FetchableTopicResponse::PartitionData p;
      p.partition_index = i;
      p.high_watermark = 10 + i;
      p.aborted_transactions = std::nullopt;
      p.records = records[static_cast<size_t>(t * 2 + i)];
      topic.partitions.push_back(p);
      p.records = Bytes{};
      hollow_topic.partitions.push_back(p);
    }
    full.responses.push_back(topic);
    hollow.responses.push_back(hollow_topic);
  }
  std::vector<uint64_t> sizes;
  for (const Bytes& r : records) sizes.push_back(r.size());
  for (int16_t version = 4; version <= 11; ++version) {
    const Bytes expected = Encode(full, version);
    Bytes out;
    std::vector<size_t> positions;
    Writer w(&out);
    w.PlaceRecordsOutside(sizes, &positions);
    hollow.Write(w, version);
    EXPECT_EQ(w.Size(), expected.size()) << version;
    ASSERT_EQ(positions.size(), records.size());
    Bytes spliced;
    size_t at = 0;
    for (size_t i = 0; i < records.size(); ++i) {
      spliced.insert(spliced.end(), out.begin() + static_cast<std::ptrdiff_t>(at),
                     out.begin() + static_cast<std::ptrdiff_t>(positions[i]));
      spliced.insert(spliced.end(), records[i].begin(), records[i].end());
      at = positions[i];
    }
    spliced.insert(spliced.end(), out.begin() + static_cast<std::ptrdiff_t>(at), out.end());
    EXPECT_EQ(spliced, expected) << version;
  }
  // Without the call, records go in the buffer as before.
  EXPECT_EQ(Encode(hollow, 11).size() + 300 + 17 + 5000, Encode(full, 11).size());
}

TEST(GoldenTest, HeaderVersionHelpers) {
  EXPECT_EQ(RequestHeaderVersion(18, 0), 1);
  EXPECT_EQ(RequestHeaderVersion(18, 3), 2);
  // An ApiVersions request newer than we know still parses as header v2.
  EXPECT_EQ(RequestHeaderVersion(18, 9), 2);
  EXPECT_EQ(ResponseHeaderVersion(18, 3), 0);
  EXPECT_EQ(RequestHeaderVersion(3, 6), 1);
  EXPECT_EQ(ResponseHeaderVersion(3, 6), 0);
  EXPECT_EQ(RequestHeaderVersion(0, 7), 1);
  EXPECT_EQ(RequestHeaderVersion(999, 0), -1);
  EXPECT_EQ(ResponseHeaderVersion(999, 0), -1);
  EXPECT_TRUE(IsSupported(1, 11));
  EXPECT_FALSE(IsSupported(1, 12));
  EXPECT_FALSE(IsSupported(0, 2));
  ASSERT_NE(FindApi(22), nullptr);
  EXPECT_EQ(FindApi(22)->name, "InitProducerId");
}

TEST(GoldenTest, ResponseHeaderV1HasTagSection) {
  ResponseHeader h;
  h.correlation_id = 2;
  EXPECT_EQ(Encode(h, 1), (Bytes{0, 0, 0, 2, 0x00}));
  EXPECT_EQ(Encode(h, 0), (Bytes{0, 0, 0, 2}));
}

}  // namespace
}  // namespace kconnect::broker::protocol
