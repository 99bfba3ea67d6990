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

 private:
  struct ConverterSet {
    std::unique_ptr<kconnect::Converter> key;
    std::unique_ptr<kconnect::Converter> value;
    std::unique_ptr<kconnect::HeaderConverter> header;
  };
  util::Result<ConverterSet> MakeConverters(const Props& connector_config) const;
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
