#pragma once
// TimeIndex: the sparse `<base>.timeindex` of one segment. Each entry holds the
// largest batch timestamp seen so far in the segment (int64) and the last
// offset of the batch that first reached it (relative, int32); entries are
// strictly increasing in timestamp. Kept in memory like OffsetIndex and
// rebuilt from the log when missing or inconsistent; see FORMAT.md.
//
// Thread-safety: none of its own; the owning Log serialises access.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "broker/storage/index_file.h"
#include "broker/storage/storage_result.h"

namespace kconnect::broker::storage {

class TimeIndex {
 public:
  static constexpr size_t kEntrySize = 12;
  struct Entry {
    int64_t timestamp = -1;
    int64_t offset = 0;  // absolute
  };

  TimeIndex(std::string path, int64_t base_offset);
  TimeIndex(const TimeIndex&) = delete;
  TimeIndex& operator=(const TimeIndex&) = delete;

  // Opens (creating if absent) and loads. False (entries dropped) when the
  // content is inconsistent and must be rebuilt.
  Result<bool> Load();
  // Appends when `timestamp` is larger than the last entry's (or the index is empty).
  Result<Ok> MaybeAppend(int64_t timestamp, int64_t offset);
  // The entry with the largest timestamp <= `timestamp`, if any.
  std::optional<Entry> Lookup(int64_t timestamp) const;
  // The last entry's timestamp, -1 when empty.
  int64_t LastTimestamp() const { return entries_.empty() ? -1 : entries_.back().timestamp; }
  Result<Ok> Reset();
  Result<Ok> Flush();
  Result<Ok> Remove();
  size_t size() const { return entries_.size(); }

 private:
  IndexFile file_;
  int64_t base_offset_;
  std::vector<Entry> entries_;
};

}  // namespace kconnect::broker::storage
