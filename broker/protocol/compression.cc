#include "broker/protocol/compression.h"

#include <lz4frame.h>
#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>

#include <cstring>
#include <memory>
#include <string>

#include "broker/protocol/crc32c.h"

namespace kconnect::broker::protocol {
namespace {

BatchError Corrupt(const std::string& what) { return BatchError{BatchErrc::kCorruptRecords, what}; }

BatchError TooBig(const char* codec, size_t max_bytes) {
  return Corrupt(std::string(codec) + " records expand beyond " + std::to_string(max_bytes) + " bytes");
}

uint32_t LoadBe32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

void StoreBe(uint8_t* p, uint64_t v, int n) {
  for (int i = n - 1; i >= 0; --i) {
    p[i] = static_cast<uint8_t>(v);
    v >>= 8;
  }
}

BatchResult<std::vector<uint8_t>> Gunzip(std::span<const uint8_t> in, size_t max_bytes) {
  z_stream z{};
  // 15 + 32: a gzip or a zlib header, detected.
  if (inflateInit2(&z, 15 + 32) != Z_OK) return Corrupt("gzip: cannot initialise zlib");
  std::unique_ptr<z_stream, decltype(&inflateEnd)> guard(&z, &inflateEnd);
  std::vector<uint8_t> out(std::max<size_t>(in.size() * 4, 1024));
  z.next_in = const_cast<Bytef*>(in.data());
  z.avail_in = static_cast<uInt>(in.size());
  size_t produced = 0;
  for (;;) {
    if (produced == out.size()) {
      if (out.size() >= max_bytes) return TooBig("gzip", max_bytes);
      out.resize(std::min(out.size() * 2, max_bytes));
    }
    z.next_out = out.data() + produced;
    z.avail_out = static_cast<uInt>(out.size() - produced);
    const int rc = inflate(&z, Z_NO_FLUSH);
    produced = out.size() - z.avail_out;
    if (rc == Z_STREAM_END) break;
    if (rc != Z_OK && rc != Z_BUF_ERROR) return Corrupt(std::string("gzip: ") + (z.msg ? z.msg : "bad data"));
    if (rc == Z_BUF_ERROR && z.avail_in == 0) return Corrupt("gzip: truncated stream");
  }
  out.resize(produced);
  return out;
}

BatchResult<std::vector<uint8_t>> Gzip(std::span<const uint8_t> in) {
  z_stream z{};
  // 15 + 16: write a gzip header, as the clients do.
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return Corrupt("gzip: cannot initialise zlib");
  }
  std::unique_ptr<z_stream, decltype(&deflateEnd)> guard(&z, &deflateEnd);
  std::vector<uint8_t> out(deflateBound(&z, static_cast<uLong>(in.size())) + 32);
  z.next_in = const_cast<Bytef*>(in.data());
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  if (deflate(&z, Z_FINISH) != Z_STREAM_END) return Corrupt("gzip: compression failed");
  out.resize(out.size() - z.avail_out);
  return out;
}

BatchResult<std::vector<uint8_t>> SnappyRawBlock(std::span<const uint8_t> in, std::vector<uint8_t>& out,
                                                 size_t max_bytes) {
  size_t length = 0;
  if (snappy_uncompressed_length(reinterpret_cast<const char*>(in.data()), in.size(), &length) != SNAPPY_OK) {
    return Corrupt("snappy: bad block header");
  }
  if (out.size() + length > max_bytes) return TooBig("snappy", max_bytes);
  const size_t at = out.size();
  out.resize(at + length);
  size_t got = length;
  if (snappy_uncompress(reinterpret_cast<const char*>(in.data()), in.size(), reinterpret_cast<char*>(out.data() + at),
                        &got) != SNAPPY_OK ||
      got != length) {
    return Corrupt("snappy: bad block");
  }
  return std::vector<uint8_t>();
}

BatchResult<std::vector<uint8_t>> Unsnappy(std::span<const uint8_t> in, size_t max_bytes) {
  static constexpr uint8_t kXerialMagic[8] = {0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};
  std::vector<uint8_t> out;
  if (in.size() >= 16 && std::memcmp(in.data(), kXerialMagic, 8) == 0) {
    // snappy-java framing: magic, version, compatible version, then blocks
    // of [int32 length][raw snappy block].
    size_t pos = 16;
    while (pos < in.size()) {
      if (in.size() - pos < 4) return Corrupt("snappy: truncated block length");
      const uint32_t len = LoadBe32(in.data() + pos);
      pos += 4;
      if (len > in.size() - pos) return Corrupt("snappy: truncated block");
      auto block = SnappyRawBlock(in.subspan(pos, len), out, max_bytes);
      if (!block) return block.Error();
      pos += len;
    }
    return out;
  }
  auto block = SnappyRawBlock(in, out, max_bytes);
  if (!block) return block.Error();
  return out;
}

BatchResult<std::vector<uint8_t>> Snappy(std::span<const uint8_t> in) {
  std::vector<uint8_t> out(snappy_max_compressed_length(in.size()));
  size_t len = out.size();
  if (snappy_compress(reinterpret_cast<const char*>(in.data()), in.size(), reinterpret_cast<char*>(out.data()),
                      &len) != SNAPPY_OK) {
    return Corrupt("snappy: compression failed");
  }
  out.resize(len);
  return out;
}

BatchResult<std::vector<uint8_t>> Unlz4(std::span<const uint8_t> in, size_t max_bytes) {
  LZ4F_dctx* ctx = nullptr;
  if (LZ4F_isError(LZ4F_createDecompressionContext(&ctx, LZ4F_VERSION))) return Corrupt("lz4: cannot initialise");
  std::unique_ptr<LZ4F_dctx, decltype(&LZ4F_freeDecompressionContext)> guard(ctx, &LZ4F_freeDecompressionContext);
  std::vector<uint8_t> out(std::max<size_t>(in.size() * 4, 1024));
  size_t produced = 0, consumed = 0;
  for (;;) {
    if (produced == out.size()) {
      if (out.size() >= max_bytes) return TooBig("lz4", max_bytes);
      out.resize(std::min(out.size() * 2, max_bytes));
    }
    size_t dst = out.size() - produced;
    size_t src = in.size() - consumed;
    const size_t hint = LZ4F_decompress(ctx, out.data() + produced, &dst, in.data() + consumed, &src, nullptr);
    if (LZ4F_isError(hint)) return Corrupt(std::string("lz4: ") + LZ4F_getErrorName(hint));
    produced += dst;
    consumed += src;
    if (hint == 0) break;  // frame complete
    if (consumed == in.size() && dst == 0) return Corrupt("lz4: truncated frame");
  }
  out.resize(produced);
  return out;
}

BatchResult<std::vector<uint8_t>> Lz4(std::span<const uint8_t> in) {
  std::vector<uint8_t> out(LZ4F_compressFrameBound(in.size(), nullptr));
  const size_t n = LZ4F_compressFrame(out.data(), out.size(), in.data(), in.size(), nullptr);
  if (LZ4F_isError(n)) return Corrupt(std::string("lz4: ") + LZ4F_getErrorName(n));
  out.resize(n);
  return out;
}

BatchResult<std::vector<uint8_t>> Unzstd(std::span<const uint8_t> in, size_t max_bytes) {
  ZSTD_DStream* stream = ZSTD_createDStream();
  if (stream == nullptr) return Corrupt("zstd: cannot initialise");
  std::unique_ptr<ZSTD_DStream, decltype(&ZSTD_freeDStream)> guard(stream, &ZSTD_freeDStream);
  ZSTD_initDStream(stream);
  std::vector<uint8_t> out(std::max<size_t>(in.size() * 4, 1024));
  ZSTD_inBuffer input{in.data(), in.size(), 0};
  size_t produced = 0;
  for (;;) {
    if (produced == out.size()) {
      if (out.size() >= max_bytes) return TooBig("zstd", max_bytes);
      out.resize(std::min(out.size() * 2, max_bytes));
    }
    ZSTD_outBuffer output{out.data() + produced, out.size() - produced, 0};
    const size_t rc = ZSTD_decompressStream(stream, &output, &input);
    if (ZSTD_isError(rc)) return Corrupt(std::string("zstd: ") + ZSTD_getErrorName(rc));
    produced += output.pos;
    if (rc == 0 && input.pos == input.size) break;  // frame(s) complete
    if (input.pos == input.size && output.pos < output.size && rc != 0) return Corrupt("zstd: truncated frame");
  }
  out.resize(produced);
  return out;
}

BatchResult<std::vector<uint8_t>> Zstd(std::span<const uint8_t> in) {
  std::vector<uint8_t> out(ZSTD_compressBound(in.size()));
  const size_t n = ZSTD_compress(out.data(), out.size(), in.data(), in.size(), 3);
  if (ZSTD_isError(n)) return Corrupt(std::string("zstd: ") + ZSTD_getErrorName(n));
  out.resize(n);
  return out;
}

}  // namespace

BatchResult<std::vector<uint8_t>> Decompress(CompressionCodec codec, std::span<const uint8_t> data,
                                             size_t max_bytes) {
  switch (codec) {
    case CompressionCodec::kNone:
      return std::vector<uint8_t>(data.begin(), data.end());
    case CompressionCodec::kGzip:
      return Gunzip(data, max_bytes);
    case CompressionCodec::kSnappy:
      return Unsnappy(data, max_bytes);
    case CompressionCodec::kLz4:
      return Unlz4(data, max_bytes);
    case CompressionCodec::kZstd:
      return Unzstd(data, max_bytes);
  }
  return Corrupt("unknown compression codec " + std::to_string(static_cast<int>(codec)));
}

BatchResult<std::vector<uint8_t>> Compress(CompressionCodec codec, std::span<const uint8_t> data) {
  switch (codec) {
    case CompressionCodec::kNone:
      return std::vector<uint8_t>(data.begin(), data.end());
    case CompressionCodec::kGzip:
      return Gzip(data);
    case CompressionCodec::kSnappy:
      return Snappy(data);
    case CompressionCodec::kLz4:
      return Lz4(data);
    case CompressionCodec::kZstd:
      return Zstd(data);
  }
  return Corrupt("unknown compression codec " + std::to_string(static_cast<int>(codec)));
}

BatchResult<std::vector<RecordView>> DecodeAnyRecords(const RecordBatchView& batch, std::vector<uint8_t>* storage) {
  const CompressionCodec codec = batch.header.Codec();
  if (codec == CompressionCodec::kNone) return DecodeRecords(batch);
  if (batch.bytes.size() < kBatchHeaderSize) return Corrupt("record batch too short");
  auto plain = Decompress(codec, batch.bytes.subspan(kBatchHeaderSize));
  if (!plain) return plain.Error();
  *storage = std::move(plain.Value());
  return DecodeRecordsSection(*storage, batch.header.record_count);
}

BatchResult<std::vector<uint8_t>> BuildBatch(const RecordBatchHeader& header,
                                             const std::vector<std::span<const uint8_t>>& records) {
  std::vector<uint8_t> section;
  for (const auto& r : records) section.insert(section.end(), r.begin(), r.end());
  const CompressionCodec codec = header.Codec();
  if (codec != CompressionCodec::kNone) {
    auto packed = Compress(codec, section);
    if (!packed) return packed.Error();
    section = std::move(packed.Value());
  }
  std::vector<uint8_t> out(kBatchHeaderSize);
  uint8_t* p = out.data();
  StoreBe(p, static_cast<uint64_t>(header.base_offset), 8);
  StoreBe(p + 8, kBatchHeaderSize + section.size() - kBatchLogOverhead, 4);
  StoreBe(p + 12, static_cast<uint32_t>(header.partition_leader_epoch), 4);
  p[16] = static_cast<uint8_t>(kMagicV2);
  StoreBe(p + 21, static_cast<uint16_t>(header.attributes), 2);
  StoreBe(p + 23, static_cast<uint32_t>(header.last_offset_delta), 4);
  StoreBe(p + 27, static_cast<uint64_t>(header.base_timestamp), 8);
  StoreBe(p + 35, static_cast<uint64_t>(header.max_timestamp), 8);
  StoreBe(p + 43, static_cast<uint64_t>(header.producer_id), 8);
  StoreBe(p + 51, static_cast<uint16_t>(header.producer_epoch), 2);
  StoreBe(p + 53, static_cast<uint32_t>(header.base_sequence), 4);
  StoreBe(p + 57, records.size(), 4);
  out.insert(out.end(), section.begin(), section.end());
  StoreBe(out.data() + kCrcOffset, ComputeBatchCrc(out), 4);
  return out;
}

}  // namespace kconnect::broker::protocol
