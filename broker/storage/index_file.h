#pragma once
// IndexFile: the file behind a segment index (`.index`, `.timeindex`) — fixed-
// size entries written at the end, read back whole at load, truncated when the
// index is rebuilt, unlinked with its segment. OffsetIndex and TimeIndex keep
// their entries in memory and use this for the bytes on disk.
//
// Thread-safety: none of its own; the owning index's Log serialises access.

#include <cstdint>
#include <span>
#include <string>

#include "broker/storage/storage_result.h"

namespace kconnect::broker::storage {

class IndexFile {
 public:
  explicit IndexFile(std::string path) : path_(std::move(path)) {}
  ~IndexFile();
  IndexFile(const IndexFile&) = delete;
  IndexFile& operator=(const IndexFile&) = delete;

  // Opens the file (creating it if absent) unless already open, and returns
  // its whole content.
  Result<std::string> OpenAndRead();
  // Writes `bytes` at byte `position`.
  Result<Ok> WriteAt(std::span<const uint8_t> bytes, uint64_t position);
  // Truncates the file to zero bytes.
  Result<Ok> Truncate();
  // fdatasync(2), if open.
  Result<Ok> Sync();
  // Closes and unlinks the file (a missing file is fine).
  Result<Ok> Remove();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
};

// Big-endian fixed-width integers, as Kafka writes its index entries.
inline uint64_t LoadBigEndian(const uint8_t* p, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | p[i];
  return v;
}
inline void StoreBigEndian(uint8_t* p, uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) {
    p[i] = static_cast<uint8_t>(v);
    v >>= 8;
  }
}

}  // namespace kconnect::broker::storage
