#include "broker/storage/time_index.h"

#include <algorithm>

namespace kconnect::broker::storage {

TimeIndex::TimeIndex(std::string path, int64_t base_offset)
    : file_(std::move(path)), base_offset_(base_offset) {}

Result<bool> TimeIndex::Load() {
  entries_.clear();
  auto content = file_.OpenAndRead();
  if (!content) return content.Error();
  const std::string& c = content.Value();
  if (c.size() % kEntrySize != 0) return false;
  const auto* p = reinterpret_cast<const uint8_t*>(c.data());
  for (size_t i = 0; i < c.size(); i += kEntrySize) {
    int64_t ts = static_cast<int64_t>(LoadBigEndian(p + i, 8));
    int32_t rel = static_cast<int32_t>(static_cast<uint32_t>(LoadBigEndian(p + i + 8, 4)));
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
  StoreBigEndian(buf, static_cast<uint64_t>(timestamp), 8);
  StoreBigEndian(buf + 8, static_cast<uint32_t>(offset - base_offset_), 4);
  auto w = file_.WriteAt(buf, entries_.size() * kEntrySize);
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
  return file_.Truncate();
}

Result<Ok> TimeIndex::Flush() { return file_.Sync(); }

Result<Ok> TimeIndex::Remove() {
  entries_.clear();
  return file_.Remove();
}

}  // namespace kconnect::broker::storage
