#pragma once
// StandaloneHerder: the herder of a single standalone worker (Java's
// StandaloneHerder). Connector configs and statuses live in memory; source
// offsets go to the worker's offset store.
//
// Threads: one herder thread owns all connector state. Requests that change
// something (called by REST threads, the CLI and connector contexts) enqueue
// their work and wait for its result, up to 90 s (Java's REST request
// timeout). Reads (list, config, info, task configs, status) do not queue:
// after each piece of work, before its caller is answered, the herder thread
// publishes an immutable copy of what they need (the "view"), so a read never
// waits behind a slow create or restart, costs no thread hand-off, and still
// sees every change already acknowledged. Task status callbacks arrive on
// task threads and only touch the status map, under its own mutex, as do
// topic reports (KIP-558). Logger levels go straight to the (thread-safe)
// LoggerRegistry.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "worker/herder/herder.h"
#include "worker/runtime/task_status.h"
#include "worker/runtime/worker.h"
#include "worker/storage/file_connector_store.h"

namespace kconnect::worker::herder {

class StandaloneHerder : public Herder, private runtime::TaskStatusListener {
 public:
  // `loggers`: whose levels /admin/loggers reads and sets; must outlive
  // the herder.
  StandaloneHerder(
      runtime::Worker& worker, std::string kafka_cluster_id,
      common::logging::LoggerRegistry& loggers = common::logging::LoggerRegistry::Global());
  ~StandaloneHerder() override;

  void Start();
  // Called on the herder thread with each connector config just before the
  // connector is created or updated. Used to pre-create topics on the
  // in-memory mock cluster, which would otherwise create them with 4 partitions.
  void SetConnectorConfigHook(std::function<void(const Props&)> hook) {
    config_hook_ = std::move(hook);
  }
  // Keeps every connector's config and target state in `store` (not owned;
  // must outlive the herder): each create, update, pause, resume, stop and
  // delete is saved before it is answered. Call before Start().
  void SetConnectorStore(const storage::FileConnectorStore* store) { store_ = store; }
  // Recreates connectors loaded from the store, each in its stored target
  // state. One that cannot be created (its plugin is gone, its config no
  // longer valid) is logged and kept in the store untouched, so that nothing
  // the operator configured is dropped; PUT or DELETE of that name replaces
  // or removes it. Call after Start().
  void RestoreConnectors(std::map<std::string, storage::StoredConnector> stored);
  // How long a request waits for the herder thread before it is answered
  // 500 "Request timed out" (R-TIMEOUT; Java: 90 s). The work itself still
  // runs. For tests; call before Start().
  void SetRequestTimeout(std::chrono::milliseconds timeout) { request_timeout_ = timeout; }
  // Stops every task and connector (final offset commits happen in the tasks),
  // then the herder thread. Idempotent.
  void Stop();

  Result<std::vector<std::string>> Connectors() override;
  Result<ConnectorInfo> GetConnectorInfo(const std::string& name) override;
  Result<Props> ConnectorConfig(const std::string& name) override;
  Result<CreateOrUpdateResult> PutConnectorConfig(const std::string& name, const Props& config,
                                                  bool allow_replace,
                                                  std::optional<TargetState> initial_state) override;
  Result<ConnectorInfo> PatchConnectorConfig(const std::string& name,
                                             const ConfigPatch& patch) override;
  Result<Empty> DeleteConnector(const std::string& name) override;
  Result<ConnectorStateInfo> ConnectorStatus(const std::string& name) override;
  Result<TaskStateInfo> TaskStatus(const std::string& name, int task) override;
  Result<std::vector<TaskInfo>> TaskConfigs(const std::string& name) override;
  Result<Empty> PauseConnector(const std::string& name) override;
  Result<Empty> ResumeConnector(const std::string& name) override;
  Result<Empty> StopConnector(const std::string& name) override;
  Result<Empty> RestartConnector(const std::string& name) override;
  Result<ConnectorStateInfo> RestartConnectorAndTasks(const std::string& name, bool include_tasks,
                                                      bool only_failed) override;
  Result<Empty> RestartTask(const std::string& name, int task) override;
  Result<Empty> PutTaskConfigs(const std::string& name, const std::vector<Props>& configs) override;
  Result<Empty> FenceZombieSourceTasks(const std::string& name) override;
  Result<ConfigInfos> ValidateConnectorConfig(const Props& config) override;
  Result<std::vector<ConfigKeyInfo>> ConnectorPluginConfig(const std::string& plugin) override;
  Result<std::vector<ConnectorOffset>> ConnectorOffsets(const std::string& name) override;
  Result<std::string> AlterConnectorOffsets(const std::string& name,
                                            const std::vector<ConnectorOffset>& offsets) override;
  Result<std::string> ResetConnectorOffsets(const std::string& name) override;
  std::vector<PluginDesc> ConnectorPlugins(bool connectors_only) override;
  Result<std::vector<std::string>> ConnectorActiveTopics(const std::string& name) override;
  Result<Empty> ResetConnectorActiveTopics(const std::string& name) override;
  std::map<std::string, LoggerLevel> AllLoggerLevels() override;
  std::optional<LoggerLevel> GetLoggerLevel(const std::string& logger) override;
  std::vector<std::string> SetWorkerLoggerLevel(const std::string& ns, LogLevel level) override;
  Result<Empty> SetClusterLoggerLevel(const std::string& ns, LogLevel level) override;
  std::string KafkaClusterId() override { return cluster_id_; }
  std::string WorkerId() override { return worker_.WorkerId(); }
  HealthStatus HealthCheck(std::chrono::milliseconds timeout) override;

 private:
  struct ConnectorState;
  class Context;

  // Runs `fn` on the herder thread and waits for its result. Once Stop() has
  // begun, answers 503 at once instead of waiting for a thread that is gone.
  template <typename T>
  Result<T> Call(std::function<Result<T>()> fn);
  // False (and `fn` dropped) once Stop() has begun. Work that changes
  // connectors_ must PublishView() before it ends (Call does so for its work).
  bool Enqueue(std::function<void()> fn);
  void Loop();

  // Herder-thread helpers.
  Result<CreateOrUpdateResult> DoPut(const std::string& name, const Props& config,
                                     bool allow_replace, std::optional<TargetState> initial);
  // A connector config checked by its connector and the framework: the
  // instance that validated it, its kind and the per-key results.
  struct Validation {
    std::unique_ptr<kconnect::Connector> connector;
    bool is_sink = false;
    std::vector<ConfigDef::ConfigValue> values;
  };
  // Resolves connector.class (400 when absent, the registry's error when
  // unknown) and validates; per-key problems are in the values, not errors.
  Result<Validation> RunValidation(const Props& config);
  // Validates a connector config; on success returns whether it is a sink.
  Result<bool> ValidateConfig(const Props& config);
  void StartConnectorAndTasks(ConnectorState& state);
  void StopConnectorAndTasks(ConnectorState& state, bool remove_task_configs);
  void RegenerateTasks(ConnectorState& state, bool restart_tasks);
  void StartTasks(ConnectorState& state);
  ConnectorInfo InfoOf(const ConnectorState& state) const;
  // Writes every connector's config and target state to the store (if any);
  // the error names the file and says the change is in effect until restart.
  Result<Empty> Persist();
  // Stops and starts the connector instance (not its tasks) and records the
  // outcome in its status.
  void RestartConnectorInstance(const std::string& name, ConnectorState& state);
  // Stops the given tasks and starts them again with their current configs;
  // false if one could not start (its status says why).
  bool RestartTaskInstances(ConnectorState& state, const std::vector<ConnectorTaskId>& ids);
  // KIP-875 alter (offsets given) or reset (nullopt), run on the herder
  // thread so that no resume can start tasks while the offsets change.
  Result<std::string> ModifyOffsets(const std::string& name,
                                    const std::optional<std::vector<ConnectorOffset>>& offsets);
  // The status map's view of one connector, of the given type; nullopt if it
  // has no status.
  std::optional<ConnectorStateInfo> StatusOf(const std::string& name, ConnectorType type);

  // What reads need of one connector, as of the last published view.
  struct ConnectorView {
    ConnectorInfo info;
    std::vector<Props> task_configs;
  };
  using View = std::map<std::string, ConnectorView>;
  // The current view (any thread); 503 once Stop() has begun, as for
  // queued requests.
  Result<std::shared_ptr<const View>> CurrentView();
  // Herder thread: replaces the view with a copy of connectors_.
  void PublishView();

  // Status store (any thread).
  void PutConnectorStatus(const std::string& name, std::string state,
                          std::optional<std::string> trace = std::nullopt);
  void PutTaskStatus(const ConnectorTaskId& id, std::string state,
                     std::optional<std::string> trace = std::nullopt);
  void OnStartup(const ConnectorTaskId& id) override;
  void OnPause(const ConnectorTaskId& id) override;
  void OnResume(const ConnectorTaskId& id) override;
  void OnFailure(const ConnectorTaskId& id, const std::string& trace) override;
  void OnShutdown(const ConnectorTaskId& id) override;
  void OnTopicActive(const ConnectorTaskId& id, const std::string& topic) override;
  const std::atomic<uint64_t>& TopicResetEpoch() const override { return topic_reset_epoch_; }
  TopicTrackingSettings TopicTracking() const;

  runtime::Worker& worker_;
  std::string cluster_id_;
  std::function<void(const Props&)> config_hook_;
  common::logging::LoggerRegistry& loggers_;

  // Herder-thread state.
  std::map<std::string, std::unique_ptr<ConnectorState>> connectors_;
  const storage::FileConnectorStore* store_ = nullptr;
  std::chrono::milliseconds request_timeout_ = std::chrono::seconds(90);
  // Stored connectors that could not be recreated, written back unchanged.
  std::map<std::string, storage::StoredConnector> unrestored_;

  std::mutex queue_mu_;  // guards queue_, running_ and stopping_
  std::condition_variable queue_cv_;
  std::deque<std::function<void()>> queue_;
  bool running_ = false;
  bool stopping_ = false;
  std::thread thread_;

  mutable std::mutex view_mu_;  // guards view_ (the pointer, not the map)
  std::shared_ptr<const View> view_ = std::make_shared<const View>();

  // guards connector_status_, task_status_ and active_topics_
  std::mutex status_mu_;
  std::map<std::string, StateInfo> connector_status_;
  std::map<ConnectorTaskId, StateInfo> task_status_;
  // Per connector, the topics its tasks reported (Java: TopicStatus records
  // in the status store). Erased with the connector and by a reset.
  std::map<std::string, std::set<std::string>> active_topics_;
  // Bumped after each reset, with status_mu_ held (ActiveTopicTracker).
  std::atomic<uint64_t> topic_reset_epoch_{0};
};

}  // namespace kconnect::worker::herder
