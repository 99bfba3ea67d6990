#pragma once
// Source offsets: their byte encoding (runtime.md §3.3 — the same bytes Java
// writes to the offsets topic), the reader handed to tasks, and the writer
// that flushes committable offsets to an OffsetBackingStore.

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kconnect/records.h"
#include "kconnect/task.h"
#include "worker/storage/offset_backing_store.h"

namespace kconnect::worker::runtime {

// Jackson-compatible JSON of an offset map (insertion order kept), or "null".
// Throws kconnect::DataException for non-primitive values (OffsetUtils.validateFormat).
std::string SerializeOffsetMap(const std::optional<kconnect::OffsetMap>& map);
// Key bytes: ["<connector>",<partition json>].
std::string SerializeOffsetKey(const std::string& connector,
                               const std::optional<kconnect::OffsetMap>& partition);
// Parses an offset/partition map; integers come back as int64, other numbers as
// double (as Java's schemaless JsonConverter). nullopt for JSON null or garbage.
std::optional<kconnect::OffsetMap> ParseOffsetMap(std::string_view json);
// Parses key bytes back into connector name and partition. False on garbage.
bool ParseOffsetKey(std::string_view json, std::string* connector,
                    std::optional<kconnect::OffsetMap>* partition);

// The OffsetStorageReader given to a connector's tasks. Thread-safe.
class OffsetStorageReaderImpl : public kconnect::OffsetStorageReader {
 public:
  OffsetStorageReaderImpl(std::string connector, storage::OffsetBackingStore& store)
      : connector_(std::move(connector)), store_(store) {}
  std::optional<kconnect::OffsetMap> Offset(const kconnect::OffsetMap& partition) override;
  std::vector<std::pair<kconnect::OffsetMap, kconnect::OffsetMap>> Offsets(
      const std::vector<kconnect::OffsetMap>& partitions) override;

 private:
  std::string connector_;
  storage::OffsetBackingStore& store_;
};

}  // namespace kconnect::worker::runtime
