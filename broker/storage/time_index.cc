#include "broker/storage/time_index.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "broker/storage/file_util.h"

namespace kconnect::broker::storage {
namespace {

uint64_t GetBe(const uint8_t* p, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; ++i) v = (v << 8) | p[i];
  return v;
}
void PutBe(uint8_t* p, uint64_t v, int n) {
  for (int i = n - 1; i >= 0; --i) {
    p[i] = static_cast<uint8_t>(v);
    v >>= 8;
  }
}

}  // namespace

TimeIndex::TimeIndex(std::string path, int64_t base_offset) : path_(std::move(path)), base_offset_(base_offset) {}

TimeIndex::~TimeIndex() {
  if (fd_ >= 0) ::close(fd_);
}

Result<bool> TimeIndex::Load() {
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
    int64_t ts = static_cast<int64_t>(GetBe(p + i, 8));
    int32_t rel = static_cast<int32_t>(static_cast<uint32_t>(GetBe(p + i + 8, 4)));
    Entry e{ts, base_offset_ + rel};
    bool ordered = entries_.empty() || (e.timestamp > entries_.back().timestamp && e.offset >= entries_.back().offset);
    if (rel < 0 || ts < 0 || !ordered) {
      entries_.clear();
      return false;
    }
    entries_.push_back(e);
  }
  return true;
}

Result<Ok> TimeIndex::MaybeAppend(int64_t timestamp, int64_t offset) {
  if (timestamp < 0 || (!entries_.empty() && timestamp <= entries_.back().timestamp)) return Ok{};
  uint8_t buf[kEntrySize];
  PutBe(buf, static_cast<uint64_t>(timestamp), 8);
  PutBe(buf + 8, static_cast<uint32_t>(offset - base_offset_), 4);
  auto w = PWriteFully(fd_, buf, entries_.size() * kEntrySize, path_);
  if (!w) return w;
  entries_.push_back(Entry{timestamp, offset});
  return Ok{};
}

std::optional<TimeIndex::Entry> TimeIndex::Lookup(int64_t timestamp) const {
  auto it = std::upper_bound(entries_.begin(), entries_.end(), timestamp,
                             [](int64_t t, const Entry& e) { return t < e.timestamp; });
  if (it == entries_.begin()) return std::nullopt;
  return *(it - 1);
}

Result<Ok> TimeIndex::Reset() {
  entries_.clear();
  if (::ftruncate(fd_, 0) != 0) return StorageError("truncate " + path_ + ": " + std::strerror(errno));
  return Ok{};
}

Result<Ok> TimeIndex::Flush() {
  if (fd_ >= 0 && ::fdatasync(fd_) != 0) return StorageError("fsync " + path_ + ": " + std::strerror(errno));
  return Ok{};
}

Result<Ok> TimeIndex::Remove() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  entries_.clear();
  if (::unlink(path_.c_str()) != 0 && errno != ENOENT) {
    return StorageError("delete " + path_ + ": " + std::strerror(errno));
  }
  return Ok{};
}

}  // namespace kconnect::broker::storage
