#pragma once
// LogSegment: one `<base>.log` file of stored batches plus its `.index` and
// `.timeindex` (FORMAT.md). Batches are appended with pwrite(2) and become
// visible to readers only when committed, so a reader never sees a partly
// written batch.
//
// Thread-safety: the owning Log provides it. Write() needs the Log's append
// lock; Commit(), Load(), Seal() and the index-using lookups need its state
// lock (exclusive / shared); ReadRange() needs nothing (it reads committed
// bytes through the file descriptor, which lives as long as the object, so a
// reader holding a shared_ptr can finish even after the segment was deleted).

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "broker/protocol/record_batch.h"
#include "broker/storage/offset_index.h"
#include "broker/storage/storage_result.h"
#include "broker/storage/time_index.h"

namespace kconnect::broker::storage {

// Where one stored batch sits and what its header says.
struct BatchLocation {
  uint64_t position = 0;
  protocol::RecordBatchHeader header;
};

// The index-relevant facts about a batch being appended.
struct AppendedBatch {
  int64_t last_offset = 0;
  int64_t max_timestamp = -1;
  uint32_t size = 0;
};

class LogSegment {
 public:
  using BatchCallback = std::function<void(const protocol::RecordBatchHeader&)>;

  struct LoadResult {
    uint64_t truncated_bytes = 0;  // bytes cut off the end (torn write, garbage, bad CRC)
    std::string truncation_reason;
    bool indexes_rebuilt = false;
  };

  ~LogSegment();
  LogSegment(const LogSegment&) = delete;
  LogSegment& operator=(const LogSegment&) = delete;

  // Opens (creating if absent) the files of the segment `base_offset` in `dir`.
  // The segment is empty until Load() has run on an existing file.
  static Result<std::shared_ptr<LogSegment>> Open(const std::string& dir, int64_t base_offset, int64_t now_ms);

  // Reads the segment back: loads the indexes, then walks every batch header
  // (checking lengths, magic, offset order, and CRCs when `verify_crc`),
  // truncating the file at the first bad or incomplete batch. Indexes are
  // rebuilt when they are inconsistent or `force_rebuild` is set. `on_batch`
  // sees every kept batch (producer-state rebuild).
  Result<LoadResult> Load(bool verify_crc, bool force_rebuild, int64_t index_interval_bytes,
                          const BatchCallback& on_batch);

  // Appends the bytes of whole batches at the end of the file (write(2): in
  // the OS once this returns). Invisible until Commit. On failure the file is
  // cut back to its committed size.
  Result<Ok> Write(std::span<const uint8_t> bytes);
  // Publishes everything written since the last Commit and indexes it. An
  // error means an index write failed; the batches are published regardless.
  Result<Ok> Commit(const std::vector<AppendedBatch>& batches, int64_t index_interval_bytes);

  // The first committed batch whose last offset >= `offset`, if any.
  Result<std::optional<BatchLocation>> FindBatch(int64_t offset) const;
  // The first committed batch with maxTimestamp >= `timestamp` and last
  // offset >= `min_offset`, if any.
  Result<std::optional<BatchLocation>> FindBatchByTimestamp(int64_t timestamp, int64_t min_offset) const;
  // Whole batches from `position` (a batch start) within `limit` bytes, up to
  // `end` (a committed size snapshot). With `min_one_batch`, the first batch
  // is returned whole even when larger than `limit`.
  Result<std::vector<uint8_t>> ReadRange(uint64_t position, uint64_t limit, uint64_t end, bool min_one_batch) const;
  // How many bytes ReadRange returns, found by reading batch headers only: a
  // Fetch sends those bytes from the file (sendfile) without reading them
  // itself.
  Result<uint64_t> WholeBatchBytes(uint64_t position, uint64_t limit, uint64_t end,
                                   bool min_one_batch) const;
  // The .log file's descriptor, open as long as this object lives (also
  // after Remove), for reading committed bytes.
  int fd() const { return fd_; }

  // Called when the segment stops being the active one, and on close: final
  // time-index entry (so the largest timestamp survives restart), fsync of
  // all three files.
  Result<Ok> Seal();
  // fdatasync of the .log file.
  Result<Ok> Flush();
  // Unlinks the three files. The descriptor of the .log stays open until
  // destruction for readers still holding the segment.
  Result<Ok> Remove();

  int64_t base_offset() const { return base_offset_; }
  // Committed bytes.
  uint64_t size() const { return size_; }
  // Offset after the last committed batch (base_offset when empty).
  int64_t next_offset() const { return next_offset_; }
  // Largest committed batch maxTimestamp; -1 when none.
  int64_t max_timestamp() const { return max_timestamp_; }
  // Timestamp for retention.ms: max_timestamp, or the file's mtime when no batch has one.
  int64_t LargestTimestampForRetention() const;
  // Start of the segment's life for segment.ms: its creation time, or after a
  // restart the first batch's maxTimestamp.
  int64_t rolling_timestamp() const { return rolling_timestamp_; }
  bool empty() const { return size_ == 0; }
  std::string log_path() const { return prefix_ + ".log"; }

 private:
  LogSegment(std::string prefix, int64_t base_offset, int fd, int64_t now_ms);
  Result<std::optional<BatchLocation>> ReadHeaderAt(uint64_t position, uint64_t end) const;
  // Index bookkeeping for one committed batch at `position`.
  Result<Ok> IndexBatch(const AppendedBatch& b, uint64_t position, int64_t index_interval_bytes);

  std::string prefix_;  // dir/<20 digits>
  int64_t base_offset_;
  int fd_;
  OffsetIndex offset_index_;
  TimeIndex time_index_;
  uint64_t size_ = 0;     // committed
  uint64_t written_ = 0;  // written, >= size_
  int64_t next_offset_;
  int64_t max_timestamp_ = -1;
  int64_t offset_of_max_timestamp_ = -1;
  uint64_t bytes_since_last_index_entry_ = 0;
  int64_t rolling_timestamp_;
  // The batch FindBatch last answered. A consumer whose fetch had no room
  // left for that batch asks for the same offset again on its next fetch,
  // and with hundreds of partitions per fetch the header read (a syscall)
  // was most of the broker's fetch time. Committed batches never move, so
  // the hint stays true; it has its own lock because lookups run under the
  // Log's shared lock, concurrently.
  mutable std::mutex hint_mu_;
  mutable std::optional<BatchLocation> hint_;
};

}  // namespace kconnect::broker::storage
