#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "worker/storage/offset_backing_store.h"

namespace kconnect::worker::storage {

// Standalone mode's offset store (Java: `FileOffsetBackingStore`, configured by
// `offset.storage.file.filename`): all offsets in memory, the whole set
// rewritten to one file on every Set(). The file format is documented in
// FORMAT.md next to this header.
//
// Unlike Java, every rewrite is atomic (temporary file, fsync, rename, fsync
// of the directory), and a damaged file stops Start() instead of silently
// resetting every source to its beginning. A file written by the Java worker
// (Java serialization) is imported by Start() and rewritten in this format by
// the next successful Set().
//
// Thread-safe. Set() does its file I/O without blocking Get()/All().
class FileOffsetBackingStore : public OffsetBackingStore {
 public:
  explicit FileOffsetBackingStore(std::string path);

  // Loads the file. A missing file is an empty store. Throws
  // std::runtime_error naming the file when it cannot be read, is empty,
  // truncated or corrupt, or is a Java-serialized file outside the supported
  // layout.
  void Start() override;
  void Stop() override {}

  std::map<std::string, std::optional<std::string>> Get(
      const std::vector<std::string>& keys) override;

  // Writes the current offsets plus `entries` to the file; only once that is
  // durable do Get()/All() see the new values. On failure (`*error` names the
  // file and the reason) the in-memory offsets are unchanged and the file
  // holds its previous content — or, if only the final directory fsync
  // failed, the new content; callers retry the batch on the next flush anyway.
  bool Set(const std::vector<std::pair<std::string, std::optional<std::string>>>& entries,
           std::string* error) override;

  std::vector<std::pair<std::string, std::optional<std::string>>> All() override;

  const std::string& Path() const { return path_; }

 private:
  const std::string path_;
  // Serialises Set() calls so that the file and data_ change in the same
  // order. Held while writing the file; acquired before mu_.
  std::mutex write_mu_;
  // Guards data_. Held only briefly, never during file I/O.
  std::mutex mu_;
  std::map<std::string, std::optional<std::string>> data_;
};

}  // namespace kconnect::worker::storage
