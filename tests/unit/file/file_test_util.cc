#include "file_test_util.h"

#include <stdlib.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace kconnect::file::testing {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "kc-file-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

void AppendToFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::app);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

std::optional<OffsetMap> FakeOffsetStorageReader::Offset(const OffsetMap& partition) {
  queried.push_back(partition);
  for (const auto& [p, o] : stored) {
    if (p == partition) return o;
  }
  return std::nullopt;
}

std::vector<std::pair<OffsetMap, OffsetMap>> FakeOffsetStorageReader::Offsets(
    const std::vector<OffsetMap>& partitions) {
  std::vector<std::pair<OffsetMap, OffsetMap>> result;
  for (const OffsetMap& partition : partitions) {
    if (auto offset = Offset(partition)) result.emplace_back(partition, *offset);
  }
  return result;
}

OffsetMap FilePartition(const std::string& file) { return {{"filename", Value(file)}}; }

OffsetMap PositionOffset(int64_t position) { return {{"position", Value(position)}}; }

}  // namespace kconnect::file::testing
