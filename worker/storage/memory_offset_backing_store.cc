#include "worker/storage/memory_offset_backing_store.h"

namespace kconnect::worker::storage {

std::map<std::string, std::optional<std::string>> MemoryOffsetBackingStore::Get(
    const std::vector<std::string>& keys) {
  std::lock_guard<std::mutex> lock(mu_);
  std::map<std::string, std::optional<std::string>> result;
  for (const std::string& key : keys) {
    auto it = data_.find(key);
    if (it != data_.end()) result.emplace(key, it->second);
  }
  return result;
}

bool MemoryOffsetBackingStore::Set(
    const std::vector<std::pair<std::string, std::optional<std::string>>>& entries,
    std::string* /*error*/) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [key, value] : entries) data_[key] = value;
  return true;
}

std::vector<std::pair<std::string, std::optional<std::string>>> MemoryOffsetBackingStore::All() {
  std::lock_guard<std::mutex> lock(mu_);
  return {data_.begin(), data_.end()};
}

}  // namespace kconnect::worker::storage
