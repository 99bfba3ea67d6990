#include "broker/protocol/compression.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "broker/protocol/record_batch.h"

namespace kconnect::broker::protocol {
namespace {

std::vector<uint8_t> Text(size_t n) {
  std::vector<uint8_t> out;
  const std::string words = "the quick brown fox jumps over the lazy dog ";
  for (size_t i = 0; i < n; ++i) out.push_back(static_cast<uint8_t>(words[(i * 7) % words.size()]));
  return out;
}

class CodecTest : public ::testing::TestWithParam<CompressionCodec> {};

TEST_P(CodecTest, RoundTripsEmptySmallAndLargeInputs) {
  for (size_t n : {size_t{0}, size_t{1}, size_t{1000}, size_t{3'000'000}}) {
    const auto input = Text(n);
    auto packed = Compress(GetParam(), input);
    ASSERT_TRUE(packed.Ok()) << packed.Error().message;
    if (n >= 1000) {
      EXPECT_LT(packed->size(), input.size()) << "compressible text did not shrink";
    }
    auto back = Decompress(GetParam(), packed.Value());
    ASSERT_TRUE(back.Ok()) << back.Error().message;
    EXPECT_EQ(back.Value(), input) << n;
  }
}

TEST_P(CodecTest, GarbageAndTruncatedInputAreCorruptRecords) {
  const auto packed = Compress(GetParam(), Text(5000));
  ASSERT_TRUE(packed.Ok());
  std::vector<uint8_t> cut(packed->begin(), packed->begin() + static_cast<long>(packed->size() / 2));
  auto truncated = Decompress(GetParam(), cut);
  ASSERT_FALSE(truncated.Ok());
  EXPECT_EQ(truncated.Error().code, BatchErrc::kCorruptRecords);
  const std::vector<uint8_t> garbage = {0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8};
  auto bad = Decompress(GetParam(), garbage);
  ASSERT_FALSE(bad.Ok());
  EXPECT_EQ(bad.Error().code, BatchErrc::kCorruptRecords);
}

TEST_P(CodecTest, CompressedBatchesDecodeAndRebuild) {
  std::vector<RecordSpec> specs;
  for (int i = 0; i < 50; ++i) {
    RecordSpec r;
    r.key = "key-" + std::to_string(i % 7);
    if (i % 10 != 9) r.value = std::string(100, static_cast<char>('a' + i % 26));
    r.timestamp_delta = i;
    specs.push_back(r);
  }
  BatchSpec spec;
  spec.base_timestamp = 1'700'000'000'000;
  const auto plain_batch = EncodeRecordBatch(spec, specs);
  auto split = SplitRecordBatches(plain_batch);
  ASSERT_TRUE(split.Ok());
  auto plain_records = DecodeRecords(split->front());
  ASSERT_TRUE(plain_records.Ok());
  std::vector<std::span<const uint8_t>> raws;
  for (const auto& r : plain_records.Value()) raws.push_back(r.raw);

  RecordBatchHeader header = split->front().header;
  header.attributes = static_cast<int16_t>((header.attributes & ~kCodecMask) | static_cast<int16_t>(GetParam()));
  auto compressed = BuildBatch(header, raws);
  ASSERT_TRUE(compressed.Ok()) << compressed.Error().message;
  EXPECT_TRUE(VerifyBatchCrc(compressed.Value()));
  auto again = SplitRecordBatches(compressed.Value());
  ASSERT_TRUE(again.Ok());
  EXPECT_EQ(again->front().header.Codec(), GetParam());
  EXPECT_EQ(again->front().header.record_count, 50);
  EXPECT_EQ(again->front().header.last_offset_delta, 49);

  std::vector<uint8_t> storage;
  auto records = DecodeAnyRecords(again->front(), &storage);
  ASSERT_TRUE(records.Ok()) << records.Error().message;
  ASSERT_EQ(records->size(), 50u);
  for (size_t i = 0; i < 50; ++i) {
    const auto& r = records.Value()[i];
    EXPECT_EQ(r.offset_delta, static_cast<int32_t>(i));
    EXPECT_EQ(std::string(r.key->begin(), r.key->end()), *specs[i].key);
    EXPECT_EQ(r.value.has_value(), specs[i].value.has_value());
  }
}

INSTANTIATE_TEST_SUITE_P(Codecs, CodecTest,
                         ::testing::Values(CompressionCodec::kGzip, CompressionCodec::kSnappy,
                                           CompressionCodec::kLz4, CompressionCodec::kZstd),
                         [](const auto& info) {
                           switch (info.param) {
                             case CompressionCodec::kGzip: return std::string("Gzip");
                             case CompressionCodec::kSnappy: return std::string("Snappy");
                             case CompressionCodec::kLz4: return std::string("Lz4");
                             default: return std::string("Zstd");
                           }
                         });

// kafka-python and the Java client frame snappy the snappy-java way: a magic
// header, then length-prefixed raw blocks.
TEST(SnappyTest, XerialFramingIsRead) {
  const auto a = Text(3000);
  const auto b = Text(1234);
  std::vector<uint8_t> framed = {0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0, 0, 0, 0, 1, 0, 0, 0, 1};
  for (const auto* part : {&a, &b}) {
    auto block = Compress(CompressionCodec::kSnappy, *part);
    ASSERT_TRUE(block.Ok());
    const uint32_t n = static_cast<uint32_t>(block->size());
    for (int shift : {24, 16, 8, 0}) framed.push_back(static_cast<uint8_t>(n >> shift));
    framed.insert(framed.end(), block->begin(), block->end());
  }
  auto out = Decompress(CompressionCodec::kSnappy, framed);
  ASSERT_TRUE(out.Ok()) << out.Error().message;
  std::vector<uint8_t> want = a;
  want.insert(want.end(), b.begin(), b.end());
  EXPECT_EQ(out.Value(), want);
}

TEST(DecompressTest, AnExpansionBeyondTheCapIsRefused) {
  const size_t cap = 1 << 20;
  const std::vector<uint8_t> zeros(cap + 4096, 0);
  for (auto codec : {CompressionCodec::kGzip, CompressionCodec::kSnappy, CompressionCodec::kLz4,
                     CompressionCodec::kZstd}) {
    auto packed = Compress(codec, zeros);
    ASSERT_TRUE(packed.Ok());
    EXPECT_LT(packed->size(), 64u * 1024);  // a small batch...
    auto out = Decompress(codec, packed.Value(), cap);
    ASSERT_FALSE(out.Ok());  // ...that would expand beyond the cap
    EXPECT_NE(out.Error().message.find("expand beyond"), std::string::npos) << out.Error().message;
    EXPECT_TRUE(Decompress(codec, packed.Value(), 2 * cap).Ok());
  }
}

}  // namespace
}  // namespace kconnect::broker::protocol
