// DescribeConfigs 0–2 and AlterConfigs 0–1 (spec broker.md §8).
//
// Topic configs are the storage LogConfig: the broker-wide defaults (from the
// log.* properties) with the topic's overrides applied. Where a value comes
// from is reported as Kafka does (config_source: 1 topic override, 4 static
// broker config, 5 built-in default); a broker default counts as "static"
// when it differs from Kafka's built-in default, because the context keeps
// the parsed values, not which keys the properties file spelled out.
//
// Broker configs are read-only here: the broker reads its properties once at
// start-up, so AlterConfigs on a BROKER resource is refused.

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "broker/protocol/error_code.h"
#include "broker/server/handlers/admin_handlers.h"
#include "common/logging/logger_registry.h"

namespace kconnect::broker::server {

using common::logging::kBrokerLog;

namespace {

using protocol::ErrorCode;
using protocol::ToInt;
using DescribeResult = protocol::DescribeConfigsResponse::DescribeConfigsResult;
using ConfigEntry = DescribeResult::DescribeConfigsResourceResult;
using Synonym = ConfigEntry::DescribeConfigsSynonym;

// Kafka's DescribeConfigsResponse.ConfigSource values.
constexpr int8_t kSourceTopic = 1;
constexpr int8_t kSourceStaticBroker = 4;
constexpr int8_t kSourceDefault = 5;

// The broker property that supplies each topic config's default (Kafka's
// synonyms). Topic keys missing here have no broker-wide counterpart.
const std::map<std::string, std::string>& BrokerSynonyms() {
  static const std::map<std::string, std::string> m = {
      {"cleanup.policy", "log.cleanup.policy"},
      {"compression.type", "compression.type"},
      {"delete.retention.ms", "log.cleaner.delete.retention.ms"},
      {"flush.messages", "log.flush.interval.messages"},
      {"flush.ms", "log.flush.interval.ms"},
      {"index.interval.bytes", "log.index.interval.bytes"},
      {"max.message.bytes", "message.max.bytes"},
      {"message.timestamp.after.max.ms", "log.message.timestamp.after.max.ms"},
      {"message.timestamp.before.max.ms", "log.message.timestamp.before.max.ms"},
      {"message.timestamp.type", "log.message.timestamp.type"},
      {"min.cleanable.dirty.ratio", "log.cleaner.min.cleanable.ratio"},
      {"min.compaction.lag.ms", "log.cleaner.min.compaction.lag.ms"},
      {"min.insync.replicas", "min.insync.replicas"},
      {"retention.bytes", "log.retention.bytes"},
      {"retention.ms", "log.retention.ms"},
      {"segment.bytes", "log.segment.bytes"},
      {"segment.ms", "log.roll.ms"},
  };
  return m;
}

// Keys LogConfig::Entries() lists but does not model (a single node accepts
// and ignores them), so an override's own text is the value to report.
bool IsUnmodelled(const std::string& key) { return key == "min.insync.replicas"; }

std::map<std::string, std::string> ToMap(
    const std::vector<std::pair<std::string, std::string>>& entries) {
  return {entries.begin(), entries.end()};
}

// Kafka treats a null or empty key list as "all configs".
bool Wanted(const protocol::DescribeConfigsRequest::DescribeConfigsResource& resource,
            const std::string& name) {
  if (!resource.configuration_keys || resource.configuration_keys->empty()) return true;
  const auto& keys = *resource.configuration_keys;
  return std::find(keys.begin(), keys.end(), name) != keys.end();
}

ConfigEntry MakeEntry(std::string name, std::string value, int8_t source, bool read_only) {
  ConfigEntry e;
  e.name = std::move(name);
  e.value = std::move(value);
  e.read_only = read_only;
  e.is_default = source == kSourceDefault;
  e.config_source = source;
  e.is_sensitive = false;
  return e;
}

void AddSynonym(ConfigEntry& e, std::string name, std::string value, int8_t source) {
  Synonym s;
  s.name = std::move(name);
  s.value = std::move(value);
  s.source = source;
  e.synonyms.push_back(std::move(s));
}

void Fail(DescribeResult& result, ErrorCode code, std::string message) {
  result.error_code = ToInt(code);
  result.error_message = std::move(message);
}

void DescribeTopic(const BrokerContext& broker,
                   const protocol::DescribeConfigsRequest::DescribeConfigsResource& resource,
                   bool synonyms, DescribeResult& result) {
  const std::string& name = resource.resource_name;
  if (auto valid = storage::LogManager::ValidateTopicName(name); !valid) {
    Fail(result, ErrorCode::kInvalidTopicException, valid.Error().message);
    return;
  }
  const auto topic = broker.logs->GetTopic(name);
  const auto effective = broker.logs->EffectiveConfig(name);
  if (!topic || !effective) {
    Fail(result, ErrorCode::kUnknownTopicOrPartition, "Topic '" + name + "' does not exist.");
    return;
  }
  const auto builtin = ToMap(storage::LogConfig{}.Entries());
  const auto broker_defaults = ToMap(broker.logs->default_config().Entries());
  auto values = ToMap(effective->Entries());
  // Overrides of keys the effective config does not model show as given.
  for (const auto& [k, v] : topic->configs) {
    if (!values.count(k) || IsUnmodelled(k)) values[k] = v;
  }
  for (const auto& [key, value] : values) {
    if (!Wanted(resource, key)) continue;
    const auto override_it = topic->configs.find(key);
    const auto broker_key_it = BrokerSynonyms().find(key);
    const auto builtin_it = builtin.find(key);
    const auto broker_it = broker_defaults.find(key);
    const bool broker_set = builtin_it != builtin.end() && broker_it != broker_defaults.end() &&
                            broker_it->second != builtin_it->second;
    const int8_t source = override_it != topic->configs.end() ? kSourceTopic
                          : broker_set                        ? kSourceStaticBroker
                                                              : kSourceDefault;
    ConfigEntry e = MakeEntry(key, value, source, /*read_only=*/false);
    if (synonyms) {
      if (override_it != topic->configs.end())
        AddSynonym(e, key, override_it->second, kSourceTopic);
      if (broker_key_it != BrokerSynonyms().end()) {
        if (broker_set)
          AddSynonym(e, broker_key_it->second, broker_it->second, kSourceStaticBroker);
        if (builtin_it != builtin.end())
          AddSynonym(e, broker_key_it->second, builtin_it->second, kSourceDefault);
      }
    }
    result.configs.push_back(std::move(e));
  }
}

// A BROKER resource name: this node's id, or "" for the cluster-wide dynamic
// defaults (of which this broker has none). Returns an error message if the
// name is neither.
std::optional<std::string> CheckBrokerName(const BrokerContext& broker, const std::string& name) {
  if (name.empty()) return std::nullopt;
  int32_t id = 0;
  auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), id);
  if (ec != std::errc() || end != name.data() + name.size()) {
    return "Broker id must be an integer, but it is: " + name;
  }
  if (id != broker.settings.node_id) {
    return "Unexpected broker id, expected " + std::to_string(broker.settings.node_id) +
           " or empty string, but received " + name;
  }
  return std::nullopt;
}

void DescribeBroker(const BrokerContext& broker,
                    const protocol::DescribeConfigsRequest::DescribeConfigsResource& resource,
                    bool synonyms, DescribeResult& result) {
  if (auto bad = CheckBrokerName(broker, resource.resource_name)) {
    Fail(result, ErrorCode::kInvalidRequest, *bad);
    return;
  }
  if (resource.resource_name.empty()) return;  // no dynamic cluster defaults

  // (name, value, built-in default) for every setting this broker can report.
  struct Setting {
    std::string name, value, builtin;
  };
  std::vector<Setting> settings;
  const BrokerSettings d;
  auto b = [](bool v) { return std::string(v ? "true" : "false"); };
  const auto& s = broker.settings;
  settings.push_back({"broker.id", std::to_string(s.node_id), std::to_string(d.node_id)});
  settings.push_back({"node.id", std::to_string(s.node_id), std::to_string(d.node_id)});
  settings.push_back(
      {"num.partitions", std::to_string(s.num_partitions), std::to_string(d.num_partitions)});
  settings.push_back({"default.replication.factor", std::to_string(s.default_replication_factor),
                      std::to_string(d.default_replication_factor)});
  settings.push_back({"auto.create.topics.enable", b(s.auto_create_topics_enable),
                      b(d.auto_create_topics_enable)});
  settings.push_back({"kconnect.replication.factor.clamp", b(s.replication_factor_clamp),
                      b(d.replication_factor_clamp)});
  const auto builtin = ToMap(storage::LogConfig{}.Entries());
  for (const auto& [topic_key, value] : broker.logs->default_config().Entries()) {
    auto syn = BrokerSynonyms().find(topic_key);
    if (syn == BrokerSynonyms().end()) continue;
    auto def = builtin.find(topic_key);
    settings.push_back({syn->second, value, def == builtin.end() ? value : def->second});
  }
  std::sort(settings.begin(), settings.end(),
            [](const Setting& x, const Setting& y) { return x.name < y.name; });
  for (const auto& setting : settings) {
    if (!Wanted(resource, setting.name)) continue;
    const bool is_static = setting.value != setting.builtin;
    // read_only: nothing here can be changed without a restart.
    ConfigEntry e = MakeEntry(setting.name, setting.value,
                              is_static ? kSourceStaticBroker : kSourceDefault, /*read_only=*/true);
    if (synonyms) {
      if (is_static) AddSynonym(e, setting.name, setting.value, kSourceStaticBroker);
      AddSynonym(e, setting.name, setting.builtin, kSourceDefault);
    }
    result.configs.push_back(std::move(e));
  }
}

}  // namespace

protocol::DescribeConfigsResponse HandleDescribeConfigs(
    BrokerContext& broker, const protocol::DescribeConfigsRequest& request, int16_t version) {
  protocol::DescribeConfigsResponse response;
  const bool synonyms = version >= 1 && request.include_synonyms;
  for (const auto& resource : request.resources) {
    DescribeResult result;
    result.resource_type = resource.resource_type;
    result.resource_name = resource.resource_name;
    result.error_message = std::nullopt;
    switch (resource.resource_type) {
      case kResourceTopic:
        DescribeTopic(broker, resource, synonyms, result);
        break;
      case kResourceBroker:
        DescribeBroker(broker, resource, synonyms, result);
        break;
      case kResourceBrokerLogger:
        Fail(result, ErrorCode::kInvalidRequest,
             "This broker does not expose its loggers as a config resource.");
        break;
      default:
        Fail(result, ErrorCode::kInvalidRequest,
             "Unsupported resource type: " + std::to_string(resource.resource_type));
        break;
    }
    response.results.push_back(std::move(result));
  }
  return response;
}

protocol::AlterConfigsResponse HandleAlterConfigs(BrokerContext& broker,
                                                  const protocol::AlterConfigsRequest& request) {
  protocol::AlterConfigsResponse response;
  for (const auto& resource : request.resources) {
    protocol::AlterConfigsResponse::AlterConfigsResourceResponse result;
    result.resource_type = resource.resource_type;
    result.resource_name = resource.resource_name;
    result.error_message = std::nullopt;
    auto fail = [&](int16_t code, std::string message) {
      result.error_code = code;
      result.error_message = std::move(message);
    };
    if (resource.resource_type == kResourceTopic) {
      storage::ConfigMap configs;
      std::string nulls;
      bool duplicate = false;
      for (const auto& c : resource.configs) {
        if (!c.value) nulls += (nulls.empty() ? "" : ",") + c.name;
        if (c.value && !configs.emplace(c.name, *c.value).second) duplicate = true;
      }
      if (auto valid = storage::LogManager::ValidateTopicName(resource.resource_name); !valid) {
        fail(valid.Error().code, valid.Error().message);
      } else if (!nulls.empty()) {
        fail(ToInt(ErrorCode::kInvalidRequest), "Null value not supported for: " + nulls);
      } else if (duplicate) {
        fail(ToInt(ErrorCode::kInvalidRequest), "Error due to duplicate config keys");
      } else if (!broker.logs->GetTopic(resource.resource_name)) {
        fail(ToInt(ErrorCode::kUnknownTopicOrPartition),
             "Topic '" + resource.resource_name + "' does not exist.");
      } else if (auto altered = broker.logs->AlterTopicConfig(resource.resource_name, configs,
                                                              request.validate_only);
                 !altered) {
        fail(altered.Error().code, altered.Error().message);
      } else if (!request.validate_only) {
        kBrokerLog().info("Topic {} now has {} config override(s)", resource.resource_name,
                          configs.size());
      }
    } else if (resource.resource_type == kResourceBroker) {
      if (auto bad = CheckBrokerName(broker, resource.resource_name)) {
        fail(ToInt(ErrorCode::kInvalidRequest), *bad);
      } else {
        fail(ToInt(ErrorCode::kInvalidRequest),
             "Broker configs cannot be changed while the broker runs: it reads them from its "
             "properties file at "
             "start-up. Edit the file and restart the broker.");
      }
    } else {
      fail(ToInt(ErrorCode::kInvalidRequest),
           "Unsupported resource type: " + std::to_string(resource.resource_type));
    }
    response.responses.push_back(std::move(result));
  }
  return response;
}

}  // namespace kconnect::broker::server
