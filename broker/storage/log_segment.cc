#include "broker/storage/log_segment.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "broker/storage/file_util.h"

namespace kconnect::broker::storage {

namespace pr = kconnect::broker::protocol;

LogSegment::LogSegment(std::string prefix, int64_t base_offset, int fd, int64_t now_ms)
    : prefix_(std::move(prefix)),
      base_offset_(base_offset),
      fd_(fd),
      offset_index_(prefix_ + ".index", base_offset),
      time_index_(prefix_ + ".timeindex", base_offset),
      next_offset_(base_offset),
      rolling_timestamp_(now_ms) {}

LogSegment::~LogSegment() {
  if (fd_ >= 0) ::close(fd_);
}

Result<std::shared_ptr<LogSegment>> LogSegment::Open(const std::string& dir, int64_t base_offset, int64_t now_ms) {
  std::string prefix = dir + "/" + SegmentFilePrefix(base_offset);
  std::string path = prefix + ".log";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return StorageError("open " + path + ": " + std::strerror(errno));
  std::shared_ptr<LogSegment> seg(new LogSegment(std::move(prefix), base_offset, fd, now_ms));
  // A fresh segment starts with empty, consistent indexes.
  auto oi = seg->offset_index_.Load(0);
  if (!oi) return oi.Error();
  auto ti = seg->time_index_.Load();
  if (!ti) return ti.Error();
  return seg;
}

Result<std::optional<BatchLocation>> LogSegment::ReadHeaderAt(uint64_t position, uint64_t end) const {
  if (position + pr::kBatchHeaderSize > end) return std::optional<BatchLocation>();
  uint8_t buf[pr::kBatchHeaderSize];
  auto n = PReadFully(fd_, buf, sizeof buf, position, log_path());
  if (!n) return n.Error();
  if (n.Value() < sizeof buf) return std::optional<BatchLocation>();
  auto h = pr::ParseBatchHeader(std::span<const uint8_t>(buf, sizeof buf));
  if (!h || position + h->SizeInBytes() > end) return std::optional<BatchLocation>();
  return std::optional<BatchLocation>(BatchLocation{position, h.Value()});
}

Result<LogSegment::LoadResult> LogSegment::Load(bool verify_crc, bool force_rebuild, int64_t index_interval_bytes,
                                                const BatchCallback& on_batch) {
  LoadResult result;
  {
    std::lock_guard lock(hint_mu_);
    hint_.reset();  // loading may cut the tail the hint points into
  }
  struct stat st;
  if (::fstat(fd_, &st) != 0) return StorageError("stat " + log_path() + ": " + std::strerror(errno));
  const uint64_t file_size = static_cast<uint64_t>(st.st_size);
  auto oi = offset_index_.Load(file_size);
  if (!oi) return oi.Error();
  auto ti = time_index_.Load();
  if (!ti) return ti.Error();
  bool rebuild = force_rebuild || !oi.Value() || !ti.Value() || (file_size > 0 && time_index_.size() == 0);
  if (rebuild) {
    if (auto r = offset_index_.Reset(); !r) return r.Error();
    if (auto r = time_index_.Reset(); !r) return r.Error();
    result.indexes_rebuilt = true;
  }
  size_ = written_ = 0;
  next_offset_ = base_offset_;
  max_timestamp_ = -1;
  offset_of_max_timestamp_ = -1;
  bytes_since_last_index_entry_ = 0;
  bool first = true;

  uint64_t pos = 0;
  std::vector<uint8_t> batch;
  while (pos < file_size) {
    std::string problem;
    uint8_t hdr[pr::kBatchHeaderSize];
    auto n = PReadFully(fd_, hdr, sizeof hdr, pos, log_path());
    if (!n) return n.Error();
    auto h = pr::ParseBatchHeader(std::span<const uint8_t>(hdr, n.Value()));
    if (!h) {
      problem = h.Error().message;
    } else if (pos + h->SizeInBytes() > file_size) {
      problem = "incomplete batch of " + std::to_string(h->SizeInBytes()) + " bytes, " +
                std::to_string(file_size - pos) + " present";
    } else if (h->base_offset < next_offset_ || h->last_offset_delta < 0 ||
               h->LastOffset() - base_offset_ > INT32_MAX) {
      problem = "batch offset " + std::to_string(h->base_offset) + " out of order (expected >= " +
                std::to_string(next_offset_) + ")";
    } else if (verify_crc) {
      batch.resize(h->SizeInBytes());
      auto m = PReadFully(fd_, batch.data(), batch.size(), pos, log_path());
      if (!m) return m.Error();
      if (m.Value() != batch.size() || !pr::VerifyBatchCrc(batch)) problem = "CRC mismatch";
    }
    if (!problem.empty()) {
      result.truncated_bytes = file_size - pos;
      result.truncation_reason = "at byte " + std::to_string(pos) + ": " + problem;
      if (::ftruncate(fd_, static_cast<off_t>(pos)) != 0) {
        return StorageError("truncate " + log_path() + ": " + std::strerror(errno));
      }
      if (!rebuild) {
        // The indexes may point into the removed tail: rebuild them from what was kept.
        // on_batch has already seen every kept batch.
        auto again = Load(verify_crc, true, index_interval_bytes, nullptr);
        if (!again) return again.Error();
        result.indexes_rebuilt = true;
        return result;
      }
      break;
    }
    const auto& hd = h.Value();
    if (first) {
      if (hd.max_timestamp >= 0) rolling_timestamp_ = hd.max_timestamp;
      first = false;
    }
    AppendedBatch b{hd.LastOffset(), hd.max_timestamp, static_cast<uint32_t>(hd.SizeInBytes())};
    if (rebuild) {
      if (auto r = IndexBatch(b, pos, index_interval_bytes); !r) return r.Error();
    } else if (hd.max_timestamp > max_timestamp_) {
      max_timestamp_ = hd.max_timestamp;
      offset_of_max_timestamp_ = hd.LastOffset();
    }
    next_offset_ = hd.NextOffset();
    if (on_batch) on_batch(hd);
    pos += hd.SizeInBytes();
  }
  size_ = written_ = pos;
  if (first) rolling_timestamp_ = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000;
  return result;
}

Result<Ok> LogSegment::IndexBatch(const AppendedBatch& b, uint64_t position, int64_t index_interval_bytes) {
  // Kafka's rule (ak LogSegment.append): an entry once more than
  // index.interval.bytes were appended since the previous one, pointing at the
  // start of the batch being appended, keyed by its last offset.
  if (b.max_timestamp > max_timestamp_) {
    max_timestamp_ = b.max_timestamp;
    offset_of_max_timestamp_ = b.last_offset;
  }
  if (bytes_since_last_index_entry_ > static_cast<uint64_t>(index_interval_bytes)) {
    if (auto r = offset_index_.Append(b.last_offset, static_cast<uint32_t>(position)); !r) return r;
    if (auto r = time_index_.MaybeAppend(max_timestamp_, offset_of_max_timestamp_); !r) return r;
    bytes_since_last_index_entry_ = 0;
  }
  bytes_since_last_index_entry_ += b.size;
  return Ok{};
}

Result<Ok> LogSegment::Write(std::span<const uint8_t> bytes) {
  auto w = PWriteFully(fd_, bytes, written_, log_path());
  if (!w) {
    // Leave no half batch behind for the next append to land after.
    if (::ftruncate(fd_, static_cast<off_t>(written_)) != 0) {
      return StorageError(w.Error().message + "; truncate after failed write also failed");
    }
    return w;
  }
  written_ += bytes.size();
  return Ok{};
}

Result<Ok> LogSegment::Commit(const std::vector<AppendedBatch>& batches, int64_t index_interval_bytes) {
  // The batches are in the file already: publish them even if an index
  // write fails (indexes are rebuilt at start-up), otherwise later appends
  // would land after bytes no reader can see.
  uint64_t pos = size_;
  Result<Ok> result = Ok{};
  for (const auto& b : batches) {
    if (auto r = IndexBatch(b, pos, index_interval_bytes); !r && result) result = r;
    pos += b.size;
    next_offset_ = b.last_offset + 1;
  }
  size_ = pos;
  written_ = std::max(written_, size_);
  return result;
}

Result<std::optional<BatchLocation>> LogSegment::FindBatch(int64_t offset) const {
  {
    std::lock_guard lock(hint_mu_);
    // The batch holding `offset` is the answer (batches never overlap).
    if (hint_ && hint_->header.base_offset <= offset && offset <= hint_->header.LastOffset()) return hint_;
  }
  uint64_t pos = offset_index_.Lookup(offset).position;
  const uint64_t end = size_;
  while (pos < end) {
    auto loc = ReadHeaderAt(pos, end);
    if (!loc) return loc.Error();
    if (!loc.Value()) return StorageError("unreadable batch at byte " + std::to_string(pos) + " of " + log_path());
    if (loc.Value()->header.LastOffset() >= offset) {
      std::lock_guard lock(hint_mu_);
      hint_ = loc.Value();
      return loc;
    }
    pos += loc.Value()->header.SizeInBytes();
  }
  return std::optional<BatchLocation>();
}

Result<std::optional<BatchLocation>> LogSegment::FindBatchByTimestamp(int64_t timestamp, int64_t min_offset) const {
  // Both index lookups give a position no later than the answer; start at the later one.
  uint64_t pos = offset_index_.Lookup(min_offset).position;
  if (auto e = time_index_.Lookup(timestamp)) pos = std::max<uint64_t>(pos, offset_index_.Lookup(e->offset).position);
  const uint64_t end = size_;
  while (pos < end) {
    auto loc = ReadHeaderAt(pos, end);
    if (!loc) return loc.Error();
    if (!loc.Value()) return StorageError("unreadable batch at byte " + std::to_string(pos) + " of " + log_path());
    const auto& h = loc.Value()->header;
    if (h.max_timestamp >= timestamp && h.LastOffset() >= min_offset) return loc;
    pos += loc.Value()->header.SizeInBytes();
  }
  return std::optional<BatchLocation>();
}

Result<std::vector<uint8_t>> LogSegment::ReadRange(uint64_t position, uint64_t limit, uint64_t end,
                                                   bool min_one_batch) const {
  // Which bytes is WholeBatchBytes' to say (one set of size rules for reads
  // and for fetches sent from the file); then they are read at once.
  auto size = WholeBatchBytes(position, limit, end, min_one_batch);
  if (!size) return size.Error();
  std::vector<uint8_t> out(size.Value());
  if (out.empty()) return out;
  auto n = PReadFully(fd_, out.data(), out.size(), position, log_path());
  if (!n) return n.Error();
  if (n.Value() != out.size()) return StorageError("short read of " + log_path());
  return out;
}

Result<uint64_t> LogSegment::WholeBatchBytes(uint64_t position, uint64_t limit, uint64_t end,
                                             bool min_one_batch) const {
  // Headers are read a window at a time: the headers of small batches come
  // from one read, a large batch costs one small read.
  constexpr size_t kWindowBytes = 4096;
  uint8_t window[kWindowBytes];
  uint64_t window_at = 0;
  size_t window_size = 0;
  uint64_t pos = position;
  while (pos + pr::kBatchHeaderSize <= end) {
    if (pos < window_at || pos + pr::kBatchHeaderSize > window_at + window_size) {
      const auto want = static_cast<size_t>(std::min<uint64_t>(kWindowBytes, end - pos));
      auto n = PReadFully(fd_, window, want, pos, log_path());
      if (!n) return n.Error();
      if (n.Value() < pr::kBatchHeaderSize) return StorageError("short read of " + log_path());
      window_at = pos;
      window_size = n.Value();
    }
    const size_t skip = static_cast<size_t>(pos - window_at);
    auto h = pr::ParseBatchHeader(std::span<const uint8_t>(window + skip, window_size - skip));
    if (!h) return StorageError("unreadable batch at byte " + std::to_string(pos) + " of " + log_path());
    const uint64_t size = h->SizeInBytes();
    if (pos + size > end || pos + size - position > limit) {
      if (pos == position && min_one_batch) {
        // KIP-74: the first batch goes out whole even beyond the limit.
        if (pos + size > end) return StorageError("batch beyond committed end in " + log_path());
        return size;
      }
      break;
    }
    pos += size;
  }
  return pos - position;
}

Result<Ok> LogSegment::Seal() {
  if (max_timestamp_ >= 0) {
    if (auto r = time_index_.MaybeAppend(max_timestamp_, offset_of_max_timestamp_); !r) return r;
  }
  if (auto r = Flush(); !r) return r;
  if (auto r = offset_index_.Flush(); !r) return r;
  return time_index_.Flush();
}

Result<Ok> LogSegment::Flush() {
  if (::fdatasync(fd_) != 0) return StorageError("fsync " + log_path() + ": " + std::strerror(errno));
  return Ok{};
}

Result<Ok> LogSegment::Remove() {
  auto a = offset_index_.Remove();
  auto b = time_index_.Remove();
  if (::unlink(log_path().c_str()) != 0 && errno != ENOENT) {
    return StorageError("delete " + log_path() + ": " + std::strerror(errno));
  }
  if (!a) return a;
  return b;
}

int64_t LogSegment::LargestTimestampForRetention() const {
  if (max_timestamp_ >= 0) return max_timestamp_;
  struct stat st;
  if (::fstat(fd_, &st) != 0) return -1;
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
}

}  // namespace kconnect::broker::storage
