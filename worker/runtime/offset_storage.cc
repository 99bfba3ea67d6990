#include "worker/runtime/offset_storage.h"

#include <nlohmann/json.hpp>

#include "kconnect/errors.h"
#include "worker/util/java_format.h"

namespace kconnect::worker::runtime {

namespace {

void AppendPrimitive(std::string& out, const std::string& field, const kconnect::Value& v) {
  using kconnect::Value;
  const auto& var = v.variant();
  if (v.IsNull()) {
    out += "null";
  } else if (const bool* b = std::get_if<bool>(&var)) {
    out += *b ? "true" : "false";
  } else if (const auto* i8 = std::get_if<int8_t>(&var)) {
    out += std::to_string(*i8);
  } else if (const auto* i16 = std::get_if<int16_t>(&var)) {
    out += std::to_string(*i16);
  } else if (const auto* i32 = std::get_if<int32_t>(&var)) {
    out += std::to_string(*i32);
  } else if (const auto* i64 = std::get_if<int64_t>(&var)) {
    out += std::to_string(*i64);
  } else if (const auto* f = std::get_if<float>(&var)) {
    out += util::JavaFloatToString(*f);
  } else if (const auto* d = std::get_if<double>(&var)) {
    out += util::JavaDoubleToString(*d);
  } else if (const auto* s = std::get_if<std::string>(&var)) {
    util::AppendJsonString(out, *s);
  } else if (const auto* bytes = std::get_if<kconnect::Bytes>(&var)) {
    out += '"';
    out += util::Base64Encode(
        std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()));
    out += '"';
  } else {
    throw kconnect::DataException(
        "Offsets may only contain primitive types as values, but field " + field +
        " contains a non-primitive value");
  }
}

std::optional<kconnect::OffsetMap> FromJson(const nlohmann::ordered_json& j) {
  if (!j.is_object()) return std::nullopt;
  kconnect::OffsetMap map;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const auto& v = it.value();
    kconnect::Value value;
    if (v.is_boolean()) {
      value = v.get<bool>();
    } else if (v.is_number_integer()) {
      value = v.is_number_unsigned() ? static_cast<int64_t>(v.get<uint64_t>()) : v.get<int64_t>();
    } else if (v.is_number_float()) {
      value = v.get<double>();
    } else if (v.is_string()) {
      value = v.get<std::string>();
    } else if (!v.is_null()) {
      return std::nullopt;
    }
    map.emplace_back(it.key(), std::move(value));
  }
  return map;
}

}  // namespace

std::string SerializeOffsetMap(const std::optional<kconnect::OffsetMap>& map) {
  if (!map) return "null";
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : *map) {
    if (!first) out += ',';
    first = false;
    util::AppendJsonString(out, k);
    out += ':';
    AppendPrimitive(out, k, v);
  }
  out += '}';
  return out;
}

std::string SerializeOffsetKey(const std::string& connector,
                               const std::optional<kconnect::OffsetMap>& partition) {
  std::string out = "[";
  util::AppendJsonString(out, connector);
  out += ',';
  out += SerializeOffsetMap(partition);
  out += ']';
  return out;
}

std::optional<kconnect::OffsetMap> ParseOffsetMap(std::string_view json) {
  auto j = nlohmann::ordered_json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return std::nullopt;
  return FromJson(j);
}

bool ParseOffsetKey(std::string_view json, std::string* connector,
                    std::optional<kconnect::OffsetMap>* partition) {
  auto j = nlohmann::ordered_json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_array() || j.size() != 2 || !j[0].is_string()) return false;
  *connector = j[0].get<std::string>();
  if (j[1].is_null()) {
    partition->reset();
    return true;
  }
  *partition = FromJson(j[1]);
  return partition->has_value();
}

std::optional<kconnect::OffsetMap> OffsetStorageReaderImpl::Offset(
    const kconnect::OffsetMap& partition) {
  std::string key = SerializeOffsetKey(connector_, partition);
  auto found = store_.Get({key});
  auto it = found.find(key);
  if (it == found.end() || !it->second) return std::nullopt;
  return ParseOffsetMap(*it->second);
}

std::vector<std::pair<kconnect::OffsetMap, kconnect::OffsetMap>> OffsetStorageReaderImpl::Offsets(
    const std::vector<kconnect::OffsetMap>& partitions) {
  std::vector<std::pair<kconnect::OffsetMap, kconnect::OffsetMap>> out;
  for (const auto& p : partitions) {
    if (auto off = Offset(p)) out.emplace_back(p, std::move(*off));
  }
  return out;
}

}  // namespace kconnect::worker::runtime
