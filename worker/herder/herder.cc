#include "worker/herder/herder.h"

#include <algorithm>
#include <set>

namespace kconnect::worker::herder {

const char* ConnectorTypeName(ConnectorType type) {
  switch (type) {
    case ConnectorType::kSource:
      return "source";
    case ConnectorType::kSink:
      return "sink";
    default:
      return "unknown";
  }
}

const char* TargetStateName(TargetState state) {
  switch (state) {
    case TargetState::kStarted:
      return "STARTED";
    case TargetState::kPaused:
      return "PAUSED";
    case TargetState::kStopped:
      return "STOPPED";
  }
  return "STARTED";
}

TargetState TargetStateFromName(const std::string& name) {
  if (name == "PAUSED") return TargetState::kPaused;
  if (name == "STOPPED") return TargetState::kStopped;
  return TargetState::kStarted;
}

Props PatchConfig(const Props& config, const ConfigPatch& patch) {
  Props merged = config;
  for (const auto& [key, value] : patch) {
    if (value) {
      merged[key] = *value;
    } else {
      merged.erase(key);
    }
  }
  return merged;
}

std::optional<util::Error> TopicTrackingRefusal(const TopicTrackingSettings& settings,
                                                bool for_reset) {
  if (!settings.enabled) return util::Forbidden("Topic tracking is disabled.");
  if (for_reset && !settings.allow_reset) {
    return util::Forbidden("Topic tracking reset is disabled.");
  }
  return std::nullopt;
}

namespace {

std::optional<std::string> Render(const ConfigDef::Parsed& value, ConfigDef::Type type) {
  auto text = ConfigDef::ConvertToString(value, type);
  if (text && type == ConfigDef::Type::kPassword) return std::string("[hidden]");
  return text;
}

}  // namespace

ConfigKeyInfo DescribeConfigKey(const ConfigDef::ConfigKey& key) {
  ConfigKeyInfo info;
  info.name = key.name;
  info.type = ConfigDef::TypeName(key.type);
  info.required = !key.HasDefault();
  if (key.HasDefault()) info.default_value = Render(*key.default_value, key.type);
  info.importance = ConfigDef::ImportanceName(key.importance);
  info.documentation = key.documentation;
  info.group = key.group;
  info.width = ConfigDef::WidthName(key.width);
  info.display_name = key.display_name;
  info.dependents = key.dependents;
  info.order = key.order_in_group;
  return info;
}

namespace {

ConfigValueInfo ValueInfo(const ConfigDef::ConfigValue& value, ConfigDef::Type type) {
  ConfigValueInfo info;
  info.name = value.name;
  info.value = Render(value.value, type);
  for (const auto& r : value.recommended_values) {
    // LIST recommendations are single elements (Java renders them as STRING).
    auto text = Render(r, type == ConfigDef::Type::kList ? ConfigDef::Type::kString : type);
    if (text) info.recommended_values.push_back(*text);
  }
  info.errors = value.error_messages;
  info.visible = value.visible;
  return info;
}

}  // namespace

ConfigInfos BuildConfigInfos(const std::string& name, const ConfigDef& framework,
                             const ConfigDef& own, const std::vector<ConfigDef::ConfigValue>& values) {
  ConfigInfos out;
  out.name = name;
  std::map<std::string, const ConfigDef::ConfigValue*> by_name;
  for (const auto& v : values) by_name[v.name] = &v;
  std::set<std::string> listed;
  auto add_groups = [&](const ConfigDef& def) {
    for (const auto& g : def.Groups()) {
      if (std::find(out.groups.begin(), out.groups.end(), g) == out.groups.end()) {
        out.groups.push_back(g);
      }
    }
  };
  add_groups(framework);
  add_groups(own);
  for (const ConfigDef* def : {&framework, &own}) {
    for (const auto& key : def->Keys()) {
      if (key.internal || !listed.insert(key.name).second) continue;
      // A key the connector redefines is described by the connector's def.
      const ConfigDef::ConfigKey* redefined = own.Find(key.name);
      const ConfigDef::ConfigKey& effective = redefined != nullptr ? *redefined : key;
      ConfigInfo info;
      info.definition = DescribeConfigKey(effective);
      if (auto it = by_name.find(key.name); it != by_name.end()) {
        info.value = ValueInfo(*it->second, effective.type);
        out.error_count += static_cast<int>(it->second->error_messages.size());
      }
      out.configs.push_back(std::move(info));
    }
  }
  // Results for keys neither def describes (a connector's Validate may add
  // some): listed without a definition, as Java does.
  for (const auto& v : values) {
    if (listed.count(v.name)) continue;
    ConfigInfo info;
    info.value = ValueInfo(v, ConfigDef::Type::kString);
    out.error_count += static_cast<int>(v.error_messages.size());
    out.configs.push_back(std::move(info));
  }
  return out;
}

util::Error OffsetsNeedStoppedConnector(const std::string& name) {
  return util::BadRequest(
      "Connectors must be in the STOPPED state before their offsets can be modified. This can be "
      "done for the specified connector by issuing a 'PUT' request to the '/connectors/" +
      name + "/stop' endpoint");
}

}  // namespace kconnect::worker::herder
