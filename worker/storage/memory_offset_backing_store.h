#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "worker/storage/offset_backing_store.h"

namespace kconnect::worker::storage {

// Keeps offsets in memory only; they are lost when the process exits (Java:
// `MemoryOffsetBackingStore`). Used by tests and by connectors that need no
// persistence. Set() never fails. Thread-safe.
class MemoryOffsetBackingStore : public OffsetBackingStore {
 public:
  MemoryOffsetBackingStore() = default;

  void Start() override {}
  void Stop() override {}
  std::map<std::string, std::optional<std::string>> Get(
      const std::vector<std::string>& keys) override;
  bool Set(const std::vector<std::pair<std::string, std::optional<std::string>>>& entries,
           std::string* error) override;
  std::vector<std::pair<std::string, std::optional<std::string>>> All() override;

 private:
  // Guards data_.
  std::mutex mu_;
  std::map<std::string, std::optional<std::string>> data_;
};

}  // namespace kconnect::worker::storage
