#include "broker/storage/offset_index.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "broker/storage/file_util.h"

namespace kconnect::broker::storage {
namespace {

uint32_t Get32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}
void Put32(uint8_t* p, uint32_t v) {
  p[0] = static_cast<uint8_t>(v >> 24);
  p[1] = static_cast<uint8_t>(v >> 16);
  p[2] = static_cast<uint8_t>(v >> 8);
  p[3] = static_cast<uint8_t>(v);
}

}  // namespace

OffsetIndex::OffsetIndex(std::string path, int64_t base_offset) : path_(std::move(path)), base_offset_(base_offset) {}

OffsetIndex::~OffsetIndex() {
  if (fd_ >= 0) ::close(fd_);
}

Result<bool> OffsetIndex::Load(uint64_t log_size) {
  entries_.clear();
  if (fd_ < 0) {
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) return StorageError("open " + path_ + ": " + std::strerror(errno));
  }
  auto content = ReadWholeFile(path_);
  if (!content) return content.Error();
  const std::string& c = content.Value();
  if (c.size() % kEntrySize != 0) return false;
  const auto* p = reinterpret_cast<const uint8_t*>(c.data());
  for (size_t i = 0; i < c.size(); i += kEntrySize) {
    int32_t rel = static_cast<int32_t>(Get32(p + i));
    uint32_t pos = Get32(p + i + 4);
    Entry e{base_offset_ + rel, pos};
    bool ordered = entries_.empty() || (e.offset > entries_.back().offset && e.position > entries_.back().position);
    if (rel < 0 || !ordered || pos >= log_size) {
      entries_.clear();
      return false;
    }
    entries_.push_back(e);
  }
  return true;
}

Result<Ok> OffsetIndex::Append(int64_t offset, uint32_t position) {
  uint8_t buf[kEntrySize];
  Put32(buf, static_cast<uint32_t>(offset - base_offset_));
  Put32(buf + 4, position);
  auto w = PWriteFully(fd_, buf, entries_.size() * kEntrySize, path_);
  if (!w) return w;
  entries_.push_back(Entry{offset, position});
  return Ok{};
}

OffsetIndex::Entry OffsetIndex::Lookup(int64_t offset) const {
  auto it = std::upper_bound(entries_.begin(), entries_.end(), offset,
                             [](int64_t o, const Entry& e) { return o < e.offset; });
  if (it == entries_.begin()) return Entry{base_offset_, 0};
  return *(it - 1);
}

Result<Ok> OffsetIndex::Reset() {
  entries_.clear();
  if (::ftruncate(fd_, 0) != 0) return StorageError("truncate " + path_ + ": " + std::strerror(errno));
  return Ok{};
}

Result<Ok> OffsetIndex::Flush() {
  if (fd_ >= 0 && ::fdatasync(fd_) != 0) return StorageError("fsync " + path_ + ": " + std::strerror(errno));
  return Ok{};
}

Result<Ok> OffsetIndex::Remove() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  entries_.clear();
  if (::unlink(path_.c_str()) != 0 && errno != ENOENT) {
    return StorageError("delete " + path_ + ": " + std::strerror(errno));
  }
  return Ok{};
}

}  // namespace kconnect::broker::storage
