#pragma once
// Log: one partition's log, `<log.dir>/<topic>-<partition>/`: an ordered set
// of LogSegments, the last one active. Assigns offsets on append, serves
// fetches and timestamp lookups, keeps the log start offset (DeleteRecords,
// retention) and the idempotent-producer state. Single node: the high
// watermark is the log end offset and advances as soon as an append returns.
//
// Durability: Append writes with pwrite(2) before returning, so a killed
// process loses nothing acknowledged (the OS has the bytes); fsync follows
// flush.messages / flush.ms, every roll, Flush() and Close(). Start-up
// re-checks the active segment batch by batch (length + CRC) and cuts a torn
// tail.
//
// Thread-safety: every method may be called from any thread.
//  - append_mu_ serialises the writers: Append, DeleteRecords, RunRetention,
//    Flush, SetConfig, Close, Delete. File writes happen under it only.
//  - state_mu_ (shared) guards what readers look at: the segment map, the
//    indexes, sizes, log start and end offsets. Writers take it exclusively
//    only to publish; readers take it shared for lookups and read file bytes
//    after releasing it (segments are shared_ptrs, so a deleted segment stays
//    readable until the last reader lets go).
// Read and FetchOffsetForTimestamp therefore run concurrently with each other
// and with an append's disk write.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <span>
#include <string>
#include <vector>

#include "broker/storage/log_config.h"
#include "broker/storage/log_segment.h"
#include "broker/storage/producer_state.h"
#include "broker/storage/storage_result.h"

namespace kconnect::broker::storage {

// Milliseconds since the epoch; injectable for tests.
using Clock = std::function<int64_t()>;
Clock SystemClock();

struct AppendResult {
  int64_t base_offset = -1;
  int64_t last_offset = -1;
  // The broker timestamp for LogAppendTime topics, -1 for CreateTime (spec §4.1).
  int64_t log_append_time_ms = -1;
  int64_t log_start_offset = 0;
  // The batch duplicated one already in the log (idempotent retry); nothing
  // was appended and the offsets are the original ones.
  bool duplicate = false;
};

struct ReadResult {
  // Whole stored batches, byte for byte; empty when there is nothing to
  // return. The first batch may start before the fetch offset.
  std::vector<uint8_t> records;
  int64_t high_watermark = 0;
  int64_t log_start_offset = 0;
};

// Where the bytes ReadResult::records would hold sit in a segment file, for
// sending them straight from it. The segment (and so its descriptor) is kept
// alive by `segment`, also if the log deletes it meanwhile; the bytes are
// committed and never rewritten in place.
struct RecordsSlice {
  std::shared_ptr<const LogSegment> segment;  // null when there are no bytes
  uint64_t position = 0;
  uint64_t size = 0;
  int64_t high_watermark = 0;
  int64_t log_start_offset = 0;
};

// What one compaction pass did.
struct CleanResult {
  int segments_cleaned = 0;   // segments rewritten
  int64_t records_removed = 0;
  uint64_t bytes_before = 0;  // of the segments considered
  uint64_t bytes_after = 0;
};

struct OffsetAndTimestamp {
  int64_t offset = -1;
  int64_t timestamp = -1;
};

class Log {
 public:
  using AppendListener = std::function<void(const std::string& topic, int32_t partition, int64_t log_end_offset)>;

  struct Options {
    std::string dir;  // the partition directory, created if absent
    std::string topic;
    int32_t partition = 0;
    LogConfig config;
    Clock clock;                  // default SystemClock()
    int64_t log_start_offset = 0;  // from a checkpoint; the log never starts below its first segment
    int64_t producer_id_expiration_ms = 24LL * 3600 * 1000;
    AppendListener listener;      // called after every successful append, outside the locks
  };

  // Opens or creates the partition: loads every segment, recovers the active
  // one (cuts a torn tail with a warning), rebuilds missing or inconsistent
  // indexes and the producer state.
  static Result<std::shared_ptr<Log>> Open(Options options);
  ~Log();
  Log(const Log&) = delete;
  Log& operator=(const Log&) = delete;

  // Appends a produced record set (one or more whole v2 batches, as a client
  // sent them). The bytes are rewritten in place: baseOffset := the next
  // offset, partitionLeaderEpoch := 0, and for LogAppendTime topics the
  // timestamp type and maxTimestamp (CRC recomputed). Errors (nothing is
  // appended): CORRUPT_MESSAGE / INVALID_RECORD / INVALID_TIMESTAMP from
  // validation (protocol::ValidateProducedBatch; null keys on compacted topics;
  // more than one batch when idempotent), MESSAGE_TOO_LARGE (batch >
  // max.message.bytes), RECORD_LIST_TOO_LARGE (set > segment.bytes),
  // OUT_OF_ORDER_SEQUENCE_NUMBER / INVALID_PRODUCER_EPOCH, KAFKA_STORAGE_ERROR,
  // UNKNOWN_TOPIC_OR_PARTITION once deleted.
  Result<AppendResult> Append(std::span<uint8_t> records);

  // Bytes of whole batches starting at the batch that holds `offset`, at most
  // `max_bytes` of them, except that with `min_one_batch` the first batch is
  // returned whole whatever its size (KIP-74). `offset` == log end offset
  // gives no bytes; outside [log start, log end] is OFFSET_OUT_OF_RANGE.
  Result<ReadResult> Read(int64_t offset, int64_t max_bytes, bool min_one_batch = true) const;

  // Read without the reading: where those same bytes are, with the same
  // errors. Fetch sends them from the file with sendfile(2).
  Result<RecordsSlice> ReadSlice(int64_t offset, int64_t max_bytes, bool min_one_batch = true) const;

  // ListOffsets: -2 (earliest) -> log start offset; -1 (latest) -> high
  // watermark; timestamp >= 0 -> the first record with timestamp >= it, or
  // {-1, -1} if none. Compressed batches are not opened: their base offset
  // (or the log start offset) and maxTimestamp are returned.
  Result<OffsetAndTimestamp> FetchOffsetForTimestamp(int64_t timestamp) const;

  // DeleteRecords: moves the log start offset to `offset` (-1 = high
  // watermark), persists it in the partition's `log-start-offset` file, and
  // deletes segments wholly below it. OFFSET_OUT_OF_RANGE when offset > high
  // watermark or < -1. Returns the new log start offset (never moves back).
  Result<int64_t> DeleteRecords(int64_t offset);

  // Deletes old non-active segments by retention.ms / retention.bytes (when
  // cleanup.policy has delete) and segments below the log start offset; if
  // every segment has expired the active one is rolled first (as Kafka
  // does). Also fsyncs when flush.ms is due and expires idle producers.
  // Returns the number of segments deleted.
  Result<int> RunRetention();

  Result<Ok> Flush();
  // Seals the active segment (final time-index entry) and fsyncs. Idempotent.
  Result<Ok> Close();
  // Marks the log deleted (later appends and reads fail with
  // UNKNOWN_TOPIC_OR_PARTITION) and removes its directory.
  Result<Ok> Delete();

  // Compaction (cleanup.policy contains compact; log_cleaner.cc): keeps the
  // latest record of each key in the non-active segments older than
  // min.compaction.lag.ms, offsets unchanged, when their dirty share reaches
  // min.cleanable.dirty.ratio (always with `force`). Tombstones go in a later
  // pass, delete.retention.ms after their batch. Produce and fetch carry on
  // meanwhile; the append lock is taken only to swap a cleaned segment in.
  // Passes on one log are serialised. A no-op for other policies.
  Result<CleanResult> Clean(bool force = false);

  void SetConfig(const LogConfig& config);
  LogConfig config() const;

  const std::string& topic() const { return topic_; }
  int32_t partition() const { return partition_; }
  const std::string& dir() const { return dir_; }
  int64_t LogStartOffset() const;
  int64_t LogEndOffset() const;
  int64_t HighWatermark() const { return LogEndOffset(); }
  // Total bytes of all segments.
  uint64_t SizeInBytes() const;
  size_t NumSegments() const;
  // Copy of a producer's state, for tests and diagnostics.
  std::optional<ProducerStateManager::Entry> ProducerState(int64_t producer_id) const;

  // File name of the DeleteRecords checkpoint inside the partition directory.
  static constexpr const char* kLogStartOffsetFile = "log-start-offset";
  // Where the last compaction pass ended ("0\n<offset>\n"): the start of the
  // dirty section for the next one.
  static constexpr const char* kCleanerCheckpointFile = "cleaner-offset-checkpoint";
  // A cleaned segment before it replaces `<base>.log`; start-up deletes strays.
  static constexpr const char* kCleanedSuffix = ".cleaned";

 private:
  explicit Log(Options options);
  Result<Ok> Load();
  // A "0\n<offset>\n" file of the partition directory; 0 when absent or unreadable.
  Result<int64_t> ReadOffsetCheckpoint(const char* name) const;
  // What Read and ReadSlice share: the log's bounds into *out, and the
  // segment, batch start and committed end to read from (segment null when
  // there is nothing to read).
  struct Located {
    std::shared_ptr<LogSegment> segment;
    uint64_t position = 0;
    uint64_t end = 0;
  };
  Result<Located> Locate(int64_t offset, int64_t max_bytes, bool min_one_batch, int64_t* high_watermark,
                         int64_t* log_start_offset) const;
  // REQUIRES append_mu_ held.
  Result<Ok> RollLocked(int64_t now_ms);
  bool ShouldRollLocked(uint64_t incoming_bytes, int64_t last_offset, int64_t now_ms) const;
  Result<Ok> WriteLogStartCheckpointLocked(int64_t offset);
  // Removes the leading segments that `deletable` selects (never the active one).
  Result<int> DeleteOldSegmentsLocked(const std::function<bool(const LogSegment&, const LogSegment* next)>& deletable);
  std::shared_ptr<LogSegment> ActiveSegment() const;
  static Result<std::vector<uint8_t>> ReadSegmentBytes(const LogSegment& segment);
  // Replaces `old` by a segment of `bytes`; false when `old` is gone already
  // (retention, DeleteRecords, deletion). Takes append_mu_.
  Result<bool> SwapCleanedSegment(const std::shared_ptr<LogSegment>& old, const std::vector<uint8_t>& bytes,
                                  int64_t now_ms);

  const std::string dir_;
  const std::string topic_;
  const int32_t partition_;
  const Clock clock_;
  const int64_t producer_id_expiration_ms_;
  const AppendListener listener_;

  // Serialises compaction passes (taken before append_mu_, never after).
  std::mutex clean_mu_;
  mutable std::mutex append_mu_;
  // Guarded by append_mu_ (writers only).
  ProducerStateManager producers_;
  int64_t unflushed_messages_ = 0;
  int64_t last_flush_ms_ = 0;
  bool closed_ = false;

  mutable std::shared_mutex state_mu_;
  // Guarded by state_mu_.
  LogConfig config_;
  std::map<int64_t, std::shared_ptr<LogSegment>> segments_;
  int64_t log_start_offset_ = 0;
  int64_t log_end_offset_ = 0;
  int64_t first_dirty_offset_ = 0;  // compaction: where the last pass ended
  std::atomic<bool> deleted_{false};
};

}  // namespace kconnect::broker::storage
