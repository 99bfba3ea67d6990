#pragma once
// Shared fixtures for the FileStream connector tests: a real temporary
// directory and fake task contexts.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kconnect/records.h"
#include "kconnect/task.h"

namespace kconnect::file::testing {

// A fresh directory under the system temp dir, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& Path() const { return path_; }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// Appends raw bytes to a file, creating it if needed.
void AppendToFile(const std::string& path, const std::string& bytes);
// The whole content of a file ("" if it does not exist).
std::string ReadFile(const std::string& path);

// An offset store holding whatever the test put there.
class FakeOffsetStorageReader : public OffsetStorageReader {
 public:
  std::optional<OffsetMap> Offset(const OffsetMap& partition) override;
  std::vector<std::pair<OffsetMap, OffsetMap>> Offsets(
      const std::vector<OffsetMap>& partitions) override;

  std::vector<std::pair<OffsetMap, OffsetMap>> stored;
  std::vector<OffsetMap> queried;  // partitions asked for, in order
};

class FakeSourceTaskContext : public SourceTaskContext {
 public:
  const Props& Configs() const override { return props; }
  OffsetStorageReader& GetOffsetStorageReader() override { return reader; }

  Props props;
  FakeOffsetStorageReader reader;
};

// {"filename": <file>}.
OffsetMap FilePartition(const std::string& file);
// {"position": <position>}.
OffsetMap PositionOffset(int64_t position);

}  // namespace kconnect::file::testing
