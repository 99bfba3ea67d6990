#pragma once
// Kafka RecordBatch v2 (magic 2): header views, validation of produced batches,
// in-place rewriting on append, record decoding of uncompressed batches, and a
// small encoder. Layout: ak DefaultRecordBatch.java, summarised in
// spec/broker.md §3.1. All integers on the wire are big-endian.
//
//   0  baseOffset i64        (not CRC-covered: rewritten on append)
//   8  batchLength i32       (bytes after this field)
//  12  partitionLeaderEpoch i32 (not CRC-covered)
//  16  magic i8 = 2
//  17  crc u32              CRC-32C over [21, end)
//  21  attributes i16, 23 lastOffsetDelta i32, 27 baseTimestamp i64,
//  35  maxTimestamp i64, 43 producerId i64, 51 producerEpoch i16,
//  53  baseSequence i32, 57 recordCount i32, 61 records...
//
// Expected failures are values (BatchResult). Nothing here allocates more than
// the vectors it returns; views point into the caller's bytes.
//
// Thread-safety: pure functions over caller-owned bytes.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace kconnect::broker::protocol {

inline constexpr size_t kBatchHeaderSize = 61;
// baseOffset + batchLength: the bytes not counted by batchLength.
inline constexpr size_t kBatchLogOverhead = 12;
inline constexpr int8_t kMagicV2 = 2;
// Offset of the magic byte; the same in legacy (v0/v1) message sets, so a
// legacy message is recognised before its shorter layout is misread.
inline constexpr size_t kMagicOffset = 16;
inline constexpr size_t kCrcOffset = 17;
inline constexpr size_t kAttributesOffset = 21;  // first CRC-covered byte
inline constexpr size_t kMaxTimestampOffset = 35;

enum class CompressionCodec : uint8_t { kNone = 0, kGzip = 1, kSnappy = 2, kLz4 = 3, kZstd = 4 };
enum class TimestampType : uint8_t { kCreateTime = 0, kLogAppendTime = 1 };

// Attribute bits (spec §3.1).
inline constexpr int16_t kCodecMask = 0x07;
inline constexpr int16_t kTimestampTypeBit = 0x08;
inline constexpr int16_t kTransactionalBit = 0x10;
inline constexpr int16_t kControlBit = 0x20;
inline constexpr int16_t kDeleteHorizonBit = 0x40;

enum class BatchErrc {
  kTruncated,         // fewer bytes than the header or batchLength promise
  kInvalidLength,     // batchLength smaller than a v2 header
  kUnsupportedMagic,  // magic is not 2 (legacy v0/v1 or unknown)
  kCrcMismatch,       // stored CRC != CRC-32C of [21, end)
  kInvalidRecord,     // header rules broken (count, deltas, control, sequence, baseOffset)
  kInvalidTimestamp,  // producer set LogAppendTime
  kCorruptRecords,    // the records area does not decode
  kCompressed,        // records of a compressed batch were asked for
};

struct BatchError {
  BatchErrc code = BatchErrc::kInvalidRecord;
  std::string message;
};

// The Kafka error code a produce handler answers for `code` (spec §3.2, §12):
// truncated/invalid length/CRC/corrupt records -> CORRUPT_MESSAGE (2); magic
// != 2 and header-rule violations -> INVALID_RECORD (87) (Produce v3+ requires
// magic 2, ak ProduceRequest.validateRecords); kInvalidTimestamp ->
// INVALID_TIMESTAMP (32); kCompressed -> UNSUPPORTED_COMPRESSION_TYPE (76).
int16_t KafkaErrorCode(BatchErrc code);

struct BatchOk {};

// A value or a BatchError.
template <typename T>
class [[nodiscard]] BatchResult {
 public:
  BatchResult(T value) : v_(std::move(value)) {}           // NOLINT: implicit by design
  BatchResult(BatchError error) : v_(std::move(error)) {}  // NOLINT
  bool Ok() const { return v_.index() == 0; }
  explicit operator bool() const { return Ok(); }
  // REQUIRES: Ok().
  const T& Value() const& { return std::get<0>(v_); }
  T& Value() & { return std::get<0>(v_); }
  T&& Value() && { return std::get<0>(std::move(v_)); }
  const T* operator->() const { return &Value(); }
  const T& operator*() const& { return Value(); }
  // REQUIRES: !Ok().
  const BatchError& Error() const { return std::get<1>(v_); }

 private:
  std::variant<T, BatchError> v_;
};

// The decoded fixed header of one batch.
struct RecordBatchHeader {
  int64_t base_offset = 0;
  int32_t batch_length = 0;
  int32_t partition_leader_epoch = -1;
  int8_t magic = kMagicV2;
  uint32_t crc = 0;
  int16_t attributes = 0;
  int32_t last_offset_delta = 0;
  int64_t base_timestamp = -1;
  int64_t max_timestamp = -1;
  int64_t producer_id = -1;
  int16_t producer_epoch = -1;
  int32_t base_sequence = -1;
  int32_t record_count = 0;

  CompressionCodec Codec() const { return static_cast<CompressionCodec>(attributes & kCodecMask); }
  TimestampType TsType() const {
    return (attributes & kTimestampTypeBit) ? TimestampType::kLogAppendTime
                                            : TimestampType::kCreateTime;
  }
  bool IsTransactional() const { return (attributes & kTransactionalBit) != 0; }
  bool IsControl() const { return (attributes & kControlBit) != 0; }
  int64_t LastOffset() const { return base_offset + last_offset_delta; }
  int64_t NextOffset() const { return LastOffset() + 1; }
  // Sequence of the last record; wraps past INT32_MAX to 0 (ak
  // DefaultRecordBatch.incrementSequence).
  int32_t LastSequence() const;
  // Whole batch size on disk / on the wire.
  size_t SizeInBytes() const { return static_cast<size_t>(batch_length) + kBatchLogOverhead; }
};

// One batch inside a record set: its header and all its bytes (header included).
struct RecordBatchView {
  RecordBatchHeader header;
  std::span<const uint8_t> bytes;
};

// Decodes the fixed header from the first bytes of `bytes`. Needs at least
// kBatchHeaderSize bytes (kTruncated otherwise) but not the whole batch; checks
// the magic (before anything else, so a legacy message set gives
// kUnsupportedMagic rather than a misleading length error) and that
// batchLength covers a v2 header. Does not check the CRC.
BatchResult<RecordBatchHeader> ParseBatchHeader(std::span<const uint8_t> bytes);

// Splits a record set (e.g. the `records` of one produce partition, or a range
// of a segment file) into whole batches. Every batch must be complete: a
// trailing partial batch, garbage, or a bad magic is an error for the whole set
// (a produce request is all-or-nothing). Does not check CRCs. An empty input is
// an empty vector.
BatchResult<std::vector<RecordBatchView>> SplitRecordBatches(std::span<const uint8_t> bytes);

// CRC-32C over [attributes, end) of a whole batch. REQUIRES: bytes.size() >= kBatchHeaderSize.
uint32_t ComputeBatchCrc(std::span<const uint8_t> batch);
// True when the stored CRC matches. False for anything shorter than a header.
bool VerifyBatchCrc(std::span<const uint8_t> batch);

// The checks Kafka applies to a batch a client produced (spec §3.2): CRC,
// recordCount > 0, lastOffsetDelta + 1 == recordCount, baseOffset 0, not a
// control batch, baseSequence >= 0 when producerId >= 0, CreateTime only.
// Size limits are the log's business (they depend on topic configs).
BatchResult<BatchOk> ValidateProducedBatch(const RecordBatchView& batch);

// In-place rewrites of a whole batch (REQUIRES: batch.size() >= kBatchHeaderSize).
// baseOffset and partitionLeaderEpoch are outside the CRC: no recompute.
void SetBaseOffset(std::span<uint8_t> batch, int64_t base_offset);
void SetPartitionLeaderEpoch(std::span<uint8_t> batch, int32_t epoch);
// Marks the batch LogAppendTime with maxTimestamp = `append_time_ms` (every
// record's timestamp then reads as that value) and recomputes the CRC.
void SetLogAppendTime(std::span<uint8_t> batch, int64_t append_time_ms);

// One header of a record. Views point into the batch bytes.
struct RecordHeaderView {
  std::string_view key;
  std::optional<std::span<const uint8_t>> value;  // nullopt = null
};

// One record of an uncompressed batch (ak DefaultRecord.java). Views point
// into the batch bytes, which must outlive the record.
struct RecordView {
  int8_t attributes = 0;
  int64_t timestamp_delta = 0;
  int32_t offset_delta = 0;
  std::optional<std::span<const uint8_t>> key;    // nullopt = null key
  std::optional<std::span<const uint8_t>> value;  // nullopt = tombstone
  std::vector<RecordHeaderView> headers;
  // The whole encoded record, length prefix included. Its offset and
  // timestamp are deltas from the batch header, so it can be copied into
  // another batch with the same base offset and base timestamp (compaction).
  std::span<const uint8_t> raw;
};

// Decodes the records of an uncompressed batch. kCompressed for a compressed
// batch, kCorruptRecords when the bytes do not decode into exactly
// recordCount records filling the batch.
BatchResult<std::vector<RecordView>> DecodeRecords(const RecordBatchView& batch);
// Decodes `record_count` records filling `section` exactly: the records area
// of a batch, or the decompressed payload of a compressed one.
BatchResult<std::vector<RecordView>> DecodeRecordsSection(std::span<const uint8_t> section,
                                                          int32_t record_count);

// The timestamp of a record as a consumer sees it: baseTimestamp +
// timestampDelta for CreateTime, maxTimestamp for LogAppendTime.
int64_t RecordTimestamp(const RecordBatchHeader& header, const RecordView& record);

// What to put in one record when encoding.
struct RecordSpec {
  std::optional<std::string> key;
  std::optional<std::string> value;
  int64_t timestamp_delta = 0;
  std::vector<std::pair<std::string, std::optional<std::string>>> headers;
};

// The header fields of a batch to encode. max_timestamp < 0 means "compute
// base_timestamp + the largest timestamp delta".
struct BatchSpec {
  int64_t base_offset = 0;
  int32_t partition_leader_epoch = -1;
  int16_t attributes = 0;  // codec bits must be 0: only uncompressed batches are encoded
  int64_t base_timestamp = 0;
  int64_t max_timestamp = -1;
  int64_t producer_id = -1;
  int16_t producer_epoch = -1;
  int32_t base_sequence = -1;
};

// Encodes an uncompressed v2 batch with offset deltas 0..n-1 and a valid CRC.
// REQUIRES: !records.empty().
std::vector<uint8_t> EncodeRecordBatch(const BatchSpec& spec,
                                       const std::vector<RecordSpec>& records);

}  // namespace kconnect::broker::protocol
