#include "worker/rest/entities.h"

#include "worker/rest/json_body.h"

#include <cctype>
#include <limits>
#include <string>

#include "worker/util/java_format.h"

namespace kconnect::worker::rest {
namespace {

constexpr const char* kCreateRequestClass =
    "org.apache.kafka.connect.runtime.rest.entities.CreateConnectorRequest";
constexpr const char* kStringMapType =
    "java.util.LinkedHashMap<java.lang.String,java.lang.String>";

Json ToJson(const herder::StateInfo& state) {
  Json out = Json::object();
  out["state"] = state.state;
  out["worker_id"] = state.worker_id;
  if (state.trace && !state.trace->empty()) out["trace"] = *state.trace;
  return out;
}

// Jackson's name for the token a value starts with, as used in
// "Cannot deserialize value of type `X` from <kind> value (token `JsonToken.<T>`)".
std::string TokenDescription(const Json& value) {
  switch (value.type()) {
    case Json::value_t::object: return "Object value (token `JsonToken.START_OBJECT`)";
    case Json::value_t::array: return "Array value (token `JsonToken.START_ARRAY`)";
    case Json::value_t::string: return "String value (token `JsonToken.VALUE_STRING`)";
    case Json::value_t::boolean:
      return value.get<bool>() ? "Boolean value (token `JsonToken.VALUE_TRUE`)"
                               : "Boolean value (token `JsonToken.VALUE_FALSE`)";
    case Json::value_t::number_float:
      return "Floating-point value (token `JsonToken.VALUE_NUMBER_FLOAT`)";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
      return "Integer value (token `JsonToken.VALUE_NUMBER_INT`)";
    default: return "Null value (token `JsonToken.VALUE_NULL`)";
  }
}

util::Error CannotDeserialize(const std::string& type, const Json& value,
                              const std::string& reference_chain) {
  return util::Internal("Cannot deserialize value of type `" + type + "` from " +
                        TokenDescription(value) + " (through reference chain: " +
                        reference_chain + ")");
}

// Jackson's StringDeserializer: scalars become their text, null stays null,
// containers do not bind.
util::Result<std::optional<std::string>> CoerceToString(const Json& value,
                                                        const std::string& reference_chain) {
  switch (value.type()) {
    case Json::value_t::null: return std::optional<std::string>();
    case Json::value_t::string: return std::optional<std::string>(value.get<std::string>());
    case Json::value_t::boolean:
      return std::optional<std::string>(value.get<bool>() ? "true" : "false");
    case Json::value_t::number_integer:
      return std::optional<std::string>(std::to_string(value.get<int64_t>()));
    case Json::value_t::number_unsigned:
      return std::optional<std::string>(std::to_string(value.get<uint64_t>()));
    case Json::value_t::number_float:  // only when not parsed by ParseJsonBody
      return std::optional<std::string>(value.dump());
    default: return CannotDeserialize("java.lang.String", value, reference_chain);
  }
}

std::string ChainEntry(const std::string& parent, const std::string& key) {
  return parent + "[\"" + key + "\"]";
}

}  // namespace

const char* ConnectorTypeJson(herder::ConnectorType type) {
  switch (type) {
    case herder::ConnectorType::kSource: return "source";
    case herder::ConnectorType::kSink: return "sink";
    default: return "unknown";
  }
}

Json ToJson(const Props& config) {
  Json out = Json::object();
  for (const auto& [key, value] : config) out[key] = value;
  return out;
}

Json ToJson(const herder::ConnectorTaskId& id) {
  Json out = Json::object();
  out["connector"] = id.connector;
  out["task"] = id.task;
  return out;
}

Json ToJson(const herder::ConnectorInfo& info) {
  Json out = Json::object();
  out["name"] = info.name;
  out["config"] = ToJson(info.config);
  Json tasks = Json::array();
  for (const auto& id : info.tasks) tasks.push_back(ToJson(id));
  out["tasks"] = std::move(tasks);
  out["type"] = ConnectorTypeJson(info.type);
  return out;
}

Json ToJson(const herder::TaskInfo& info) {
  Json out = Json::object();
  out["id"] = ToJson(info.id);
  out["config"] = ToJson(info.config);
  return out;
}

Json ToJson(const herder::TaskStateInfo& state) {
  Json out = Json::object();
  out["id"] = state.id;
  Json fields = ToJson(state.state);
  for (auto& [key, value] : fields.items()) out[key] = value;
  return out;
}

Json ToJson(const herder::ConnectorStateInfo& info) {
  Json out = Json::object();
  out["name"] = info.name;
  out["connector"] = ToJson(info.connector);
  Json tasks = Json::array();
  for (const auto& task : info.tasks) tasks.push_back(ToJson(task));
  out["tasks"] = std::move(tasks);
  out["type"] = ConnectorTypeJson(info.type);
  return out;
}

Json ToJson(const herder::PluginDesc& plugin) {
  Json out = Json::object();
  out["class"] = plugin.class_name;
  out["type"] = plugin.type;
  if (!plugin.version.empty()) out["version"] = plugin.version;
  return out;
}

Json ToJson(const herder::LoggerLevel& level) {
  Json out = Json::object();
  out["level"] = level.level;
  out["last_modified"] = level.last_modified ? Json(*level.last_modified) : Json(nullptr);
  return out;
}

Json ActiveTopicsJson(const std::vector<std::string>& topics) {
  Json out = Json::object();
  out["topics"] = topics;
  return out;
}

namespace {
Json OptionalString(const std::optional<std::string>& s) { return s ? Json(*s) : Json(nullptr); }
}  // namespace

Json ToJson(const herder::ConfigKeyInfo& key) {
  // Field order of Java's ConfigKeyInfo; `order` is its getter's name.
  Json out = Json::object();
  out["name"] = key.name;
  out["type"] = key.type;
  out["required"] = key.required;
  out["default_value"] = OptionalString(key.default_value);
  out["importance"] = key.importance;
  out["documentation"] = key.documentation;
  out["group"] = OptionalString(key.group);
  out["width"] = key.width;
  out["display_name"] = key.display_name;
  out["dependents"] = key.dependents;
  out["order"] = key.order;
  return out;
}

Json ToJson(const herder::ConfigInfos& infos) {
  Json out = Json::object();
  out["name"] = infos.name;
  out["error_count"] = infos.error_count;
  out["groups"] = infos.groups;
  Json configs = Json::array();
  for (const auto& c : infos.configs) {
    Json entry = Json::object();
    entry["definition"] = c.definition ? ToJson(*c.definition) : Json(nullptr);
    if (c.value) {
      Json value = Json::object();
      value["name"] = c.value->name;
      value["value"] = OptionalString(c.value->value);
      value["recommended_values"] = c.value->recommended_values;
      value["errors"] = c.value->errors;
      value["visible"] = c.value->visible;
      entry["value"] = std::move(value);
    } else {
      entry["value"] = nullptr;
    }
    configs.push_back(std::move(entry));
  }
  out["configs"] = std::move(configs);
  return out;
}

namespace {

Json ToJson(const kconnect::Value& value) {
  const auto& v = value.variant();
  if (value.IsNull()) return nullptr;
  if (const bool* b = std::get_if<bool>(&v)) return *b;
  if (const auto* i = std::get_if<int8_t>(&v)) return *i;
  if (const auto* i = std::get_if<int16_t>(&v)) return *i;
  if (const auto* i = std::get_if<int32_t>(&v)) return *i;
  if (const auto* i = std::get_if<int64_t>(&v)) return *i;
  if (const auto* f = std::get_if<float>(&v)) return *f;
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* str = std::get_if<std::string>(&v)) return *str;
  if (const auto* bytes = std::get_if<kconnect::Bytes>(&v)) {
    // Jackson writes byte[] as base64, as the offset store holds them.
    return util::Base64Encode(
        std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()));
  }
  return value.ToJavaString();  // never stored: offsets hold primitives only
}

Json ToJson(const std::optional<kconnect::OffsetMap>& map) {
  if (!map) return nullptr;
  Json out = Json::object();
  for (const auto& [key, value] : *map) out[key] = ToJson(value);
  return out;
}

// A partition or offset of the PATCH body: an object of scalars, or null.
util::Result<std::optional<kconnect::OffsetMap>> BindOffsetMap(const Json& json,
                                                               const std::string& where) {
  if (json.is_null()) return std::optional<kconnect::OffsetMap>();
  if (!json.is_object()) {
    return util::BadRequest(where + " must be a JSON object or null, not " + json.dump());
  }
  kconnect::OffsetMap map;
  for (const auto& [key, v] : json.items()) {
    kconnect::Value value;
    if (v.is_string()) {
      value = v.get<std::string>();
    } else if (v.is_boolean()) {
      value = v.get<bool>();
    } else if (v.is_number_unsigned()) {
      if (v.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        return util::BadRequest("The value of field " + key + " in " + where +
                                " is too large for a 64-bit integer: " + v.dump());
      }
      value = static_cast<int64_t>(v.get<uint64_t>());
    } else if (v.is_number_integer()) {
      value = v.get<int64_t>();
    } else if (v.is_number_float()) {
      value = v.get<double>();
    } else if (!v.is_null()) {
      return util::BadRequest("Offsets may only contain primitive types as values, but field " +
                              key + " in " + where + " contains " + v.dump());
    }
    map.emplace_back(key, std::move(value));
  }
  return std::optional<kconnect::OffsetMap>(std::move(map));
}

}  // namespace

Json ToJson(const std::vector<herder::ConnectorOffset>& offsets) {
  Json list = Json::array();
  for (const auto& entry : offsets) {
    Json item = Json::object();
    item["partition"] = ToJson(entry.partition);
    item["offset"] = ToJson(entry.offset);
    list.push_back(std::move(item));
  }
  Json out = Json::object();
  out["offsets"] = std::move(list);
  return out;
}

Json MessageJson(const std::string& message) {
  Json out = Json::object();
  out["message"] = message;
  return out;
}

util::Result<std::vector<herder::ConnectorOffset>> ReadConnectorOffsetsBody(
    const std::string& body) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
    return util::BadRequest(kNoOffsetsMessage);
  }
  auto parsed = ParseJsonBody(body, /*floats_as_text=*/false);
  if (!parsed) return parsed.Error();
  const Json& json = *parsed;
  if (json.is_null()) return util::BadRequest(kNoOffsetsMessage);
  static const std::string kShape =
      R"({"offsets":[{"partition":{...},"offset":{...}}, ...]})";
  if (!json.is_object()) {
    return util::BadRequest("An alter offsets request must be a JSON object " + kShape);
  }
  for (const auto& [key, value] : json.items()) {
    if (key != "offsets") {
      return util::BadRequest("Unrecognized field \"" + key +
                              "\" in the alter offsets request (known fields: \"offsets\")");
    }
  }
  auto list = json.find("offsets");
  if (list == json.end() || list->is_null() || (list->is_array() && list->empty())) {
    return util::BadRequest(kNoOffsetsMessage);
  }
  if (!list->is_array()) {
    return util::BadRequest("\"offsets\" must be an array, as in " + kShape);
  }
  std::vector<herder::ConnectorOffset> out;
  for (size_t i = 0; i < list->size(); ++i) {
    const Json& entry = (*list)[i];
    const std::string where = "offsets[" + std::to_string(i) + "]";
    if (!entry.is_object()) {
      return util::BadRequest(where + " must be a JSON object with \"partition\" and \"offset\"");
    }
    herder::ConnectorOffset offset;
    for (const auto& [key, value] : entry.items()) {
      if (key != "partition" && key != "offset") {
        return util::BadRequest("Unrecognized field \"" + key + "\" in " + where +
                                " (known fields: \"partition\", \"offset\")");
      }
      auto map = BindOffsetMap(value, where + "." + key);
      if (!map) return map.Error();
      (key == "partition" ? offset.partition : offset.offset) = std::move(map).Value();
    }
    out.push_back(std::move(offset));
  }
  return out;
}

util::Result<NullableProps> ReadConfigMapBody(const std::string& body) {
  auto json = ReadRequiredBody(body);
  if (!json) return json.Error();
  return BindConfigMap(*json, "java.util.LinkedHashMap");
}

util::Result<NullableProps> BindConfigMap(const Json& body, const std::string& reference_chain) {
  if (!body.is_object()) {
    return CannotDeserialize(kStringMapType, body, reference_chain);
  }
  NullableProps config;
  for (const auto& [key, value] : body.items()) {
    std::string chain = reference_chain;
    chain += "->java.util.LinkedHashMap[\"";
    chain += key;
    chain += "\"]";
    auto coerced = CoerceToString(value, chain);
    if (!coerced) return coerced.Error();
    config[key] = *coerced;
  }
  return config;
}

util::Result<std::vector<Props>> ReadTaskConfigsBody(const std::string& body) {
  auto json = ReadRequiredBody(body);
  if (!json) return json.Error();
  const std::string root = "java.util.ArrayList";
  if (!json->is_array()) {
    return CannotDeserialize("java.util.ArrayList<java.util.Map<java.lang.String,java.lang.String>>",
                             *json, root);
  }
  std::vector<Props> configs;
  for (size_t i = 0; i < json->size(); ++i) {
    auto config = BindConfigMap((*json)[i], root + "[" + std::to_string(i) + "]");
    if (!config) return config.Error();
    // A task config has no use for a null value; Props cannot hold one.
    Props task;
    for (auto& [key, value] : *config) {
      if (value) task[key] = std::move(*value);
    }
    configs.push_back(std::move(task));
  }
  return configs;
}

util::Result<CreateConnectorRequest> BindCreateConnectorRequest(const Json& body) {
  const std::string root = kCreateRequestClass;
  if (!body.is_object()) return CannotDeserialize(root, body, root);
  CreateConnectorRequest request;
  // Document order, first failure wins, as Jackson binds.
  for (const auto& [key, value] : body.items()) {
    const std::string chain = ChainEntry(root, key);
    if (key == "name") {
      auto name = CoerceToString(value, chain);
      if (!name) return name.Error();
      request.name = *name;
    } else if (key == "config") {
      if (value.is_null()) {
        request.config.reset();
        continue;
      }
      auto config = BindConfigMap(value, chain);
      if (!config) return config.Error();
      request.config = std::move(config).Value();
    } else if (key == "initial_state") {
      auto state = CoerceToString(value, chain);
      if (!state) return state.Error();
      if (!*state) {
        request.initial_state.reset();
        continue;
      }
      std::string upper = **state;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (upper == "RUNNING") {
        request.initial_state = herder::TargetState::kStarted;
      } else if (upper == "PAUSED") {
        request.initial_state = herder::TargetState::kPaused;
      } else if (upper == "STOPPED") {
        request.initial_state = herder::TargetState::kStopped;
      } else {
        std::string message = "Cannot construct instance of `";
        message += root;
        message += "$InitialState`, problem: No enum constant ";
        message += root;
        message += ".InitialState.";
        message += upper;
        message += " (through reference chain: ";
        message += chain;
        message += ")";
        return util::Internal(std::move(message));
      }
    } else {
      std::string message = "Unrecognized field \"";
      message += key;
      message += "\" (class ";
      message += root;
      message +=
          "), not marked as ignorable (3 known properties: \"name\", \"config\", "
          "\"initial_state\"]) (through reference chain: ";
      message += chain;
      message += ")";
      return util::Internal(std::move(message));
    }
  }
  return request;
}

}  // namespace kconnect::worker::rest
