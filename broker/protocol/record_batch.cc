#include "broker/protocol/record_batch.h"

#include <algorithm>
#include <limits>

#include "broker/protocol/crc32c.h"

namespace kconnect::broker::protocol {
namespace {

uint64_t LoadBe(const uint8_t* p, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; ++i) v = (v << 8) | p[i];
  return v;
}
int64_t LoadI64(const uint8_t* p) { return static_cast<int64_t>(LoadBe(p, 8)); }
int32_t LoadI32(const uint8_t* p) { return static_cast<int32_t>(static_cast<uint32_t>(LoadBe(p, 4))); }
int16_t LoadI16(const uint8_t* p) { return static_cast<int16_t>(static_cast<uint16_t>(LoadBe(p, 2))); }

void StoreBe(uint8_t* p, uint64_t v, int n) {
  for (int i = n - 1; i >= 0; --i) {
    p[i] = static_cast<uint8_t>(v & 0xff);
    v >>= 8;
  }
}

BatchError Err(BatchErrc code, std::string message) { return BatchError{code, std::move(message)}; }

// Reads zig-zag varints (protobuf sint32/sint64) from a bounded buffer. Any
// overrun or over-long encoding sets `bad` and returns 0, so a decoder can run
// straight through and check once.
class VarReader {
 public:
  VarReader(const uint8_t* p, const uint8_t* end) : p_(p), end_(end) {}
  int64_t VarLong() { return ZigZag(Raw(10)); }
  int32_t VarInt() {
    int64_t v = ZigZag(Raw(5));
    if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max()) {
      bad = true;
      return 0;
    }
    return static_cast<int32_t>(v);
  }
  int8_t Byte() {
    if (p_ >= end_) {
      bad = true;
      return 0;
    }
    return static_cast<int8_t>(*p_++);
  }
  // A length-prefixed byte string; length -1 = null.
  std::optional<std::span<const uint8_t>> Bytes() {
    int32_t len = VarInt();
    if (bad || len < -1) {
      bad = true;
      return std::nullopt;
    }
    if (len == -1) return std::nullopt;
    if (end_ - p_ < len) {
      bad = true;
      return std::nullopt;
    }
    std::span<const uint8_t> s(p_, static_cast<size_t>(len));
    p_ += len;
    return s;
  }
  const uint8_t* pos() const { return p_; }
  bool bad = false;

 private:
  uint64_t Raw(int max_bytes) {
    uint64_t v = 0;
    for (int i = 0; i < max_bytes; ++i) {
      if (p_ >= end_) break;
      uint8_t b = *p_++;
      v |= static_cast<uint64_t>(b & 0x7f) << (7 * i);
      if ((b & 0x80) == 0) return v;
    }
    bad = true;
    return 0;
  }
  static int64_t ZigZag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }
  const uint8_t* p_;
  const uint8_t* end_;
};

void PutVarLong(std::vector<uint8_t>& out, int64_t v) {
  uint64_t z = (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
  while (z >= 0x80) {
    out.push_back(static_cast<uint8_t>(z | 0x80));
    z >>= 7;
  }
  out.push_back(static_cast<uint8_t>(z));
}

void PutBytes(std::vector<uint8_t>& out, const std::optional<std::string>& s) {
  if (!s) {
    PutVarLong(out, -1);
    return;
  }
  PutVarLong(out, static_cast<int64_t>(s->size()));
  out.insert(out.end(), s->begin(), s->end());
}

}  // namespace

int16_t KafkaErrorCode(BatchErrc code) {
  switch (code) {
    case BatchErrc::kTruncated:
    case BatchErrc::kInvalidLength:
    case BatchErrc::kCrcMismatch:
    case BatchErrc::kCorruptRecords:
      return 2;  // CORRUPT_MESSAGE
    case BatchErrc::kUnsupportedMagic:
    case BatchErrc::kInvalidRecord:
      return 87;  // INVALID_RECORD
    case BatchErrc::kInvalidTimestamp:
      return 32;  // INVALID_TIMESTAMP
    case BatchErrc::kCompressed:
      return 76;  // UNSUPPORTED_COMPRESSION_TYPE
  }
  return -1;
}

int32_t RecordBatchHeader::LastSequence() const {
  if (base_sequence < 0) return -1;
  int64_t last = static_cast<int64_t>(base_sequence) + last_offset_delta;
  if (last > std::numeric_limits<int32_t>::max()) last -= static_cast<int64_t>(std::numeric_limits<int32_t>::max()) + 1;
  return static_cast<int32_t>(last);
}

BatchResult<RecordBatchHeader> ParseBatchHeader(std::span<const uint8_t> bytes) {
  if (bytes.size() <= kMagicOffset) {
    return Err(BatchErrc::kTruncated, "record batch truncated: " + std::to_string(bytes.size()) + " bytes");
  }
  const uint8_t* p = bytes.data();
  int8_t magic = static_cast<int8_t>(p[kMagicOffset]);
  if (magic != kMagicV2) {
    return Err(BatchErrc::kUnsupportedMagic,
               "unsupported record batch magic " + std::to_string(magic) + " (only magic 2 is accepted)");
  }
  if (bytes.size() < kBatchHeaderSize) {
    return Err(BatchErrc::kTruncated,
               "record batch header truncated: " + std::to_string(bytes.size()) + " of 61 bytes");
  }
  RecordBatchHeader h;
  h.base_offset = LoadI64(p);
  h.batch_length = LoadI32(p + 8);
  h.partition_leader_epoch = LoadI32(p + 12);
  h.magic = magic;
  h.crc = static_cast<uint32_t>(LoadBe(p + 17, 4));
  h.attributes = LoadI16(p + 21);
  h.last_offset_delta = LoadI32(p + 23);
  h.base_timestamp = LoadI64(p + 27);
  h.max_timestamp = LoadI64(p + 35);
  h.producer_id = LoadI64(p + 43);
  h.producer_epoch = LoadI16(p + 51);
  h.base_sequence = LoadI32(p + 53);
  h.record_count = LoadI32(p + 57);
  if (h.batch_length < static_cast<int32_t>(kBatchHeaderSize - kBatchLogOverhead)) {
    return Err(BatchErrc::kInvalidLength, "record batch length " + std::to_string(h.batch_length) +
                                              " is smaller than a v2 header");
  }
  return h;
}

BatchResult<std::vector<RecordBatchView>> SplitRecordBatches(std::span<const uint8_t> bytes) {
  std::vector<RecordBatchView> out;
  size_t pos = 0;
  while (pos < bytes.size()) {
    auto rest = bytes.subspan(pos);
    auto h = ParseBatchHeader(rest);
    if (!h) {
      BatchError e = h.Error();
      e.message = "at byte " + std::to_string(pos) + ": " + e.message;
      return e;
    }
    size_t size = h->SizeInBytes();
    if (size > rest.size()) {
      return Err(BatchErrc::kTruncated, "at byte " + std::to_string(pos) + ": record batch of " +
                                            std::to_string(size) + " bytes but only " +
                                            std::to_string(rest.size()) + " remain");
    }
    out.push_back(RecordBatchView{h.Value(), rest.first(size)});
    pos += size;
  }
  return out;
}

uint32_t ComputeBatchCrc(std::span<const uint8_t> batch) {
  return Crc32c(batch.data() + kAttributesOffset, batch.size() - kAttributesOffset);
}

bool VerifyBatchCrc(std::span<const uint8_t> batch) {
  if (batch.size() < kBatchHeaderSize) return false;
  return static_cast<uint32_t>(LoadBe(batch.data() + kCrcOffset, 4)) == ComputeBatchCrc(batch);
}

BatchResult<BatchOk> ValidateProducedBatch(const RecordBatchView& batch) {
  const RecordBatchHeader& h = batch.header;
  if (batch.bytes.size() != h.SizeInBytes()) {
    return Err(BatchErrc::kTruncated, "record batch length does not match the bytes received");
  }
  if (!VerifyBatchCrc(batch.bytes)) {
    return Err(BatchErrc::kCrcMismatch, "record batch CRC mismatch (stored " + std::to_string(h.crc) +
                                            ", computed " + std::to_string(ComputeBatchCrc(batch.bytes)) + ")");
  }
  if (h.base_offset != 0) {
    return Err(BatchErrc::kInvalidRecord, "produced record batch must have baseOffset 0");
  }
  if (h.record_count <= 0) {
    return Err(BatchErrc::kInvalidRecord, "record batch has no records");
  }
  if (static_cast<int64_t>(h.last_offset_delta) + 1 != h.record_count) {
    return Err(BatchErrc::kInvalidRecord, "record batch lastOffsetDelta " + std::to_string(h.last_offset_delta) +
                                              " does not match recordCount " + std::to_string(h.record_count));
  }
  if (h.IsControl()) {
    return Err(BatchErrc::kInvalidRecord, "clients may not produce control batches");
  }
  if (h.producer_id >= 0 && h.base_sequence < 0) {
    return Err(BatchErrc::kInvalidRecord, "idempotent record batch without a base sequence");
  }
  if (h.TsType() == TimestampType::kLogAppendTime) {
    return Err(BatchErrc::kInvalidTimestamp, "clients may not set the LogAppendTime timestamp type");
  }
  return BatchOk{};
}

void SetBaseOffset(std::span<uint8_t> batch, int64_t base_offset) {
  StoreBe(batch.data(), static_cast<uint64_t>(base_offset), 8);
}

void SetPartitionLeaderEpoch(std::span<uint8_t> batch, int32_t epoch) {
  StoreBe(batch.data() + 12, static_cast<uint32_t>(epoch), 4);
}

void SetLogAppendTime(std::span<uint8_t> batch, int64_t append_time_ms) {
  uint8_t* p = batch.data();
  uint16_t attrs = static_cast<uint16_t>(LoadBe(p + kAttributesOffset, 2)) | kTimestampTypeBit;
  StoreBe(p + kAttributesOffset, attrs, 2);
  StoreBe(p + kMaxTimestampOffset, static_cast<uint64_t>(append_time_ms), 8);
  StoreBe(p + kCrcOffset, ComputeBatchCrc(batch), 4);
}

BatchResult<std::vector<RecordView>> DecodeRecords(const RecordBatchView& batch) {
  const RecordBatchHeader& h = batch.header;
  if (h.Codec() != CompressionCodec::kNone) {
    return Err(BatchErrc::kCompressed, "record batch is compressed (codec " +
                                           std::to_string(static_cast<int>(h.Codec())) + ")");
  }
  if (batch.bytes.size() < kBatchHeaderSize || h.record_count < 0) {
    return Err(BatchErrc::kCorruptRecords, "record batch too short");
  }
  return DecodeRecordsSection(batch.bytes.subspan(kBatchHeaderSize), h.record_count);
}

BatchResult<std::vector<RecordView>> DecodeRecordsSection(std::span<const uint8_t> section,
                                                          int32_t record_count) {
  if (record_count < 0) return Err(BatchErrc::kCorruptRecords, "negative record count");
  const uint8_t* p = section.data();
  const uint8_t* end = section.data() + section.size();
  std::vector<RecordView> out;
  // Each record needs at least 7 bytes; don't let a hostile count reserve gigabytes.
  out.reserve(std::min<size_t>(static_cast<size_t>(record_count), static_cast<size_t>(end - p) / 7 + 1));
  for (int32_t i = 0; i < record_count; ++i) {
    VarReader outer(p, end);
    int32_t len = outer.VarInt();
    if (outer.bad || len < 0 || end - outer.pos() < len) {
      return Err(BatchErrc::kCorruptRecords, "record " + std::to_string(i) + ": bad length");
    }
    const uint8_t* rec_end = outer.pos() + len;
    VarReader r(outer.pos(), rec_end);
    RecordView rec;
    rec.attributes = r.Byte();
    rec.timestamp_delta = r.VarLong();
    rec.offset_delta = r.VarInt();
    rec.key = r.Bytes();
    rec.value = r.Bytes();
    int32_t header_count = r.VarInt();
    if (r.bad || header_count < 0) {
      return Err(BatchErrc::kCorruptRecords, "record " + std::to_string(i) + " does not decode");
    }
    for (int32_t j = 0; j < header_count && !r.bad; ++j) {
      auto key = r.Bytes();
      auto value = r.Bytes();
      if (!key) {
        r.bad = true;
        break;
      }
      rec.headers.push_back(RecordHeaderView{
          std::string_view(reinterpret_cast<const char*>(key->data()), key->size()), value});
    }
    if (r.bad || r.pos() != rec_end) {
      return Err(BatchErrc::kCorruptRecords, "record " + std::to_string(i) + " does not decode");
    }
    rec.raw = std::span<const uint8_t>(p, rec_end);
    out.push_back(std::move(rec));
    p = rec_end;
  }
  if (p != end) {
    return Err(BatchErrc::kCorruptRecords, "record batch has trailing bytes after its records");
  }
  return out;
}

int64_t RecordTimestamp(const RecordBatchHeader& header, const RecordView& record) {
  if (header.TsType() == TimestampType::kLogAppendTime) return header.max_timestamp;
  return header.base_timestamp + record.timestamp_delta;
}

std::vector<uint8_t> EncodeRecordBatch(const BatchSpec& spec, const std::vector<RecordSpec>& records) {
  std::vector<uint8_t> out(kBatchHeaderSize, 0);
  int64_t max_delta = 0;
  std::vector<uint8_t> body;
  for (size_t i = 0; i < records.size(); ++i) {
    const RecordSpec& r = records[i];
    max_delta = std::max(max_delta, r.timestamp_delta);
    body.clear();
    body.push_back(0);  // attributes
    PutVarLong(body, r.timestamp_delta);
    PutVarLong(body, static_cast<int64_t>(i));
    PutBytes(body, r.key);
    PutBytes(body, r.value);
    PutVarLong(body, static_cast<int64_t>(r.headers.size()));
    for (const auto& [k, v] : r.headers) {
      PutBytes(body, std::optional<std::string>(k));
      PutBytes(body, v);
    }
    PutVarLong(out, static_cast<int64_t>(body.size()));
    out.insert(out.end(), body.begin(), body.end());
  }
  uint8_t* p = out.data();
  int64_t max_ts = spec.max_timestamp >= 0 ? spec.max_timestamp : spec.base_timestamp + max_delta;
  StoreBe(p, static_cast<uint64_t>(spec.base_offset), 8);
  StoreBe(p + 8, out.size() - kBatchLogOverhead, 4);
  StoreBe(p + 12, static_cast<uint32_t>(spec.partition_leader_epoch), 4);
  p[16] = static_cast<uint8_t>(kMagicV2);
  StoreBe(p + 21, static_cast<uint16_t>(spec.attributes & ~kCodecMask), 2);
  StoreBe(p + 23, records.empty() ? 0 : records.size() - 1, 4);
  StoreBe(p + 27, static_cast<uint64_t>(spec.base_timestamp), 8);
  StoreBe(p + 35, static_cast<uint64_t>(max_ts), 8);
  StoreBe(p + 43, static_cast<uint64_t>(spec.producer_id), 8);
  StoreBe(p + 51, static_cast<uint16_t>(spec.producer_epoch), 2);
  StoreBe(p + 53, static_cast<uint32_t>(spec.base_sequence), 4);
  StoreBe(p + 57, records.size(), 4);
  StoreBe(p + 17, ComputeBatchCrc(out), 4);
  return out;
}

}  // namespace kconnect::broker::protocol
