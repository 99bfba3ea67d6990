#pragma once
// The standalone worker's record of its connectors: each one's config and
// target state (STARTED, PAUSED, STOPPED), so that connectors created, changed,
// paused, stopped or deleted over REST are still so after a restart. Java's
// standalone mode keeps these in memory only and forgets them; distributed
// mode keeps them in the config topic.
//
// One JSON file, rewritten whole and atomically on every change (a connector
// config is a few KiB and changes are operator actions, so rewriting is cheap
// and a crash leaves either the old or the new file):
//   {"version":1,"connectors":{"<name>":{"config":{...},"target_state":"PAUSED"}}}
//
// Not thread-safe: the standalone herder's thread is its only user.

#include <map>
#include <string>

namespace kconnect::worker::storage {

struct StoredConnector {
  std::map<std::string, std::string> config;
  std::string target_state = "STARTED";  // STARTED, PAUSED or STOPPED
};

class FileConnectorStore {
 public:
  explicit FileConnectorStore(std::string path) : path_(std::move(path)) {}

  const std::string& path() const { return path_; }

  // The stored connectors; empty when the file does not exist yet. Throws
  // std::runtime_error naming the file and the problem when it exists but
  // cannot be read or parsed: starting without them would silently drop the
  // operator's connectors at the next save.
  std::map<std::string, StoredConnector> Load() const;

  // Replaces the file's content with `connectors`. Returns false and sets
  // `*error` (naming the file) on failure; the previous file is then intact.
  bool Save(const std::map<std::string, StoredConnector>& connectors, std::string* error) const;

 private:
  std::string path_;
};

}  // namespace kconnect::worker::storage
