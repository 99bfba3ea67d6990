#pragma once
// An in-memory Herder for the REST tests: just enough connector bookkeeping
// to answer every call with the shapes and errors a real herder gives, plus
// hooks to inject errors and to block a call.

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/logging/logger_registry.h"
#include "worker/herder/herder.h"

namespace kconnect::worker::rest::testing {

using util::Empty;
using util::Result;

class FakeHerder : public herder::Herder {
 public:
  FakeHerder();

  struct Connector {
    Props config;
    herder::TargetState target = herder::TargetState::kStarted;
    int tasks = 0;
    bool failed = false;
  };

  // Adds a connector directly (tasks.max tasks unless not started).
  void AddConnector(const std::string& name, Props config,
                    herder::TargetState target = herder::TargetState::kStarted);

  Result<std::vector<std::string>> Connectors() override;
  Result<herder::ConnectorInfo> GetConnectorInfo(const std::string& name) override;
  Result<Props> ConnectorConfig(const std::string& name) override;
  Result<herder::CreateOrUpdateResult> PutConnectorConfig(
      const std::string& name, const Props& config, bool allow_replace,
      std::optional<herder::TargetState> initial_state) override;
  Result<herder::ConnectorInfo> PatchConnectorConfig(const std::string& name,
                                                     const herder::ConfigPatch& patch) override;
  Result<Empty> DeleteConnector(const std::string& name) override;
  Result<herder::ConnectorStateInfo> ConnectorStatus(const std::string& name) override;
  Result<herder::TaskStateInfo> TaskStatus(const std::string& name, int task) override;
  Result<std::vector<herder::TaskInfo>> TaskConfigs(const std::string& name) override;
  Result<Empty> PauseConnector(const std::string& name) override;
  Result<Empty> ResumeConnector(const std::string& name) override;
  Result<Empty> StopConnector(const std::string& name) override;
  Result<Empty> RestartConnector(const std::string& name) override;
  Result<herder::ConnectorStateInfo> RestartConnectorAndTasks(const std::string& name,
                                                              bool include_tasks,
                                                              bool only_failed) override;
  Result<Empty> RestartTask(const std::string& name, int task) override;
  Result<Empty> PutTaskConfigs(const std::string& name, const std::vector<Props>& configs) override {
    if (auto e = Enter()) return *e;
    std::lock_guard lock(mu_);
    internal_calls_.push_back("tasks " + name + " " + std::to_string(configs.size()));
    return util::Internal("standalone");
  }
  Result<Empty> FenceZombieSourceTasks(const std::string& name) override {
    if (auto e = Enter()) return *e;
    std::lock_guard lock(mu_);
    internal_calls_.push_back("fence " + name);
    return util::Internal("standalone");
  }
  std::vector<std::string> InternalCalls() {
    std::lock_guard lock(mu_);
    return internal_calls_;
  }
  Result<herder::ConfigInfos> ValidateConnectorConfig(const Props& config) override;
  Result<std::vector<herder::ConfigKeyInfo>> ConnectorPluginConfig(
      const std::string& plugin) override;
  // Offsets (fake_herder_offsets_util.cc): kept per connector; alter and
  // reset need a stopped connector. A connector whose config has
  // "alter.offsets"="reject" rejects every change with a 500, and one with
  // "alter.offsets"="framework" reports the framework-managed message.
  Result<std::vector<herder::ConnectorOffset>> ConnectorOffsets(const std::string& name) override;
  Result<std::string> AlterConnectorOffsets(
      const std::string& name, const std::vector<herder::ConnectorOffset>& offsets) override;
  Result<std::string> ResetConnectorOffsets(const std::string& name) override;
  void SetOffsets(const std::string& name, std::vector<herder::ConnectorOffset> offsets);
  // Every AlterConnectorOffsets request that reached the herder, in order.
  std::vector<std::vector<herder::ConnectorOffset>> AlterCalls();
  std::vector<herder::PluginDesc> ConnectorPlugins(bool connectors_only) override;
  Result<std::vector<std::string>> ConnectorActiveTopics(const std::string& name) override;
  Result<Empty> ResetConnectorActiveTopics(const std::string& name) override;
  std::map<std::string, herder::LoggerLevel> AllLoggerLevels() override;
  std::optional<herder::LoggerLevel> GetLoggerLevel(const std::string& logger) override;
  std::vector<std::string> SetWorkerLoggerLevel(const std::string& ns,
                                                herder::LogLevel level) override;
  Result<Empty> SetClusterLoggerLevel(const std::string& ns, herder::LogLevel level) override;
  std::string KafkaClusterId() override { return "fake-cluster-id"; }
  std::string WorkerId() override { return "127.0.0.1:8083"; }
  herder::HealthStatus HealthCheck(std::chrono::milliseconds timeout) override;
  // What HealthCheck answers when it is not blocked (healthy by default).
  void SetHealth(herder::HealthStatus health);

  // Recorded calls and knobs; guarded by mu_ (use the accessors).
  struct PutCall {
    std::string name;
    Props config;
    bool allow_replace = false;
    std::optional<herder::TargetState> initial_state;
  };
  std::vector<PutCall> PutCalls();
  // Topic tracking: the worker settings, and what a connector has recorded.
  void SetTopicTracking(herder::TopicTrackingSettings settings);
  void SetActiveTopics(const std::string& name, std::vector<std::string> topics);
  // Logger levels live in a registry of the fake's own (its root is not
  // spdlog's default logger), stamped by a settable clock.
  common::logging::LoggerRegistry& Loggers() { return loggers_; }
  void SetNowMs(int64_t now) { now_ms_ = now; }
  // Namespaces SetClusterLoggerLevel was called with.
  std::vector<std::string> ClusterLoggerCalls();
  std::vector<std::string> Restarts();
  // Names Connectors() lists that have no config/status (deleted meanwhile).
  void AddPhantom(const std::string& name);
  // Every call fails with `error` until cleared.
  void FailEverything(std::optional<util::Error> error);
  // The next call blocks until Release(); Blocked() reports whether a call
  // is waiting.
  void BlockNextCall();
  bool WaitUntilBlocked(int timeout_ms);
  void Release();
  int CallCount();

 private:
  std::optional<util::Error> Enter();
  herder::ConnectorType TypeOf(const Props& config) const;
  herder::ConnectorStateInfo StatusOf(const std::string& name, const Connector& c) const;

  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, Connector> connectors_;
  std::vector<std::string> phantoms_;
  std::vector<PutCall> put_calls_;
  std::vector<std::string> restarts_;
  std::optional<util::Error> fail_all_;
  bool block_next_ = false;
  bool blocked_ = false;
  bool released_ = false;
  int calls_ = 0;
  herder::HealthStatus health_;
  std::map<std::string, std::vector<herder::ConnectorOffset>> offsets_;
  std::vector<std::vector<herder::ConnectorOffset>> alter_calls_;
  herder::TopicTrackingSettings topic_tracking_;
  std::map<std::string, std::vector<std::string>> active_topics_;
  std::vector<std::string> cluster_logger_calls_;
  std::vector<std::string> internal_calls_;
  std::atomic<int64_t> now_ms_{1700000000000};
  common::logging::LoggerRegistry loggers_;
};

}  // namespace kconnect::worker::rest::testing
