#pragma once
// Worker: starts and stops connector and task instances on behalf of a herder
// (Java's Worker). It builds each task's converters and Kafka clients from the
// worker and connector configs (runtime.md §1.5, §2.3) and owns the running
// instances.
//
// Thread-safety: all methods are called from the herder thread. Status
// callbacks go to the TaskStatusListener from task threads.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kconnect/connector.h"
#include "worker/kafka/admin.h"
#include "worker/kafka/client_config.h"
#include "worker/plugins/plugin_registry.h"
#include "worker/runtime/offset_storage.h"
#include "worker/runtime/task_status.h"
#include "worker/runtime/worker_config.h"
#include "worker/runtime/worker_task.h"
#include "worker/storage/offset_backing_store.h"
#include "worker/util/result.h"

namespace kconnect::worker::runtime {

// Registers the converters compiled into the worker with the registry.
void RegisterBuiltinPlugins(plugins::PluginRegistry& registry);

class Worker {
 public:
  Worker(std::string worker_id, const WorkerConfig& config, plugins::PluginRegistry& plugins,
         storage::OffsetBackingStore& offsets);
  ~Worker();

  const std::string& WorkerId() const { return worker_id_; }
  // The id is host:port of the REST listener, known only once it is bound;
  // set it before the herder starts.
  void SetWorkerId(std::string id) { worker_id_ = std::move(id); }
  plugins::PluginRegistry& Plugins() { return plugins_; }
  const WorkerConfig& Config() const { return config_; }
  storage::OffsetBackingStore& OffsetStore() { return offsets_; }

  // Creates, initializes and starts a connector. `context` must outlive it.
  // Errors: plugin not found, or the connector's Start threw (message = trace).
  util::Result<util::Empty> StartConnector(const std::string& name, const Props& config,
                                           kconnect::ConnectorContext& context);
  bool IsRunning(const std::string& name) const { return connectors_.count(name) > 0; }
  // Stops the connector instance (Connector::Stop), if running.
  void StopConnector(const std::string& name);
  // Asks the running connector for task configs (adds task.class and, for
  // sinks, topics/topics.regex). Errors carry the connector's exception text.
  util::Result<std::vector<Props>> ConnectorTaskConfigs(const std::string& name,
                                                        const Props& connector_config);

  // Starts one task. Errors are returned (and the caller marks it FAILED).
  util::Result<util::Empty> StartTask(const ConnectorTaskId& id, const Props& connector_config,
                                      const Props& task_config, TaskStatusListener& listener,
                                      TargetState initial_state);
  // Signals all, then waits for each within the total graceful-shutdown budget.
  void StopAndAwaitTasks(const std::vector<ConnectorTaskId>& ids);
  void SetTaskTargetState(const ConnectorTaskId& id, TargetState state);
  std::vector<ConnectorTaskId> RunningTasks(const std::string& connector) const;
  std::vector<ConnectorTaskId> AllRunningTasks() const;

  // True if `connector_class` resolves to a sink connector.
  util::Result<bool> IsSinkConnector(const std::string& connector_class) const;

  // Client configs for a connector's tasks (exposed for tests).
  kafka::ClientProps ProducerProps(const ConnectorTaskId& id, const Props& connector_config) const;
  kafka::ClientProps ConsumerProps(const ConnectorTaskId& id, const Props& connector_config) const;
  // The admin client that reads and changes a sink's committed offsets: the
  // worker's security settings, then admin.*, then admin.override.*.
  kafka::ClientProps AdminProps(const std::string& connector, const Props& connector_config) const;
  // The consumer group of a sink connector's tasks: connect-<name> unless
  // consumer.group.id or consumer.override.group.id say otherwise.
  std::string SinkGroupId(const std::string& connector, const Props& connector_config) const;

  // KIP-875 offsets (worker_offsets.cc). Unlike the methods above these may
  // run on any thread: they read only the immutable worker config, the plugin
  // registry and the thread-safe offset store, and make their own connector
  // instance and admin client.
  //
  // Source: the offset store's entries for `connector`, tombstones left out;
  // sink: the committed offsets of its group (500 when the cluster fails).
  util::Result<std::vector<herder::ConnectorOffset>> ConnectorOffsets(
      const std::string& connector, const Props& connector_config, bool is_sink) const;
  // Alters (`offsets` given) or resets (nullopt: every known partition) the
  // connector's offsets once a fresh instance's AlterOffsets accepted them, and
  // returns the success message. Source offsets go to the offset store in the
  // bytes the source tasks write, so a restarted task resumes from them; sink
  // offsets are committed to, or deleted from, the group. Errors: 400 for
  // malformed offsets, 500 with the connector's message when it rejects them,
  // 500 when the store or the cluster fails (a group that still has members
  // gets Java's "zombie sink tasks" text).
  // REQUIRES: the connector is stopped and has no tasks.
  util::Result<std::string> ModifyConnectorOffsets(
      const std::string& connector, const Props& connector_config, bool is_sink,
      const std::optional<std::vector<herder::ConnectorOffset>>& offsets) const;

 private:
  struct ConverterSet {
    std::unique_ptr<kconnect::Converter> key;
    std::unique_ptr<kconnect::Converter> value;
    std::unique_ptr<kconnect::HeaderConverter> header;
  };
  util::Result<ConverterSet> MakeConverters(const Props& connector_config) const;
  util::Result<std::string> ModifySourceOffsets(
      const std::string& connector, const Props& connector_config,
      const std::optional<std::vector<herder::ConnectorOffset>>& offsets) const;
  util::Result<std::string> ModifySinkOffsets(
      const std::string& connector, const Props& connector_config,
      const std::optional<std::vector<herder::ConnectorOffset>>& offsets) const;
  std::vector<herder::ConnectorOffset> SourceOffsets(const std::string& connector) const;
  // The sink group's committed offsets; error text for a failure.
  util::Result<std::map<kconnect::TopicPartition, int64_t>> SinkCommittedOffsets(
      kafka::Admin& admin, const std::string& group, const Props& connector_config) const;
  util::Result<std::unique_ptr<kconnect::Connector>> NewConnectorFor(
      const Props& connector_config) const;
  util::Result<std::unique_ptr<kconnect::Converter>> MakeConverter(const Props& connector_config,
                                                                   const std::string& which,
                                                                   bool is_key) const;

  std::string worker_id_;
  const WorkerConfig& config_;
  plugins::PluginRegistry& plugins_;
  storage::OffsetBackingStore& offsets_;
  std::map<std::string, std::unique_ptr<kconnect::Connector>> connectors_;
  std::map<ConnectorTaskId, std::unique_ptr<WorkerTask>> tasks_;
};

}  // namespace kconnect::worker::runtime
