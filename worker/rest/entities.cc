#include "worker/rest/entities.h"

#include "worker/rest/json_body.h"

#include <cctype>
#include <string>

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
