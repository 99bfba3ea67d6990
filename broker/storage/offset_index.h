#pragma once
// OffsetIndex: the sparse `<base>.index` of one segment. Entries map the last
// offset of an indexed batch (stored relative to the segment base as int32) to
// the file position of that batch (int32); see FORMAT.md. Kept fully in memory
// (8 bytes per entry, one entry per index.interval.bytes of log) and appended
// to the file as it grows. The file is never fsync'd on its own path of
// writes: it is rebuilt from the log whenever it is missing or inconsistent.
//
// Thread-safety: none of its own. The owning Log serialises mutations under
// its exclusive state lock and lookups under the shared one.

#include <cstdint>
#include <string>
#include <vector>

#include "broker/storage/index_file.h"
#include "broker/storage/storage_result.h"

namespace kconnect::broker::storage {

class OffsetIndex {
 public:
  static constexpr size_t kEntrySize = 8;
  struct Entry {
    int64_t offset = 0;     // absolute
    uint32_t position = 0;  // byte position of the batch in the .log file
  };

  OffsetIndex(std::string path, int64_t base_offset);
  OffsetIndex(const OffsetIndex&) = delete;
  OffsetIndex& operator=(const OffsetIndex&) = delete;

  // Opens (creating if absent) and loads the file. True when its content is a
  // consistent index for a log of `log_size` bytes; false when it must be
  // rebuilt (the in-memory entries are then empty). I/O failure is an error.
  Result<bool> Load(uint64_t log_size);
  // REQUIRES: offset greater than the last entry's, position not smaller.
  Result<Ok> Append(int64_t offset, uint32_t position);
  // The entry with the largest offset <= `offset`; {base_offset, 0} if none.
  Entry Lookup(int64_t offset) const;
  // Drops every entry (file truncated to zero).
  Result<Ok> Reset();
  Result<Ok> Flush();
  // Closes and unlinks the file.
  Result<Ok> Remove();
  size_t size() const { return entries_.size(); }
  const std::string& path() const { return file_.path(); }

 private:
  IndexFile file_;
  int64_t base_offset_;
  std::vector<Entry> entries_;
};

}  // namespace kconnect::broker::storage
