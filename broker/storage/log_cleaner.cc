// Log::Clean — compaction of a `cleanup.policy=compact` partition (spec §9.3).
//
// One pass: (1) snapshot the non-active segments that are old enough
// (min.compaction.lag.ms); (2) unless forced, stop when the dirty share of
// their bytes is below min.cleanable.dirty.ratio; (3) map every key to the
// offset of its latest record over those segments; (4) rewrite each segment
// keeping only latest records, into `<base>.log.cleaned`, fsync'd; (5) swap
// each into place under the append lock: drop the old indexes, rename the
// cleaned file over the old one, reopen it (its indexes are rebuilt from the
// file). A crash at any point leaves either the old or the new file, with
// indexes rebuilt at start-up when missing, and a stray `.cleaned` file that
// start-up deletes.
//
// Offsets never change: a kept record is copied byte for byte into a batch
// with the original base offset, base timestamp, last offset delta, producer
// id, epoch and sequence, so its offset and timestamp deltas still hold.
// Batches of an idempotent producer that lose every record stay as empty
// batches, which keeps the producer's last sequence for the state rebuilt at
// start-up (as Kafka does). Compressed batches are opened like the others
// and a batch that loses records is recompressed with its own codec.
//
// Tombstones (null values) are kept by the first pass that sees them and
// dropped by a later pass once they lie below the previous pass's end and
// their batch is older than delete.retention.ms, so a consumer that read up
// to the previous clean has had that long to see the deletion.

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include "broker/protocol/compression.h"
#include "broker/protocol/record_batch.h"
#include "broker/storage/file_util.h"
#include "broker/storage/log.h"
#include "common/logging/logger_registry.h"

namespace kconnect::broker::storage {

using common::logging::kBrokerLog;

namespace {

namespace pr = kconnect::broker::protocol;
namespace fs = std::filesystem;

std::string KeyOf(std::span<const uint8_t> key) {
  return std::string(reinterpret_cast<const char*>(key.data()), key.size());
}

}  // namespace

Result<std::vector<uint8_t>> Log::ReadSegmentBytes(const LogSegment& segment) {
  return segment.ReadRange(0, segment.size(), segment.size(), true);
}

Result<CleanResult> Log::Clean(bool force) {
  std::lock_guard clean_lock(clean_mu_);
  CleanResult result;
  if (deleted_) return result;  // nothing left to clean
  const int64_t now = clock_();

  // (1) What may be cleaned: every segment but the active one, stopping at
  // the first that is younger than min.compaction.lag.ms.
  LogConfig config;
  std::vector<std::shared_ptr<LogSegment>> segments;
  int64_t first_dirty = 0;
  {
    std::shared_lock lock(state_mu_);
    config = config_;
    first_dirty = first_dirty_offset_;
    if (!config.cleanup_compact || segments_.size() < 2) return result;
    for (auto it = segments_.begin(); std::next(it) != segments_.end(); ++it) {
      // With no lag configured every closed segment qualifies, whatever
      // clocks the producers' timestamps came from.
      if (config.min_compaction_lag_ms > 0 &&
          now - it->second->LargestTimestampForRetention() < config.min_compaction_lag_ms) {
        break;
      }
      segments.push_back(it->second);
    }
  }
  if (segments.empty()) return result;

  // (2) Dirty ratio.
  uint64_t total = 0, dirty = 0;
  for (const auto& seg : segments) {
    total += seg->size();
    if (seg->next_offset() > first_dirty) dirty += seg->size();
  }
  // A forced pass also runs with nothing dirty: it is how tombstones past
  // their retention go when no new writes arrive.
  if (total == 0) return result;
  if (!force && (dirty == 0 || static_cast<double>(dirty) / static_cast<double>(total) <
                                   config.min_cleanable_dirty_ratio)) {
    return result;
  }

  // (3) key -> offset of its latest record. Segments are read whole: a
  // compacted topic's segments are small (and `segment.bytes` bounds them).
  std::unordered_map<std::string, int64_t> latest;
  for (const auto& seg : segments) {
    auto bytes = ReadSegmentBytes(*seg);
    if (!bytes) return bytes.Error();
    auto batches = pr::SplitRecordBatches(bytes.Value());
    if (!batches) return StorageError("cleaning " + seg->log_path() + ": " + batches.Error().message);
    std::vector<uint8_t> plain;  // a compressed batch's records, decompressed
    for (const auto& b : batches.Value()) {
      if (b.header.IsControl()) continue;
      auto records = pr::DecodeAnyRecords(b, &plain);
      if (!records) return StorageError("cleaning " + seg->log_path() + ": " + records.Error().message);
      for (const auto& r : records.Value()) {
        if (r.key) latest[KeyOf(*r.key)] = b.header.base_offset + r.offset_delta;
      }
    }
  }

  // (4) + (5), one segment at a time.
  const int64_t tombstone_horizon = now - config.delete_retention_ms;
  for (const auto& seg : segments) {
    auto bytes = ReadSegmentBytes(*seg);
    if (!bytes) return bytes.Error();
    auto batches = pr::SplitRecordBatches(bytes.Value());
    if (!batches) return StorageError("cleaning " + seg->log_path() + ": " + batches.Error().message);
    std::vector<uint8_t> out;
    out.reserve(bytes->size());
    int64_t removed = 0;
    std::vector<uint8_t> plain;
    for (const auto& b : batches.Value()) {
      const auto& h = b.header;
      if (h.IsControl()) {
        out.insert(out.end(), b.bytes.begin(), b.bytes.end());
        continue;
      }
      auto records = pr::DecodeAnyRecords(b, &plain);
      if (!records) return StorageError("cleaning " + seg->log_path() + ": " + records.Error().message);
      const bool tombstones_expire = h.LastOffset() < first_dirty && h.max_timestamp <= tombstone_horizon;
      std::vector<std::span<const uint8_t>> kept;
      for (const auto& r : records.Value()) {
        const int64_t offset = h.base_offset + r.offset_delta;
        bool keep = true;
        if (r.key) {
          auto it = latest.find(KeyOf(*r.key));
          if (it != latest.end() && it->second > offset) keep = false;
        }
        if (keep && !r.value && tombstones_expire) keep = false;
        if (keep) {
          kept.push_back(r.raw);
        } else {
          ++removed;
        }
      }
      if (kept.size() == records->size()) {
        out.insert(out.end(), b.bytes.begin(), b.bytes.end());
      } else if (!kept.empty() || h.producer_id >= 0) {
        // Recompressed with the batch's own codec.
        auto rebuilt = pr::BuildBatch(h, kept);
        if (!rebuilt) return StorageError("cleaning " + seg->log_path() + ": " + rebuilt.Error().message);
        out.insert(out.end(), rebuilt->begin(), rebuilt->end());
      }
    }
    result.bytes_before += seg->size();
    if (removed == 0) {
      result.bytes_after += seg->size();
      continue;
    }
    auto swapped = SwapCleanedSegment(seg, out, now);
    if (!swapped) return swapped.Error();
    if (!swapped.Value()) {
      result.bytes_after += seg->size();  // retention got there first
      continue;
    }
    result.bytes_after += out.size();
    result.records_removed += removed;
    ++result.segments_cleaned;
  }

  // The next pass's dirty section starts after what was just cleaned.
  const int64_t cleaned_to = segments.back()->next_offset();
  if (auto r = AtomicWriteFile(dir_ + "/" + kCleanerCheckpointFile, "0\n" + std::to_string(cleaned_to) + "\n");
      !r) {
    return r.Error();
  }
  {
    std::unique_lock lock(state_mu_);
    first_dirty_offset_ = cleaned_to;
  }
  if (result.segments_cleaned > 0) {
    kBrokerLog().info("{}-{}: cleaned {} segment(s): {} records removed, {} -> {} bytes", topic_,
                      partition_, result.segments_cleaned, result.records_removed,
                      result.bytes_before, result.bytes_after);
  }
  return result;
}

Result<bool> Log::SwapCleanedSegment(const std::shared_ptr<LogSegment>& old, const std::vector<uint8_t>& bytes,
                                     int64_t now_ms) {
  const std::string log_path = old->log_path();
  const std::string cleaned_path = log_path + kCleanedSuffix;
  {
    int fd = ::open(cleaned_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return StorageError("create " + cleaned_path + ": " + std::strerror(errno));
    auto w = PWriteFully(fd, bytes, 0, cleaned_path);
    const bool synced = w && ::fdatasync(fd) == 0;
    ::close(fd);
    if (!w) return w.Error();
    if (!synced) return StorageError("fsync " + cleaned_path + ": " + std::strerror(errno));
  }

  std::lock_guard append_lock(append_mu_);
  auto current = [&] {
    std::shared_lock lock(state_mu_);
    auto it = segments_.find(old->base_offset());
    return !deleted_ && it != segments_.end() && it->second == old;
  };
  if (!current()) {
    std::error_code ec;
    fs::remove(cleaned_path, ec);
    return false;
  }
  // Old indexes first: from here until the reopen below, a crash leaves a
  // .log without indexes, which start-up rebuilds. The old segment object
  // keeps its descriptors, so readers holding it finish on the old bytes.
  const std::string prefix = log_path.substr(0, log_path.size() - 4);
  for (const char* ext : {".index", ".timeindex"}) {
    if (::unlink((prefix + ext).c_str()) != 0 && errno != ENOENT) {
      return StorageError("delete " + prefix + ext + ": " + std::strerror(errno));
    }
  }
  if (::rename(cleaned_path.c_str(), log_path.c_str()) != 0) {
    return StorageError("rename " + cleaned_path + ": " + std::strerror(errno));
  }
  auto fresh = LogSegment::Open(dir_, old->base_offset(), now_ms);
  if (!fresh) return fresh.Error();
  auto loaded = fresh.Value()->Load(/*verify_crc=*/false, /*force_rebuild=*/true, config().index_interval_bytes,
                                    nullptr);
  if (!loaded) return loaded.Error();
  if (auto r = fresh.Value()->Seal(); !r) return r.Error();
  if (auto r = FsyncDir(dir_); !r) return r.Error();
  std::unique_lock lock(state_mu_);
  segments_[old->base_offset()] = std::move(fresh.Value());
  return true;
}

}  // namespace kconnect::broker::storage
