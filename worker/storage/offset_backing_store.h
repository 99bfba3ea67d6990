#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kconnect::worker::storage {

// Where source offsets live (Java: `OffsetBackingStore`). Keys and values are
// the exact JSON bytes the worker serialises (runtime spec §3.3): the key is
// `["<connector>",{<source partition>}]`, the value the source offset map. A
// nullopt value is a tombstone: the offset was deleted, and the key is kept
// so that later listings can show that.
//
// Lookups are by exact key bytes; callers must serialise keys exactly as they
// were written.
//
// Implementations are thread-safe: Get() and All() may run on task threads
// while Set() runs on the offset committer thread.
class OffsetBackingStore {
 public:
  virtual ~OffsetBackingStore() = default;

  // Loads existing offsets. Call once before any other method.
  // Throws std::runtime_error, naming the file or topic and the problem, when
  // the existing data cannot be read; the worker must not start without its
  // offsets rather than silently re-reading sources from the beginning.
  virtual void Start() = 0;

  // Releases resources. Offsets already Set() stay durable. Calls after Stop()
  // are not allowed.
  virtual void Stop() = 0;

  // Returns the stored value for each of `keys` that exists; tombstoned keys
  // map to nullopt, keys never stored are absent from the result.
  virtual std::map<std::string, std::optional<std::string>> Get(
      const std::vector<std::string>& keys) = 0;

  // Stores all `entries` (a nullopt value writes a tombstone) durably and as
  // one batch: afterwards either all of them are visible and durable, or, on
  // failure, none are visible. Returns false and sets `*error` to a message
  // naming the store on failure. Later entries for the same key win.
  virtual bool Set(const std::vector<std::pair<std::string, std::optional<std::string>>>& entries,
                   std::string* error) = 0;

  // Every stored entry, tombstones included, ordered by key bytes. Used to list
  // a connector's offsets (KIP-875).
  virtual std::vector<std::pair<std::string, std::optional<std::string>>> All() = 0;
};

}  // namespace kconnect::worker::storage
