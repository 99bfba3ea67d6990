#include "worker/storage/file_offset_backing_store.h"

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "worker/storage/java_offsets_reader.h"
#include "worker/util/file_io.h"
#include "worker/util/java_format.h"

namespace kconnect::worker::storage {
namespace {

using Entries = std::map<std::string, std::optional<std::string>>;

constexpr char kFormatName[] = "kconnect-offsets";
constexpr int kFormatVersion = 1;

// One entry per line keeps the file diffable and readable with standard tools
// while staying a single JSON document (FORMAT.md).
std::string Encode(const Entries& entries) {
  std::string out = R"({"format":")";
  out += kFormatName;
  out += R"(","version":)";
  out += std::to_string(kFormatVersion);
  out += ",\"entries\":[\n";
  bool first = true;
  for (const auto& [key, value] : entries) {
    if (!first) out += ",\n";
    first = false;
    out += R"({"key":")";
    out += util::Base64Encode(key);
    out += R"(","value":)";
    if (value) {
      out += '"';
      out += util::Base64Encode(*value);
      out += '"';
    } else {
      out += "null";
    }
    out += '}';
  }
  out += "\n]}\n";
  return out;
}

// Parses our own format; throws std::runtime_error naming `path`.
Entries Decode(const std::string& path, const std::string& text) {
  auto corrupt = [&](const std::string& what) {
    return std::runtime_error("Offsets file " + path + " is corrupt: " + what);
  };
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // nlohmann reports a position past the last byte when the input stops
    // mid-document, the signature of a truncated file.
    if (e.byte >= text.size()) {
      throw std::runtime_error("Offsets file " + path +
                               " is truncated: the JSON document ends at byte " +
                               std::to_string(text.size()) + " before it is complete");
    }
    throw corrupt("not a kconnect offsets file (invalid JSON at byte " + std::to_string(e.byte) +
                  ")");
  }
  if (!doc.is_object() || !doc.contains("format") || doc["format"] != kFormatName) {
    throw corrupt(std::string("not a kconnect offsets file (no \"format\":\"") + kFormatName +
                  "\")");
  }
  const auto version = doc.find("version");
  if (version == doc.end() || !version->is_number_integer()) {
    throw corrupt("missing or non-integer \"version\"");
  }
  if (*version != kFormatVersion) {
    throw std::runtime_error("Offsets file " + path + " has format version " + version->dump() +
                             ", but this worker reads only version " +
                             std::to_string(kFormatVersion));
  }
  const auto list = doc.find("entries");
  if (list == doc.end() || !list->is_array()) throw corrupt("missing \"entries\" array");

  Entries entries;
  size_t index = 0;
  for (const nlohmann::json& entry : *list) {
    const std::string where = "entry " + std::to_string(index++);
    if (!entry.is_object()) throw corrupt(where + " is not an object");
    const auto key_it = entry.find("key");
    if (key_it == entry.end() || !key_it->is_string()) {
      throw corrupt(where + " has no \"key\" string");
    }
    std::optional<std::string> key = util::Base64Decode(key_it->get_ref<const std::string&>());
    if (!key) throw corrupt(where + " has a \"key\" that is not valid base64");
    const auto value_it = entry.find("value");
    if (value_it == entry.end() || !(value_it->is_string() || value_it->is_null())) {
      throw corrupt(where + " has no \"value\" (a base64 string or null)");
    }
    std::optional<std::string> value;
    if (value_it->is_string()) {
      value = util::Base64Decode(value_it->get_ref<const std::string&>());
      if (!value) throw corrupt(where + " has a \"value\" that is not valid base64");
    }
    if (!entries.emplace(std::move(*key), std::move(value)).second) {
      throw corrupt(where + " repeats an earlier key");
    }
  }
  return entries;
}

}  // namespace

FileOffsetBackingStore::FileOffsetBackingStore(std::string path) : path_(std::move(path)) {}

void FileOffsetBackingStore::Start() {
  std::string text;
  if (const int err = util::ReadWholeFile(path_, &text); err != 0) {
    if (err == ENOENT) return;  // first start: no offsets yet
    throw std::runtime_error("Could not read offsets file " + path_ + ": " + std::strerror(err));
  }
  Entries loaded;
  if (text.empty()) {
    // Our writer never leaves an empty file, but Java's in-place rewrite does
    // when it crashes; starting empty would silently re-read every source.
    throw std::runtime_error("Offsets file " + path_ +
                             " is empty; remove it to start without stored offsets");
  }
  if (IsJavaSerialized(text) || IsTruncatedJavaHeader(text)) {
    std::string error;
    std::optional<Entries> java =
        IsJavaSerialized(text) ? ReadJavaSerializedOffsets(text, &error) : std::nullopt;
    if (!java) {
      if (error.empty()) error = "truncated inside the stream header";
      throw std::runtime_error(
          "Offsets file " + path_ +
          " is a Java-serialized offsets file that cannot be imported: " + error);
    }
    loaded = std::move(*java);
  } else {
    loaded = Decode(path_, text);
  }
  std::lock_guard<std::mutex> lock(mu_);
  data_ = std::move(loaded);
}

std::map<std::string, std::optional<std::string>> FileOffsetBackingStore::Get(
    const std::vector<std::string>& keys) {
  std::lock_guard<std::mutex> lock(mu_);
  std::map<std::string, std::optional<std::string>> result;
  for (const std::string& key : keys) {
    auto it = data_.find(key);
    if (it != data_.end()) result.emplace(key, it->second);
  }
  return result;
}

bool FileOffsetBackingStore::Set(
    const std::vector<std::pair<std::string, std::optional<std::string>>>& entries,
    std::string* error) {
  std::lock_guard<std::mutex> write_lock(write_mu_);
  // Build the next state on a copy so that readers never see offsets that are
  // not yet durable. The copy is O(offsets), as is the rewrite itself.
  Entries next;
  {
    std::lock_guard<std::mutex> lock(mu_);
    next = data_;
  }
  for (const auto& [key, value] : entries) next[key] = value;
  std::string write_error;
  if (!util::WriteFileAtomically(path_, Encode(next), &write_error)) {
    if (error != nullptr) *error = "Could not store offsets: " + write_error;
    return false;
  }
  std::lock_guard<std::mutex> lock(mu_);
  data_ = std::move(next);
  return true;
}

std::vector<std::pair<std::string, std::optional<std::string>>> FileOffsetBackingStore::All() {
  std::lock_guard<std::mutex> lock(mu_);
  return {data_.begin(), data_.end()};
}

}  // namespace kconnect::worker::storage
