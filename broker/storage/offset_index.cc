#include "broker/storage/offset_index.h"

#include <algorithm>

namespace kconnect::broker::storage {

OffsetIndex::OffsetIndex(std::string path, int64_t base_offset)
    : file_(std::move(path)), base_offset_(base_offset) {}

Result<bool> OffsetIndex::Load(uint64_t log_size) {
  entries_.clear();
  auto content = file_.OpenAndRead();
  if (!content) return content.Error();
  const std::string& c = content.Value();
  if (c.size() % kEntrySize != 0) return false;
  const auto* p = reinterpret_cast<const uint8_t*>(c.data());
  for (size_t i = 0; i < c.size(); i += kEntrySize) {
    int32_t rel = static_cast<int32_t>(static_cast<uint32_t>(LoadBigEndian(p + i, 4)));
    uint32_t pos = static_cast<uint32_t>(LoadBigEndian(p + i + 4, 4));
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
  StoreBigEndian(buf, static_cast<uint32_t>(offset - base_offset_), 4);
  StoreBigEndian(buf + 4, position, 4);
  auto w = file_.WriteAt(buf, entries_.size() * kEntrySize);
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
  return file_.Truncate();
}

Result<Ok> OffsetIndex::Flush() { return file_.Sync(); }

Result<Ok> OffsetIndex::Remove() {
  entries_.clear();
  return file_.Remove();
}

}  // namespace kconnect::broker::storage
