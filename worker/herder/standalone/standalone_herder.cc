#include "worker/herder/standalone/standalone_herder.h"

#include <algorithm>
#include <future>

#include "common/logging/logger_registry.h"
#include "worker/runtime/connector_config.h"
#include "worker/runtime/offset_storage.h"

namespace kconnect::worker::herder {

using common::logging::kWorkerHerderLog;

namespace {

// Java's AbstractMap.toString, used in "contains no connector type".
std::string JavaMapString(const Props& props) {
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : props) {
    if (!first) out += ", ";
    first = false;
    out += k + "=" + v;
  }
  return out + "}";
}
// The answer to any request once Stop() has begun.
util::Error ShuttingDown() { return util::Error{503, "The worker is shutting down"}; }
}  // namespace

struct StandaloneHerder::ConnectorState {
  std::string name;
  Props config;
  TargetState target = TargetState::kStarted;
  bool is_sink = false;
  std::vector<Props> task_configs;
  std::unique_ptr<Context> context;
};

// The context handed to a connector. Its callbacks come from connector code on
// any thread; they are queued to the herder thread, never waited for, so a
// connector calling them from inside Start() cannot deadlock the herder.
class StandaloneHerder::Context : public kconnect::SourceConnectorContext {
 public:
  Context(StandaloneHerder& herder, std::string name)
      : herder_(herder), name_(std::move(name)),
        reader_(name_, herder.worker_.OffsetStore()) {}
  void RequestTaskReconfiguration() override {
    herder_.Enqueue([h = &herder_, name = name_] {
      auto it = h->connectors_.find(name);
      if (it != h->connectors_.end() && it->second->target == TargetState::kStarted) {
        h->RegenerateTasks(*it->second, /*restart_tasks=*/true);
        h->PublishView();  // new task configs
      }
    });
  }
  void RaiseError(const std::exception& error) override {
    herder_.PutConnectorStatus(name_, "FAILED",
                               std::string(error.what()) + "\n\tat connector " + name_ + "\n");
  }
  kconnect::OffsetStorageReader& GetOffsetStorageReader() override { return reader_; }

 private:
  StandaloneHerder& herder_;
  std::string name_;
  runtime::OffsetStorageReaderImpl reader_;
};

StandaloneHerder::StandaloneHerder(runtime::Worker& worker, std::string kafka_cluster_id,
                                   common::logging::LoggerRegistry& loggers)
    : worker_(worker), cluster_id_(std::move(kafka_cluster_id)), loggers_(loggers) {}

StandaloneHerder::~StandaloneHerder() { Stop(); }

void StandaloneHerder::Start() {
  std::lock_guard<std::mutex> lock(queue_mu_);
  running_ = true;
  thread_ = std::thread([this] { Loop(); });
  kWorkerHerderLog().info("Herder started");
}

void StandaloneHerder::Stop() {
  std::promise<void> done;
  {
    // The shutdown work is the last request accepted: anything queued before
    // it still runs, anything after it is refused (see Call).
    std::lock_guard<std::mutex> lock(queue_mu_);
    if (!running_ || stopping_) return;
    stopping_ = true;
    kWorkerHerderLog().info("Herder stopping");
    queue_.push_back([this, &done] {
      std::vector<ConnectorTaskId> all = worker_.AllRunningTasks();
      worker_.StopAndAwaitTasks(all);
      for (auto& [name, state] : connectors_) {
        worker_.StopConnector(name);
        PutConnectorStatus(name, "UNASSIGNED");
      }
      done.set_value();
    });
    queue_cv_.notify_one();
  }
  done.get_future().wait();
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    running_ = false;
    queue_cv_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
  kWorkerHerderLog().info("Herder stopped");
}

bool StandaloneHerder::Enqueue(std::function<void()> fn) {
  std::lock_guard<std::mutex> lock(queue_mu_);
  if (stopping_) return false;
  queue_.push_back(std::move(fn));
  queue_cv_.notify_one();
  return true;
}

void StandaloneHerder::Loop() {
  for (;;) {
    std::function<void()> fn;
    {
      std::unique_lock<std::mutex> lock(queue_mu_);
      queue_cv_.wait(lock, [this] { return !queue_.empty() || !running_; });
      if (queue_.empty()) return;
      fn = std::move(queue_.front());
      queue_.pop_front();
    }
    try {
      fn();
    } catch (...) {
      kWorkerHerderLog().error("Uncaught exception in herder work thread: {}",
                               runtime::DescribeException(std::current_exception(), "herder"));
    }
  }
}

Result<std::shared_ptr<const StandaloneHerder::View>> StandaloneHerder::CurrentView() {
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    if (stopping_) return ShuttingDown();
  }
  std::lock_guard<std::mutex> lock(view_mu_);
  return view_;
}

void StandaloneHerder::PublishView() {
  auto view = std::make_shared<View>();
  for (const auto& [name, state] : connectors_) {
    view->emplace(name, ConnectorView{InfoOf(*state), state->task_configs});
  }
  std::lock_guard<std::mutex> lock(view_mu_);
  view_ = std::move(view);
}

template <typename T>
Result<T> StandaloneHerder::Call(std::function<Result<T>()> fn) {
  auto promise = std::make_shared<std::promise<Result<T>>>();
  auto future = promise->get_future();
  const bool queued = Enqueue([this, promise, fn = std::move(fn)] {
    std::optional<Result<T>> result;
    try {
      result.emplace(fn());
    } catch (const std::exception& e) {
      result.emplace(util::Internal(e.what()));
    } catch (...) {
      result.emplace(util::Internal("unknown error"));
    }
    // Published before the caller hears back: a read issued after this
    // answer sees the change.
    PublishView();
    promise->set_value(std::move(*result));
  });
  if (!queued) return ShuttingDown();
  if (future.wait_for(request_timeout_) != std::future_status::ready) {
    return util::Internal("Request timed out");
  }
  return future.get();
}

// ---------------------------------------------------------------- requests

Result<std::vector<std::string>> StandaloneHerder::Connectors() {
  auto current = CurrentView();
  if (!current) return current.Error();
  const auto& view = *current;
  std::vector<std::string> names;
  names.reserve(view->size());
  for (const auto& [n, c] : *view) names.push_back(n);
  return names;
}

Result<ConnectorInfo> StandaloneHerder::GetConnectorInfo(const std::string& name) {
  auto current = CurrentView();
  if (!current) return current.Error();
  const auto& view = *current;
  auto it = view->find(name);
  if (it == view->end()) return util::NotFound("Connector " + name + " not found");
  return it->second.info;
}

Result<Props> StandaloneHerder::ConnectorConfig(const std::string& name) {
  auto current = CurrentView();
  if (!current) return current.Error();
  const auto& view = *current;
  auto it = view->find(name);
  if (it == view->end()) return util::NotFound("Connector " + name + " not found");
  return it->second.info.config;
}

Result<ConnectorInfo> StandaloneHerder::PatchConnectorConfig(const std::string& name,
                                                             const ConfigPatch& patch) {
  // Read, merge and write on the herder thread, so that no other request
  // comes between (Java: AbstractHerder.patchConnectorConfig).
  return Call<ConnectorInfo>([=, this]() -> Result<ConnectorInfo> {
    auto it = connectors_.find(name);
    if (it == connectors_.end()) return util::NotFound("Connector " + name + " not found");
    auto put = DoPut(name, PatchConfig(it->second->config, patch), /*allow_replace=*/true,
                     std::nullopt);
    if (!put) return put.Error();
    if (auto saved = Persist(); !saved) return saved.Error();
    return put->info;
  });
}

HealthStatus StandaloneHerder::HealthCheck(std::chrono::milliseconds timeout) {
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    if (stopping_) return {HealthStatus::State::kUnhealthy, "The worker is shutting down."};
    if (!running_) return {HealthStatus::State::kStarting, ""};
  }
  // A no-op through the request queue: it answers once every request queued
  // before it is done, which is what a REST caller would wait for.
  auto answered = std::make_shared<std::promise<void>>();
  auto future = answered->get_future();
  if (!Enqueue([answered] { answered->set_value(); })) {
    return {HealthStatus::State::kUnhealthy, "The worker is shutting down."};
  }
  if (future.wait_for(timeout) == std::future_status::ready) return {};
  return {HealthStatus::State::kUnhealthy,
          "The herder has not answered a health check within " +
              std::to_string(timeout.count()) + " ms."};
}

Result<CreateOrUpdateResult> StandaloneHerder::PutConnectorConfig(
    const std::string& name, const Props& config, bool allow_replace,
    std::optional<TargetState> initial_state) {
  return Call<CreateOrUpdateResult>([=, this]() -> Result<CreateOrUpdateResult> {
    auto put = DoPut(name, config, allow_replace, initial_state);
    if (!put) return put;
    unrestored_.erase(name);
    if (auto saved = Persist(); !saved) return saved.Error();
    return put;
  });
}

Result<Empty> StandaloneHerder::DeleteConnector(const std::string& name) {
  return Call<Empty>([this, name]() -> Result<Empty> {
    auto it = connectors_.find(name);
    if (it == connectors_.end()) {
      if (unrestored_.erase(name) == 0) return util::NotFound("Connector " + name + " not found");
      kWorkerHerderLog().info("Deleted connector {} (it had not been restored from {})", name,
                   store_->path());
      return Persist();
    }
    StopConnectorAndTasks(*it->second, /*remove_task_configs=*/true);
    connectors_.erase(it);
    {
      std::lock_guard<std::mutex> lock(status_mu_);
      connector_status_.erase(name);
      std::erase_if(task_status_, [&](const auto& kv) { return kv.first.connector == name; });
      // Its tasks are stopped: nothing reports for it any more.
      active_topics_.erase(name);
    }
    kWorkerHerderLog().info("Deleted connector {}", name);
    return Persist();
  });
}

Result<ConnectorStateInfo> StandaloneHerder::ConnectorStatus(const std::string& name) {
  auto current = CurrentView();
  if (!current) return current.Error();
  const auto& view = *current;
  auto it = view->find(name);
  auto info = StatusOf(name, it == view->end() ? ConnectorType::kUnknown : it->second.info.type);
  if (!info) return util::NotFound("No status found for connector " + name);
  return *info;
}

std::optional<ConnectorStateInfo> StandaloneHerder::StatusOf(const std::string& name,
                                                             ConnectorType type) {
  std::lock_guard<std::mutex> lock(status_mu_);
  auto it = connector_status_.find(name);
  if (it == connector_status_.end()) return std::nullopt;
  ConnectorStateInfo info;
  info.name = name;
  info.connector = it->second;
  for (const auto& [id, st] : task_status_) {
    if (id.connector == name) info.tasks.push_back({id.task, st});
  }
  info.type = type;
  return info;
}

Result<TaskStateInfo> StandaloneHerder::TaskStatus(const std::string& name, int task) {
  std::lock_guard<std::mutex> lock(status_mu_);
  auto it = task_status_.find(ConnectorTaskId{name, task});
  if (it == task_status_.end()) {
    return util::NotFound("No status found for task " + name + "-" + std::to_string(task));
  }
  return TaskStateInfo{task, it->second};
}

Result<std::vector<TaskInfo>> StandaloneHerder::TaskConfigs(const std::string& name) {
  auto current = CurrentView();
  if (!current) return current.Error();
  const auto& view = *current;
  auto it = view->find(name);
  if (it == view->end()) return util::NotFound("Connector " + name + " not found");
  std::vector<TaskInfo> out;
  const auto& configs = it->second.task_configs;
  for (size_t i = 0; i < configs.size(); ++i) {
    out.push_back({ConnectorTaskId{name, static_cast<int>(i)}, configs[i]});
  }
  return out;
}

Result<Empty> StandaloneHerder::PauseConnector(const std::string& name) {
  return Call<Empty>([this, name]() -> Result<Empty> {
    auto it = connectors_.find(name);
    if (it == connectors_.end()) return util::NotFound("Unknown connector " + name);
    ConnectorState& s = *it->second;
    if (s.target == TargetState::kPaused) return Empty{};
    if (s.target == TargetState::kStopped) {
      // Java moves a stopped connector to PAUSED without creating tasks.
      s.target = TargetState::kPaused;
      PutConnectorStatus(name, "PAUSED");
      return Persist();
    }
    s.target = TargetState::kPaused;
    worker_.StopConnector(name);
    for (const auto& id : worker_.RunningTasks(name)) {
      worker_.SetTaskTargetState(id, TargetState::kPaused);
    }
    PutConnectorStatus(name, "PAUSED");
    kWorkerHerderLog().info("Paused connector {}", name);
    return Persist();
  });
}

Result<Empty> StandaloneHerder::ResumeConnector(const std::string& name) {
  return Call<Empty>([this, name]() -> Result<Empty> {
    auto it = connectors_.find(name);
    if (it == connectors_.end()) return util::NotFound("Unknown connector " + name);
    ConnectorState& s = *it->second;
    if (s.target == TargetState::kStarted) return Empty{};
    s.target = TargetState::kStarted;
    auto running = worker_.RunningTasks(name);
    if (running.empty()) {
      StartConnectorAndTasks(s);
    } else {
      if (!worker_.IsRunning(name)) {
        auto started = worker_.StartConnector(name, s.config, *s.context);
        if (started) {
          PutConnectorStatus(name, "RUNNING");
        } else {
          PutConnectorStatus(name, "FAILED", started.Error().message);
        }
      }
      for (const auto& id : running) worker_.SetTaskTargetState(id, TargetState::kStarted);
    }
    kWorkerHerderLog().info("Resumed connector {}", name);
    return Persist();
  });
}

Result<Empty> StandaloneHerder::StopConnector(const std::string& name) {
  return Call<Empty>([this, name]() -> Result<Empty> {
    auto it = connectors_.find(name);
    if (it == connectors_.end()) return util::NotFound("Unknown connector " + name);
    ConnectorState& s = *it->second;
    s.target = TargetState::kStopped;
    StopConnectorAndTasks(s, /*remove_task_configs=*/true);
    PutConnectorStatus(name, "STOPPED");
    return Persist();
  });
}

Result<Empty> StandaloneHerder::RestartConnector(const std::string& name) {
  return Call<Empty>([this, name]() -> Result<Empty> {
    auto it = connectors_.find(name);
    if (it == connectors_.end()) return util::NotFound("Connector " + name + " not found");
    if (it->second->target == TargetState::kStarted) RestartConnectorInstance(name, *it->second);
    return Empty{};
  });
}

Result<ConnectorStateInfo> StandaloneHerder::RestartConnectorAndTasks(const std::string& name,
                                                                      bool include_tasks,
                                                                      bool only_failed) {
  return Call<ConnectorStateInfo>([=, this]() -> Result<ConnectorStateInfo> {
    auto it = connectors_.find(name);
    if (it == connectors_.end()) return util::NotFound("Unknown connector: " + name);
    ConnectorState& s = *it->second;
    auto status = StatusOf(name, s.is_sink ? ConnectorType::kSink : ConnectorType::kSource);
    if (!status) return util::NotFound("Status for connector " + name + " not found");
    // The plan (Java: AbstractHerder.buildRestartPlan). A paused or stopped
    // connector instance is not restarted (as RestartConnector); a paused
    // connector's tasks are, and come back paused.
    ConnectorStateInfo plan = *status;
    const bool restart_connector = s.target == TargetState::kStarted &&
                                   (!only_failed || plan.connector.state == "FAILED");
    if (restart_connector) plan.connector.state = "RESTARTING";
    std::vector<ConnectorTaskId> tasks;
    if (include_tasks) {
      for (auto& t : plan.tasks) {
        if (static_cast<size_t>(t.id) >= s.task_configs.size()) continue;
        if (only_failed && t.state.state != "FAILED") continue;
        tasks.push_back({name, t.id});
        t.state.state = "RESTARTING";
      }
    }
    kWorkerHerderLog().info("Restarting {}: connector {}, {} of {} tasks", name,
                            restart_connector ? "yes" : "no", tasks.size(), plan.tasks.size());
    if (restart_connector) RestartConnectorInstance(name, s);
    if (!tasks.empty()) RestartTaskInstances(s, tasks);
    return plan;
  });
}

void StandaloneHerder::RestartConnectorInstance(const std::string& name, ConnectorState& s) {
  worker_.StopConnector(name);
  PutConnectorStatus(name, "RESTARTING");
  auto started = worker_.StartConnector(name, s.config, *s.context);
  if (started) {
    PutConnectorStatus(name, "RUNNING");
  } else {
    PutConnectorStatus(name, "FAILED", started.Error().message);
  }
}

bool StandaloneHerder::RestartTaskInstances(ConnectorState& s,
                                            const std::vector<ConnectorTaskId>& ids) {
  worker_.StopAndAwaitTasks(ids);
  bool all_started = true;
  for (const auto& id : ids) {
    PutTaskStatus(id, "RESTARTING");
    auto started = worker_.StartTask(id, s.config, s.task_configs[static_cast<size_t>(id.task)],
                                     *this, s.target);
    if (!started) {
      PutTaskStatus(id, "FAILED", started.Error().message);
      all_started = false;
    }
  }
  return all_started;
}

Result<Empty> StandaloneHerder::RestartTask(const std::string& name, int task) {
  return Call<Empty>([this, name, task]() -> Result<Empty> {
    auto it = connectors_.find(name);
    ConnectorTaskId id{name, task};
    if (it == connectors_.end() || task < 0 ||
        static_cast<size_t>(task) >= it->second->task_configs.size()) {
      return util::NotFound("Task " + id.ToString() + " not found");
    }
    if (!RestartTaskInstances(*it->second, {id})) {
      return util::Internal("Failed to start task: " + id.ToString());
    }
    return Empty{};
  });
}

TopicTrackingSettings StandaloneHerder::TopicTracking() const {
  const runtime::WorkerConfig& config = worker_.Config();
  return {config.TopicTrackingEnabled(), config.TopicTrackingAllowReset()};
}

// Status state, not herder-thread state: answered without queueing, like
// TaskStatus.
Result<std::vector<std::string>> StandaloneHerder::ConnectorActiveTopics(const std::string& name) {
  if (auto refused = TopicTrackingRefusal(TopicTracking(), /*for_reset=*/false)) return *refused;
  std::lock_guard<std::mutex> lock(status_mu_);
  auto it = active_topics_.find(name);
  if (it == active_topics_.end()) return std::vector<std::string>{};
  return std::vector<std::string>(it->second.begin(), it->second.end());
}

Result<Empty> StandaloneHerder::ResetConnectorActiveTopics(const std::string& name) {
  if (auto refused = TopicTrackingRefusal(TopicTracking(), /*for_reset=*/true)) return *refused;
  std::lock_guard<std::mutex> lock(status_mu_);
  active_topics_.erase(name);
  topic_reset_epoch_.fetch_add(1, std::memory_order_release);
  kWorkerHerderLog().info("Reset the active topics of connector {}", name);
  return Empty{};
}

std::map<std::string, LoggerLevel> StandaloneHerder::AllLoggerLevels() {
  return loggers_.AllLevels();
}

std::optional<LoggerLevel> StandaloneHerder::GetLoggerLevel(const std::string& logger) {
  return loggers_.GetLevel(logger);
}

std::vector<std::string> StandaloneHerder::SetWorkerLoggerLevel(const std::string& ns,
                                                                LogLevel level) {
  kWorkerHerderLog().info("Setting level of namespace {} and children to {}", ns,
                          common::logging::LogLevelName(level));
  return loggers_.SetLevel(ns, level);
}

Result<Empty> StandaloneHerder::SetClusterLoggerLevel(const std::string& ns, LogLevel level) {
  // This worker is the whole cluster (Java's StandaloneHerder does the same).
  SetWorkerLoggerLevel(ns, level);
  return Empty{};
}

Result<Empty> StandaloneHerder::PutTaskConfigs(const std::string&, const std::vector<Props>&) {
  return util::Internal(
      "Kafka Connect in standalone mode does not support externally setting task configurations.");
}

Result<Empty> StandaloneHerder::FenceZombieSourceTasks(const std::string&) {
  return util::Internal(
      "Kafka Connect in standalone mode does not support exactly-once source connectors.");
}

Result<ConfigInfos> StandaloneHerder::ValidateConnectorConfig(const Props& config) {
  // Java answers problems with the config as a whole wrapped in the
  // ExecutionException of its validation executor: 500, exception class first.
  return Call<ConfigInfos>([this, config]() -> Result<ConfigInfos> {
    try {
      auto validation = RunValidation(config);
      if (!validation) {
        const char* exception = validation.Error().status == 400
                                    ? "org.apache.kafka.connect.runtime.rest.errors.BadRequestException"
                                    : "org.apache.kafka.connect.errors.ConnectException";
        return util::Internal(std::string(exception) + ": " + validation.Error().message);
      }
      const ConfigDef& framework = validation->is_sink ? runtime::SinkConnectorConfigDef()
                                                       : runtime::SourceConnectorConfigDef();
      return BuildConfigInfos(config.at(runtime::kConnectorClassConfig), framework,
                              validation->connector->Config(), validation->values);
    } catch (...) {
      return util::Internal("org.apache.kafka.connect.errors.ConnectException: " +
                            runtime::DescribeException(std::current_exception(), "validate"));
    }
  });
}

Result<std::vector<ConfigKeyInfo>> StandaloneHerder::ConnectorPluginConfig(
    const std::string& plugin) {
  return Call<std::vector<ConfigKeyInfo>>([this, plugin]() -> Result<std::vector<ConfigKeyInfo>> {
    std::vector<ConfigKeyInfo> out;
    auto describe = [&out](const ConfigDef& def, const ConfigDef* skip) {
      for (const auto& key : def.Keys()) {
        if (key.internal || (skip != nullptr && skip->Find(key.name) != nullptr)) continue;
        out.push_back(DescribeConfigKey(key));
      }
    };
    const auto& registry = worker_.Plugins();
    if (auto info = registry.ResolveConnector(plugin)) {
      auto connector = registry.NewConnector(plugin);
      if (!connector) return connector.Error();
      const ConfigDef& own = connector.Value()->Config();
      describe(own, nullptr);
      describe(info->kind == plugins::PluginKind::kSink ? runtime::SinkConnectorConfigDef()
                                                        : runtime::SourceConnectorConfigDef(),
               &own);
      return out;
    }
    // Other kinds: the plugin's own ConfigDef, from a fresh instance.
    auto describe_instance = [&](auto made) -> Result<std::vector<ConfigKeyInfo>> {
      if (!made) return made.Error();
      describe(made.Value()->Config(), nullptr);
      return out;
    };
    using plugins::PluginKind;
    if (registry.Resolve(PluginKind::kConverter, plugin)) {
      return describe_instance(registry.NewConverter(plugin));
    }
    if (registry.Resolve(PluginKind::kHeaderConverter, plugin)) {
      return describe_instance(registry.NewHeaderConverter(plugin));
    }
    if (registry.Resolve(PluginKind::kTransformation, plugin)) {
      return describe_instance(registry.NewTransformation(plugin));
    }
    if (registry.Resolve(PluginKind::kPredicate, plugin)) {
      return describe_instance(registry.NewPredicate(plugin));
    }
    return util::NotFound("Unknown plugin " + plugin + ".");
  });
}

Result<std::vector<ConnectorOffset>> StandaloneHerder::ConnectorOffsets(const std::string& name) {
  // Only the lookup runs on the herder thread: reading a sink's offsets asks
  // the Kafka cluster, and other requests need not wait for that.
  struct Target {
    Props config;
    bool is_sink = false;
  };
  auto target = Call<Target>([this, name]() -> Result<Target> {
    auto it = connectors_.find(name);
    if (it == connectors_.end()) return util::NotFound("Connector " + name + " not found");
    return Target{it->second->config, it->second->is_sink};
  });
  if (!target) return target.Error();
  return worker_.ConnectorOffsets(name, target->config, target->is_sink);
}

Result<std::string> StandaloneHerder::AlterConnectorOffsets(
    const std::string& name, const std::vector<ConnectorOffset>& offsets) {
  return ModifyOffsets(name, offsets);
}

Result<std::string> StandaloneHerder::ResetConnectorOffsets(const std::string& name) {
  return ModifyOffsets(name, std::nullopt);
}

Result<std::string> StandaloneHerder::ModifyOffsets(
    const std::string& name, const std::optional<std::vector<ConnectorOffset>>& offsets) {
  return Call<std::string>([this, name, offsets]() -> Result<std::string> {
    auto it = connectors_.find(name);
    if (it == connectors_.end()) return util::NotFound("Connector " + name + " not found");
    const ConnectorState& s = *it->second;
    if (s.target != TargetState::kStopped || !s.task_configs.empty() ||
        !worker_.RunningTasks(name).empty()) {
      return OffsetsNeedStoppedConnector(name);
    }
    return worker_.ModifyConnectorOffsets(name, s.config, s.is_sink, offsets);
  });
}

std::vector<PluginDesc> StandaloneHerder::ConnectorPlugins(bool connectors_only) {
  std::vector<PluginDesc> out;
  for (const auto& p : worker_.Plugins().Plugins()) {
    const bool is_connector =
        p.kind == plugins::PluginKind::kSource || p.kind == plugins::PluginKind::kSink;
    if (connectors_only && !is_connector) continue;
    out.push_back({p.class_name, plugins::PluginKindName(p.kind), p.version});
  }
  return out;
}

// ---------------------------------------------------------- herder thread

Result<StandaloneHerder::Validation> StandaloneHerder::RunValidation(const Props& config) {
  auto cls = config.find(runtime::kConnectorClassConfig);
  if (cls == config.end() || cls->second.empty()) {
    return util::BadRequest("Connector config " + JavaMapString(config) +
                            " contains no connector type");
  }
  auto connector = worker_.Plugins().NewConnector(cls->second);
  if (!connector) return connector.Error();
  auto is_sink = worker_.IsSinkConnector(cls->second);
  if (!is_sink) return is_sink.Error();
  Validation v;
  v.connector = std::move(connector).Value();
  v.is_sink = is_sink.Value();
  v.values = runtime::ValidateConnectorConfig(*v.connector, v.is_sink, config);
  return v;
}

Result<bool> StandaloneHerder::ValidateConfig(const Props& config) {
  auto validation = RunValidation(config);
  if (!validation) return validation.Error();
  auto errors = runtime::CollectErrors(validation->values);
  if (!errors.empty()) return util::BadRequest(runtime::InvalidConfigMessage(errors));
  return validation->is_sink;
}

Result<CreateOrUpdateResult> StandaloneHerder::DoPut(const std::string& name, const Props& config,
                                                     bool allow_replace,
                                                     std::optional<TargetState> initial) {
  auto is_sink = ValidateConfig(config);
  if (!is_sink) return is_sink.Error();
  auto it = connectors_.find(name);
  const bool exists = it != connectors_.end();
  if (exists && !allow_replace) return util::Conflict("Connector " + name + " already exists");

  if (config_hook_) config_hook_(config);
  ConnectorState* state;
  if (exists) {
    state = it->second.get();
    StopConnectorAndTasks(*state, /*remove_task_configs=*/true);
    state->config = config;
    state->is_sink = is_sink.Value();
  } else {
    auto s = std::make_unique<ConnectorState>();
    s->name = name;
    s->config = config;
    s->is_sink = is_sink.Value();
    s->target = initial.value_or(TargetState::kStarted);
    s->context = std::make_unique<Context>(*this, name);
    state = s.get();
    connectors_[name] = std::move(s);
  }
  kWorkerHerderLog().info("{} connector {}", exists ? "Updated" : "Created", name);
  if (state->target == TargetState::kStarted) {
    StartConnectorAndTasks(*state);
  } else {
    PutConnectorStatus(name, state->target == TargetState::kPaused ? "PAUSED" : "STOPPED");
  }
  return CreateOrUpdateResult{!exists, InfoOf(*state)};
}

Result<Empty> StandaloneHerder::Persist() {
  if (store_ == nullptr) return Empty{};
  std::map<std::string, storage::StoredConnector> all = unrestored_;
  for (const auto& [name, state] : connectors_) {
    all[name] = storage::StoredConnector{state->config, TargetStateName(state->target)};
  }
  std::string error;
  if (!store_->Save(all, &error)) {
    kWorkerHerderLog().error("Saving the connector state failed: {}", error);
    return util::Internal("The change is in effect but could not be saved, and will be lost at "
                          "restart: " + error);
  }
  return Empty{};
}

void StandaloneHerder::RestoreConnectors(std::map<std::string, storage::StoredConnector> stored) {
  (void)Call<Empty>([this, stored = std::move(stored)]() -> Result<Empty> {
    for (const auto& [name, entry] : stored) {
      auto put = DoPut(name, entry.config, /*allow_replace=*/true,
                       TargetStateFromName(entry.target_state));
      if (put) {
        kWorkerHerderLog().info("Restored connector {} ({}) from {}", name, entry.target_state,
                     store_ != nullptr ? store_->path() : "");
      } else {
        kWorkerHerderLog().error("Connector {} from {} could not be recreated and is kept there unchanged: {}",
                      name, store_ != nullptr ? store_->path() : "", put.Error().message);
        unrestored_[name] = entry;
      }
    }
    return Empty{};
  });
}

void StandaloneHerder::StartConnectorAndTasks(ConnectorState& state) {
  auto started = worker_.StartConnector(state.name, state.config, *state.context);
  if (!started) {
    PutConnectorStatus(state.name, "FAILED", started.Error().message);
    return;
  }
  PutConnectorStatus(state.name, "RUNNING");
  RegenerateTasks(state, /*restart_tasks=*/false);
  if (worker_.RunningTasks(state.name).empty()) StartTasks(state);
}

void StandaloneHerder::StopConnectorAndTasks(ConnectorState& state, bool remove_task_configs) {
  worker_.StopAndAwaitTasks(worker_.RunningTasks(state.name));
  worker_.StopConnector(state.name);
  if (remove_task_configs) {
    state.task_configs.clear();
    // Tasks that no longer exist have no status (Java tombstones them), so
    // that the status never lists tasks GET .../tasks does not.
    std::lock_guard<std::mutex> lock(status_mu_);
    std::erase_if(task_status_, [&](const auto& kv) { return kv.first.connector == state.name; });
  }
}

void StandaloneHerder::RegenerateTasks(ConnectorState& state, bool restart_tasks) {
  auto configs = worker_.ConnectorTaskConfigs(state.name, state.config);
  if (!configs) {
    kWorkerHerderLog().error("[{}] Failed to generate task configs: {}", state.name,
                             configs.Error().message);
    PutConnectorStatus(state.name, "FAILED", configs.Error().message);
    return;
  }
  if (configs.Value() == state.task_configs) return;
  auto running = worker_.RunningTasks(state.name);
  worker_.StopAndAwaitTasks(running);
  {
    std::lock_guard<std::mutex> lock(status_mu_);
    std::erase_if(task_status_, [&](const auto& kv) { return kv.first.connector == state.name; });
  }
  state.task_configs = std::move(configs).Value();
  if (restart_tasks || !running.empty()) StartTasks(state);
}

void StandaloneHerder::StartTasks(ConnectorState& state) {
  for (size_t i = 0; i < state.task_configs.size(); ++i) {
    ConnectorTaskId id{state.name, static_cast<int>(i)};
    PutTaskStatus(id, "UNASSIGNED");
    auto started = worker_.StartTask(id, state.config, state.task_configs[i], *this, state.target);
    if (!started) {
      kWorkerHerderLog().error("Failed to start task {}: {}", id.ToString(),
                               started.Error().message);
      PutTaskStatus(id, "FAILED", started.Error().message);
    }
  }
}

ConnectorInfo StandaloneHerder::InfoOf(const ConnectorState& state) const {
  ConnectorInfo info;
  info.name = state.name;
  info.config = state.config;
  for (size_t i = 0; i < state.task_configs.size(); ++i) {
    info.tasks.push_back({state.name, static_cast<int>(i)});
  }
  info.type = state.is_sink ? ConnectorType::kSink : ConnectorType::kSource;
  return info;
}

// ---------------------------------------------------------- status store

void StandaloneHerder::PutConnectorStatus(const std::string& name, std::string state,
                                          std::optional<std::string> trace) {
  std::lock_guard<std::mutex> lock(status_mu_);
  connector_status_[name] = StateInfo{std::move(state), worker_.WorkerId(), std::move(trace)};
}

void StandaloneHerder::PutTaskStatus(const ConnectorTaskId& id, std::string state,
                                     std::optional<std::string> trace) {
  std::lock_guard<std::mutex> lock(status_mu_);
  task_status_[id] = StateInfo{std::move(state), worker_.WorkerId(), std::move(trace)};
}

void StandaloneHerder::OnStartup(const ConnectorTaskId& id) { PutTaskStatus(id, "RUNNING"); }
void StandaloneHerder::OnPause(const ConnectorTaskId& id) { PutTaskStatus(id, "PAUSED"); }
void StandaloneHerder::OnResume(const ConnectorTaskId& id) { PutTaskStatus(id, "RUNNING"); }
void StandaloneHerder::OnFailure(const ConnectorTaskId& id, const std::string& trace) {
  PutTaskStatus(id, "FAILED", trace);
}
void StandaloneHerder::OnTopicActive(const ConnectorTaskId& id, const std::string& topic) {
  std::lock_guard<std::mutex> lock(status_mu_);
  if (active_topics_[id.connector].insert(topic).second) {
    kWorkerHerderLog().debug("{} recorded active topic {}", id.ToString(), topic);
  }
}

void StandaloneHerder::OnShutdown(const ConnectorTaskId& id) {
  std::lock_guard<std::mutex> lock(status_mu_);
  auto it = task_status_.find(id);
  // A task being deleted or reconfigured has had its status removed already.
  if (it != task_status_.end()) it->second.state = "UNASSIGNED";
}

}  // namespace kconnect::worker::herder
