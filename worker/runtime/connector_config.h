#pragma once
// The framework's connector configuration (ConnectorConfig, SourceConnectorConfig,
// SinkConnectorConfig): the keys every connector has, and the validation that
// create/update runs before a connector is accepted (runtime.md §2,
// rest-api.md §5).

#include <string>
#include <vector>

#include "kconnect/config_def.h"
#include "kconnect/connector.h"

namespace kconnect::worker::runtime {

inline constexpr const char* kConnectorClassConfig = "connector.class";
inline constexpr const char* kTasksMaxConfig = "tasks.max";
inline constexpr const char* kTaskClassConfig = "task.class";

// Keys common to all connectors (ConnectorConfig.configDef()).
const ConfigDef& CommonConnectorConfigDef();
// Common keys plus the source-only / sink-only keys.
const ConfigDef& SourceConnectorConfigDef();
const ConfigDef& SinkConnectorConfigDef();

// Per-key validation of a connector config against the framework keys and the
// connector's own ConfigDef (AbstractHerder.validateConnectorConfig). Sink
// configs get the topics / topics.regex cross-check attached to both keys.
std::vector<ConfigDef::ConfigValue> ValidateConnectorConfig(const kconnect::Connector& connector,
                                                            bool is_sink, const Props& config);

// Error messages of all invalid keys, in key order. Empty when valid.
std::vector<std::string> CollectErrors(const std::vector<ConfigDef::ConfigValue>& values);

// Java's 400 message for an invalid config (R-VAL-400).
std::string InvalidConfigMessage(const std::vector<std::string>& errors);

// The sink's topics list: parsed, blanks and duplicates removed (parseTopicsList).
std::vector<std::string> SinkTopics(const Props& config);

}  // namespace kconnect::worker::runtime
