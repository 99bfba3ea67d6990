#include "broker/protocol/record_batch.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "broker/protocol/crc32c.h"

namespace kconnect::broker::protocol {
namespace {

std::string Str(std::span<const uint8_t> s) { return std::string(reinterpret_cast<const char*>(s.data()), s.size()); }

std::vector<uint8_t> ThreeRecords() {
  BatchSpec spec;
  spec.base_timestamp = 1'700'000'000'000;
  std::vector<RecordSpec> recs(3);
  recs[0].key = "k0";
  recs[0].value = "v0";
  recs[1].key = std::nullopt;
  recs[1].value = "value-one";
  recs[1].timestamp_delta = 5;
  recs[1].headers = {{"h1", std::string("x")}, {"h2", std::nullopt}};
  recs[2].key = "k2";
  recs[2].value = std::nullopt;  // tombstone
  recs[2].timestamp_delta = 3;
  return EncodeRecordBatch(spec, recs);
}

TEST(Crc32cTest, StandardCheckValue) {
  const char* s = "123456789";
  EXPECT_EQ(Crc32c(s, 9), 0xE3069283u);
  EXPECT_EQ(Crc32c(s, 0), 0u);
  // Extending in two parts gives the same CRC as one pass.
  EXPECT_EQ(Crc32cExtend(Crc32c(s, 4), s + 4, 5), 0xE3069283u);
}

TEST(Crc32cTest, KnownVectors) {
  // RFC 3720 B.4: 32 bytes of zeros -> 0x8A9136AA; 32 bytes of 0xFF -> 0x62A8AB43.
  uint8_t zeros[32] = {};
  uint8_t ones[32];
  std::memset(ones, 0xff, sizeof ones);
  EXPECT_EQ(Crc32c(zeros, 32), 0x8A9136AAu);
  EXPECT_EQ(Crc32c(ones, 32), 0x62A8AB43u);
}

TEST(RecordBatchTest, EncodeParseRoundTrip) {
  auto bytes = ThreeRecords();
  auto h = ParseBatchHeader(bytes);
  ASSERT_TRUE(h) << h.Error().message;
  EXPECT_EQ(h->magic, 2);
  EXPECT_EQ(h->SizeInBytes(), bytes.size());
  EXPECT_EQ(h->record_count, 3);
  EXPECT_EQ(h->last_offset_delta, 2);
  EXPECT_EQ(h->base_timestamp, 1'700'000'000'000);
  EXPECT_EQ(h->max_timestamp, 1'700'000'000'005);
  EXPECT_EQ(h->producer_id, -1);
  EXPECT_EQ(h->base_sequence, -1);
  EXPECT_EQ(h->Codec(), CompressionCodec::kNone);
  EXPECT_EQ(h->TsType(), TimestampType::kCreateTime);
  EXPECT_TRUE(VerifyBatchCrc(bytes));

  auto split = SplitRecordBatches(bytes);
  ASSERT_TRUE(split);
  ASSERT_EQ(split->size(), 1u);
  auto recs = DecodeRecords((*split)[0]);
  ASSERT_TRUE(recs) << recs.Error().message;
  ASSERT_EQ(recs->size(), 3u);
  const auto& r = recs.Value();
  EXPECT_EQ(Str(*r[0].key), "k0");
  EXPECT_EQ(Str(*r[0].value), "v0");
  EXPECT_FALSE(r[1].key.has_value());
  EXPECT_EQ(Str(*r[1].value), "value-one");
  EXPECT_EQ(r[1].offset_delta, 1);
  EXPECT_EQ(RecordTimestamp(*h, r[1]), 1'700'000'000'005);
  ASSERT_EQ(r[1].headers.size(), 2u);
  EXPECT_EQ(r[1].headers[0].key, "h1");
  EXPECT_EQ(Str(*r[1].headers[0].value), "x");
  EXPECT_EQ(r[1].headers[1].key, "h2");
  EXPECT_FALSE(r[1].headers[1].value.has_value());
  EXPECT_FALSE(r[2].value.has_value());
  EXPECT_EQ(r[2].offset_delta, 2);
}

// A batch whose bytes are written out by hand from the layout, so the encoder
// and the parser cannot agree on a shared mistake.
TEST(RecordBatchTest, ParsesHandWrittenBatch) {
  std::vector<uint8_t> b = {
      0, 0, 0, 0, 0, 0, 0, 0,     // baseOffset 0
      0, 0, 0, 0,                 // batchLength (patched)
      0xff, 0xff, 0xff, 0xff,     // partitionLeaderEpoch -1
      2,                          // magic
      0, 0, 0, 0,                 // crc (patched)
      0, 0,                       // attributes
      0, 0, 0, 0,                 // lastOffsetDelta 0
      0, 0, 0, 0, 0, 0, 0, 10,    // baseTimestamp 10
      0, 0, 0, 0, 0, 0, 0, 10,    // maxTimestamp 10
      0, 0, 0, 0, 0, 0, 0, 7,     // producerId 7
      0, 1,                       // producerEpoch 1
      0, 0, 0, 4,                 // baseSequence 4
      0, 0, 0, 1,                 // recordCount 1
      // record: length 8 (zigzag 16), attrs 0, tsDelta 0, offsetDelta 0,
      // key len 1 (zigzag 2) 'a', value len 1 'b', headers 0
      16, 0, 0, 0, 2, 'a', 2, 'b', 0};
  b[11] = static_cast<uint8_t>(b.size() - 12);
  uint32_t crc = Crc32c(b.data() + 21, b.size() - 21);
  b[17] = crc >> 24;
  b[18] = (crc >> 16) & 0xff;
  b[19] = (crc >> 8) & 0xff;
  b[20] = crc & 0xff;
  auto split = SplitRecordBatches(b);
  ASSERT_TRUE(split) << split.Error().message;
  const auto& h = (*split)[0].header;
  EXPECT_EQ(h.producer_id, 7);
  EXPECT_EQ(h.producer_epoch, 1);
  EXPECT_EQ(h.base_sequence, 4);
  EXPECT_EQ(h.LastSequence(), 4);
  EXPECT_EQ(h.partition_leader_epoch, -1);
  EXPECT_TRUE(ValidateProducedBatch((*split)[0]));
  auto recs = DecodeRecords((*split)[0]);
  ASSERT_TRUE(recs) << recs.Error().message;
  EXPECT_EQ(Str(*(*recs)[0].key), "a");
  EXPECT_EQ(Str(*(*recs)[0].value), "b");
  // Same bytes from the encoder.
  BatchSpec spec;
  spec.base_timestamp = 10;
  spec.producer_id = 7;
  spec.producer_epoch = 1;
  spec.base_sequence = 4;
  RecordSpec r;
  r.key = "a";
  r.value = "b";
  EXPECT_EQ(EncodeRecordBatch(spec, {r}), b);
}

TEST(RecordBatchTest, CorruptCrcDetected) {
  auto bytes = ThreeRecords();
  bytes[bytes.size() - 2] ^= 0x01;  // flip a bit inside a record
  EXPECT_FALSE(VerifyBatchCrc(bytes));
  auto split = SplitRecordBatches(bytes);
  ASSERT_TRUE(split);  // structure is intact
  auto v = ValidateProducedBatch((*split)[0]);
  ASSERT_FALSE(v);
  EXPECT_EQ(v.Error().code, BatchErrc::kCrcMismatch);
  EXPECT_EQ(KafkaErrorCode(v.Error().code), 2);
}

TEST(RecordBatchTest, TruncatedAndGarbageDetected) {
  auto bytes = ThreeRecords();
  auto truncated = std::span<const uint8_t>(bytes).first(bytes.size() - 3);
  auto s1 = SplitRecordBatches(truncated);
  ASSERT_FALSE(s1);
  EXPECT_EQ(s1.Error().code, BatchErrc::kTruncated);
  EXPECT_EQ(KafkaErrorCode(s1.Error().code), 2);

  auto s2 = SplitRecordBatches(std::span<const uint8_t>(bytes).first(30));
  ASSERT_FALSE(s2);
  EXPECT_EQ(s2.Error().code, BatchErrc::kTruncated);

  // Two good batches then garbage.
  std::vector<uint8_t> set = bytes;
  set.insert(set.end(), bytes.begin(), bytes.end());
  ASSERT_TRUE(SplitRecordBatches(set));
  EXPECT_EQ(SplitRecordBatches(set)->size(), 2u);
  std::vector<uint8_t> garbage(80, 0xAB);
  set.insert(set.end(), garbage.begin(), garbage.end());
  auto s3 = SplitRecordBatches(set);
  ASSERT_FALSE(s3);
  EXPECT_EQ(s3.Error().code, BatchErrc::kUnsupportedMagic);

  // batchLength below a header's worth.
  auto small = bytes;
  small[8] = small[9] = small[10] = 0;
  small[11] = 10;
  auto s4 = ParseBatchHeader(small);
  ASSERT_FALSE(s4);
  EXPECT_EQ(s4.Error().code, BatchErrc::kInvalidLength);
}

TEST(RecordBatchTest, LegacyMagicRejected) {
  auto bytes = ThreeRecords();
  bytes[16] = 1;
  auto h = ParseBatchHeader(bytes);
  ASSERT_FALSE(h);
  EXPECT_EQ(h.Error().code, BatchErrc::kUnsupportedMagic);
  EXPECT_EQ(KafkaErrorCode(h.Error().code), 87);
  EXPECT_NE(h.Error().message.find("magic 1"), std::string::npos);
}

TEST(RecordBatchTest, ValidateProducedBatchRules) {
  RecordSpec r;
  r.value = "v";
  auto check = [&](BatchSpec spec, BatchErrc want) {
    auto bytes = EncodeRecordBatch(spec, {r, r});
    auto split = SplitRecordBatches(bytes);
    ASSERT_TRUE(split);
    auto v = ValidateProducedBatch((*split)[0]);
    ASSERT_FALSE(v);
    EXPECT_EQ(v.Error().code, want) << v.Error().message;
  };
  BatchSpec nonzero_base;
  nonzero_base.base_offset = 5;
  check(nonzero_base, BatchErrc::kInvalidRecord);
  BatchSpec control;
  control.attributes = kControlBit;
  check(control, BatchErrc::kInvalidRecord);
  BatchSpec pid_without_seq;
  pid_without_seq.producer_id = 3;
  pid_without_seq.producer_epoch = 0;
  check(pid_without_seq, BatchErrc::kInvalidRecord);
  BatchSpec append_time;
  append_time.attributes = kTimestampTypeBit;
  check(append_time, BatchErrc::kInvalidTimestamp);

  // lastOffsetDelta inconsistent with recordCount: patch and re-CRC.
  auto bytes = EncodeRecordBatch(BatchSpec{}, {r, r});
  bytes[26] = 5;
  uint32_t crc = ComputeBatchCrc(bytes);
  bytes[17] = crc >> 24;
  bytes[18] = (crc >> 16) & 0xff;
  bytes[19] = (crc >> 8) & 0xff;
  bytes[20] = crc & 0xff;
  auto v = ValidateProducedBatch((*SplitRecordBatches(bytes))[0]);
  ASSERT_FALSE(v);
  EXPECT_EQ(v.Error().code, BatchErrc::kInvalidRecord);
}

TEST(RecordBatchTest, RewriteBaseOffsetKeepsCrc) {
  auto bytes = ThreeRecords();
  uint32_t crc_before = ParseBatchHeader(bytes)->crc;
  SetBaseOffset(bytes, 123456789012LL);
  SetPartitionLeaderEpoch(bytes, 0);
  auto h = ParseBatchHeader(bytes);
  EXPECT_EQ(h->base_offset, 123456789012LL);
  EXPECT_EQ(h->LastOffset(), 123456789014LL);
  EXPECT_EQ(h->partition_leader_epoch, 0);
  EXPECT_EQ(h->crc, crc_before);
  EXPECT_TRUE(VerifyBatchCrc(bytes));
}

TEST(RecordBatchTest, LogAppendTimeRecomputesCrc) {
  auto bytes = ThreeRecords();
  uint32_t crc_before = ParseBatchHeader(bytes)->crc;
  SetLogAppendTime(bytes, 42);
  auto h = ParseBatchHeader(bytes);
  EXPECT_EQ(h->TsType(), TimestampType::kLogAppendTime);
  EXPECT_EQ(h->max_timestamp, 42);
  EXPECT_NE(h->crc, crc_before);
  EXPECT_TRUE(VerifyBatchCrc(bytes));
  auto recs = DecodeRecords((*SplitRecordBatches(bytes))[0]);
  ASSERT_TRUE(recs);
  for (const auto& r : recs.Value()) EXPECT_EQ(RecordTimestamp(*h, r), 42);
}

TEST(RecordBatchTest, CompressedBatchNotDecoded) {
  auto bytes = ThreeRecords();
  bytes[22] |= 0x04;  // zstd codec bit pattern (4)
  auto split = SplitRecordBatches(bytes);
  ASSERT_TRUE(split);
  EXPECT_EQ((*split)[0].header.Codec(), CompressionCodec::kZstd);
  auto recs = DecodeRecords((*split)[0]);
  ASSERT_FALSE(recs);
  EXPECT_EQ(recs.Error().code, BatchErrc::kCompressed);
}

TEST(RecordBatchTest, CorruptRecordsDetected) {
  auto bytes = ThreeRecords();
  bytes[kBatchHeaderSize] = 0x7f;  // first record's length far beyond the batch
  auto recs = DecodeRecords((*SplitRecordBatches(bytes))[0]);
  ASSERT_FALSE(recs);
  EXPECT_EQ(recs.Error().code, BatchErrc::kCorruptRecords);
}

TEST(RecordBatchTest, SequenceWraps) {
  RecordBatchHeader h;
  h.base_sequence = 2147483647;
  h.last_offset_delta = 2;
  EXPECT_EQ(h.LastSequence(), 1);
}

}  // namespace
}  // namespace kconnect::broker::protocol
