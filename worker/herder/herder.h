#pragma once
// Herder: the control plane of a worker (Java's Herder). The REST layer talks
// only to this interface. Implementations own all connector/task state on one
// herder thread; every method here may be called from any thread and blocks
// until the herder has answered (or a timeout, reported as a 500 error).

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/logging/logger_registry.h"
#include "kconnect/config_def.h"
#include "kconnect/records.h"
#include "worker/util/result.h"

namespace kconnect::worker::herder {

using util::Empty;
using util::Result;

enum class ConnectorType { kSource, kSink, kUnknown };
// "source", "sink", "unknown".
const char* ConnectorTypeName(ConnectorType type);

enum class TargetState { kStarted, kPaused, kStopped };
// "STARTED", "PAUSED", "STOPPED" (Java's TargetState names, as stored).
const char* TargetStateName(TargetState state);
// The inverse; anything unknown is STARTED.
TargetState TargetStateFromName(const std::string& name);

struct ConnectorTaskId {
  std::string connector;
  int task = 0;
  auto operator<=>(const ConnectorTaskId&) const = default;
  std::string ToString() const { return connector + "-" + std::to_string(task); }
};

struct ConnectorInfo {
  std::string name;
  Props config;  // raw, as submitted (plus "name")
  std::vector<ConnectorTaskId> tasks;
  ConnectorType type = ConnectorType::kUnknown;
};

struct TaskInfo {
  ConnectorTaskId id;
  Props config;
};

// One status entry. state is UNASSIGNED, RUNNING, PAUSED, FAILED, RESTARTING
// or STOPPED; trace is set only for FAILED.
struct StateInfo {
  std::string state;
  std::string worker_id;
  std::optional<std::string> trace;
};

struct TaskStateInfo {
  int id = 0;
  StateInfo state;
};

struct ConnectorStateInfo {
  std::string name;
  StateInfo connector;
  std::vector<TaskStateInfo> tasks;  // sorted by id
  ConnectorType type = ConnectorType::kUnknown;
};

struct PluginDesc {
  std::string class_name;
  std::string type;  // source, sink, converter, header_converter, transformation, predicate
  std::string version;  // empty when undefined
};

// A partial connector config: a value sets the key, nullopt removes it.
using ConfigPatch = std::map<std::string, std::optional<std::string>>;
// `config` with `patch` applied (Java: ConnectUtils.patchConfig).
Props PatchConfig(const Props& config, const ConfigPatch& patch);

// GET /health (R-HEALTH): whether the herder handles requests.
struct HealthStatus {
  enum class State { kHealthy, kStarting, kUnhealthy };
  State state = State::kHealthy;
  std::string detail;  // what it is busy with, when known ("" otherwise)
};

// PUT /connector-plugins/{p}/config/validate (R-VALIDATE): Java's
// ConfigInfos. Values are rendered as strings; PASSWORD ones as "[hidden]".
struct ConfigKeyInfo {
  std::string name;
  std::string type;  // STRING, INT, ... (ConfigDef type name)
  bool required = false;
  std::optional<std::string> default_value;
  std::string importance;
  std::string documentation;
  std::optional<std::string> group;
  std::string width;
  std::string display_name;
  std::vector<std::string> dependents;
  int order = -1;
};

struct ConfigValueInfo {
  std::string name;
  std::optional<std::string> value;
  std::vector<std::string> recommended_values;
  std::vector<std::string> errors;
  bool visible = true;
};

struct ConfigInfo {
  std::optional<ConfigKeyInfo> definition;
  std::optional<ConfigValueInfo> value;
};

struct ConfigInfos {
  std::string name;  // the submitted connector.class, verbatim
  int error_count = 0;
  std::vector<std::string> groups;
  std::vector<ConfigInfo> configs;
};

// One key as Java's ConfigKeyInfo (a PASSWORD default rendered "[hidden]").
ConfigKeyInfo DescribeConfigKey(const ConfigDef::ConfigKey& key);

// The framework's keys (in definition order), then the connector's own keys
// not already listed, each with its validation result from `values`
// (Java: AbstractHerder.generateResult + mergeConfigInfos).
ConfigInfos BuildConfigInfos(const std::string& name, const ConfigDef& framework,
                             const ConfigDef& own, const std::vector<ConfigDef::ConfigValue>& values);

// The worker's topic.tracking.* settings (KIP-558).
struct TopicTrackingSettings {
  bool enabled = true;      // topic.tracking.enable
  bool allow_reset = true;  // topic.tracking.allow.reset
};
// The 403 R-TOPICS / R-TOPICSRESET answer when `settings` forbid the request
// (a read when `for_reset` is false), else nullopt. Java checks this in
// ConnectorsResource; here every herder calls it, as REST sees no worker config.
std::optional<util::Error> TopicTrackingRefusal(const TopicTrackingSettings& settings,
                                                bool for_reset);

using common::logging::LoggerLevel;
using common::logging::LogLevel;

struct CreateOrUpdateResult {
  bool created = false;
  ConnectorInfo info;
};

// One partition's offset (KIP-875; Java's ConnectorOffset). For a source
// connector the maps it writes itself; for a sink connector
// {"kafka_topic","kafka_partition"} -> {"kafka_offset"}. In an alter request a
// null offset resets that partition.
struct ConnectorOffset {
  std::optional<kconnect::OffsetMap> partition;
  std::optional<kconnect::OffsetMap> offset;
};

// R-OFFPATCH/R-OFFDEL step 3: offsets change only while the connector is
// stopped and has no tasks (400 naming the stop endpoint).
util::Error OffsetsNeedStoppedConnector(const std::string& name);

class Herder {
 public:
  virtual ~Herder() = default;

  // Names of all connectors.
  virtual Result<std::vector<std::string>> Connectors() = 0;
  // 404 "Connector <n> not found".
  virtual Result<ConnectorInfo> GetConnectorInfo(const std::string& name) = 0;
  virtual Result<Props> ConnectorConfig(const std::string& name) = 0;
  // Creates or updates. With allow_replace=false an existing connector gives
  // 409 "Connector <n> already exists". Validation errors give 400; an unknown
  // connector.class 500 with Java's text. initial_state applies on create only.
  virtual Result<CreateOrUpdateResult> PutConnectorConfig(
      const std::string& name, const Props& config, bool allow_replace,
      std::optional<TargetState> initial_state) = 0;
  // R-PATCHCFG: merges `patch` into the connector's config (a null value
  // removes the key) and applies the result like an update, validation
  // included. 404 "Connector <n> not found".
  virtual Result<ConnectorInfo> PatchConnectorConfig(const std::string& name,
                                                     const ConfigPatch& patch) = 0;
  // 404 "Connector <n> not found".
  virtual Result<Empty> DeleteConnector(const std::string& name) = 0;
  // 404 "No status found for connector <n>".
  virtual Result<ConnectorStateInfo> ConnectorStatus(const std::string& name) = 0;
  // 404 "No status found for task <n>-<t>".
  virtual Result<TaskStateInfo> TaskStatus(const std::string& name, int task) = 0;
  virtual Result<std::vector<TaskInfo>> TaskConfigs(const std::string& name) = 0;
  // 404 "Unknown connector <n>".
  virtual Result<Empty> PauseConnector(const std::string& name) = 0;
  virtual Result<Empty> ResumeConnector(const std::string& name) = 0;
  virtual Result<Empty> StopConnector(const std::string& name) = 0;
  // 404 "Connector <n> not found".
  virtual Result<Empty> RestartConnector(const std::string& name) = 0;
  // R-RESTART2 (KIP-745): restarts the connector unless `only_failed` and it
  // is not FAILED, and with `include_tasks` its tasks (only the FAILED ones
  // with `only_failed`). Returns the plan: the instances it restarts are
  // reported RESTARTING, the others with their current state. 404 "Unknown
  // connector: <n>", or "Status for connector <n> not found".
  virtual Result<ConnectorStateInfo> RestartConnectorAndTasks(const std::string& name,
                                                              bool include_tasks,
                                                              bool only_failed) = 0;
  // 404 "Task <n>-<t> not found".
  virtual Result<Empty> RestartTask(const std::string& name, int task) = 0;
  // Internal inter-worker requests (POST /connectors/{n}/tasks, PUT
  // /connectors/{n}/fence): a distributed leader accepts task configs from
  // the worker running the connector, and fences zombie exactly-once source
  // tasks. A standalone herder refuses both with Java's 500 texts.
  virtual Result<Empty> PutTaskConfigs(const std::string& name,
                                       const std::vector<Props>& configs) = 0;
  virtual Result<Empty> FenceZombieSourceTasks(const std::string& name) = 0;
  // R-VALIDATE: the per-key validation of a connector config. Errors about
  // the config as a whole (no or unknown connector.class, a connector whose
  // validation throws) are 500 with the Java exception class in the message.
  virtual Result<ConfigInfos> ValidateConnectorConfig(const Props& config) = 0;
  // R-PLUGINCFG: the keys a plugin accepts (class name or alias). For a
  // connector its own keys, then the framework's it does not redefine. 404
  // "Unknown plugin <p>.".
  virtual Result<std::vector<ConfigKeyInfo>> ConnectorPluginConfig(const std::string& plugin) = 0;
  // R-OFFGET (KIP-875): the connector's offsets, in any state. Source: the
  // offset store's entries for it, partitions whose latest offset is a
  // tombstone left out; sink: its consumer group's committed offsets.
  // 404 "Connector <n> not found".
  virtual Result<std::vector<ConnectorOffset>> ConnectorOffsets(const std::string& name) = 0;
  // R-OFFPATCH: writes `offsets` (a null offset resets that partition) after
  // the connector's own AlterOffsets accepted them; returns the success
  // message. 404 "Connector <n> not found"; 400 OffsetsNeedStoppedConnector;
  // 400 for malformed sink partitions/offsets; 500 with the connector's
  // message when it rejects them, or when the Kafka cluster refuses.
  virtual Result<std::string> AlterConnectorOffsets(const std::string& name,
                                                    const std::vector<ConnectorOffset>& offsets) = 0;
  // R-OFFDEL: resets every offset of the connector (source: tombstones for
  // each known partition; sink: its consumer group is deleted). Same errors
  // as AlterConnectorOffsets; a sink whose group is already gone succeeds.
  virtual Result<std::string> ResetConnectorOffsets(const std::string& name) = 0;
  // Installed plugins; connectors only, or every kind.
  virtual std::vector<PluginDesc> ConnectorPlugins(bool connectors_only) = 0;

  // R-TOPICS (KIP-558): the topics the connector's tasks produced to or
  // consumed from since it was created or they were last reset, sorted. No
  // existence check: an unknown connector has none. 403 "Topic tracking is
  // disabled." when topic.tracking.enable=false.
  virtual Result<std::vector<std::string>> ConnectorActiveTopics(const std::string& name) = 0;
  // R-TOPICSRESET: forgets them (tasks report a topic again on its next
  // record). No existence check. 403 "Topic tracking is disabled." or "Topic
  // tracking reset is disabled." (topic.tracking.allow.reset=false).
  virtual Result<Empty> ResetConnectorActiveTopics(const std::string& name) = 0;

  // Logger levels (KIP-495, KIP-976; Java: Herder.allLoggerLevels etc.).
  // R-LOGGERS: every logger with a level of its own, and root.
  virtual std::map<std::string, LoggerLevel> AllLoggerLevels() = 0;
  // R-LOGGER: nullopt when no logger of that name exists.
  virtual std::optional<LoggerLevel> GetLoggerLevel(const std::string& logger) = 0;
  // R-SETLOGGER scope=worker: sets `level` on this worker's namespace and its
  // existing descendants; returns their names, sorted.
  virtual std::vector<std::string> SetWorkerLoggerLevel(const std::string& ns, LogLevel level) = 0;
  // R-SETLOGGER scope=cluster: on every worker of the cluster (standalone:
  // this one).
  virtual Result<Empty> SetClusterLoggerLevel(const std::string& ns, LogLevel level) = 0;

  // The Kafka cluster id the worker is connected to (GET /).
  virtual std::string KafkaClusterId() = 0;
  // The worker id, host:port (status worker_id).
  virtual std::string WorkerId() = 0;
  // Healthy when the herder's request handling answers within `timeout`;
  // starting before it was started.
  virtual HealthStatus HealthCheck(std::chrono::milliseconds timeout) = 0;
};

}  // namespace kconnect::worker::herder
