#include <string>

#include "kconnect/config_def.h"

namespace kconnect {
namespace {

[[noreturn]] void ThrowWrongType(const std::string& key, const char* wanted) {
  throw ConfigException("Configuration '" + key + "' is not of type " + wanted);
}

}  // namespace

AbstractConfig::AbstractConfig(const ConfigDef& def, Props originals)
    : originals_(std::move(originals)), values_(def.Parse(originals_)) {}

const ConfigDef::Parsed& AbstractConfig::Get(const std::string& key) const {
  auto it = values_.find(key);
  if (it == values_.end()) throw ConfigException("Unknown configuration '" + key + "'");
  return it->second;
}

bool AbstractConfig::GetBoolean(const std::string& key) const {
  const auto& v = Get(key);
  if (const auto* b = std::get_if<bool>(&v)) return *b;
  ThrowWrongType(key, "BOOLEAN");
}

int32_t AbstractConfig::GetInt(const std::string& key) const {
  const auto& v = Get(key);
  if (const auto* n = std::get_if<int32_t>(&v)) return *n;
  if (const auto* n = std::get_if<int16_t>(&v)) return *n;
  ThrowWrongType(key, "INT");
}

int16_t AbstractConfig::GetShort(const std::string& key) const {
  const auto& v = Get(key);
  if (const auto* n = std::get_if<int16_t>(&v)) return *n;
  ThrowWrongType(key, "SHORT");
}

int64_t AbstractConfig::GetLong(const std::string& key) const {
  const auto& v = Get(key);
  if (const auto* n = std::get_if<int64_t>(&v)) return *n;
  if (const auto* n = std::get_if<int32_t>(&v)) return *n;
  if (const auto* n = std::get_if<int16_t>(&v)) return *n;
  ThrowWrongType(key, "LONG");
}

double AbstractConfig::GetDouble(const std::string& key) const {
  const auto& v = Get(key);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  ThrowWrongType(key, "DOUBLE");
}

std::optional<std::string> AbstractConfig::GetString(const std::string& key) const {
  const auto& v = Get(key);
  if (std::holds_alternative<std::monostate>(v)) return std::nullopt;
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  ThrowWrongType(key, "STRING");
}

std::vector<std::string> AbstractConfig::GetList(const std::string& key) const {
  const auto& v = Get(key);
  if (std::holds_alternative<std::monostate>(v)) return {};
  if (const auto* l = std::get_if<std::vector<std::string>>(&v)) return *l;
  ThrowWrongType(key, "LIST");
}

Props AbstractConfig::OriginalsWithPrefix(const std::string& prefix, bool strip) const {
  Props out;
  for (auto it = originals_.lower_bound(prefix); it != originals_.end(); ++it) {
    if (it->first.compare(0, prefix.size(), prefix) != 0) break;
    out.emplace(strip ? it->first.substr(prefix.size()) : it->first, it->second);
  }
  return out;
}

}  // namespace kconnect
