#include "fake_herder.h"

#include <algorithm>
#include <chrono>

namespace kconnect::worker::rest::testing {

using herder::ConnectorType;
using herder::TargetState;

std::optional<util::Error> FakeHerder::Enter() {
  std::unique_lock lock(mu_);
  ++calls_;
  if (block_next_) {
    block_next_ = false;
    blocked_ = true;
    cv_.notify_all();
    cv_.wait(lock, [this] { return released_; });
    blocked_ = false;
  }
  return fail_all_;
}

void FakeHerder::AddConnector(const std::string& name, Props config, TargetState target) {
  std::lock_guard lock(mu_);
  Connector c;
  config["name"] = name;
  c.config = std::move(config);
  c.target = target;
  c.tasks = target == TargetState::kStarted
                ? (c.config.count("tasks.max") ? std::stoi(c.config["tasks.max"]) : 1)
                : 0;
  c.failed = c.config.count("fail") > 0;
  connectors_[name] = std::move(c);
}

ConnectorType FakeHerder::TypeOf(const Props& config) const {
  auto it = config.find("connector.class");
  if (it == config.end()) return ConnectorType::kUnknown;
  return it->second.find("Sink") != std::string::npos ? ConnectorType::kSink
                                                       : ConnectorType::kSource;
}

herder::ConnectorStateInfo FakeHerder::StatusOf(const std::string& name,
                                                const Connector& c) const {
  herder::ConnectorStateInfo info;
  info.name = name;
  info.type = TypeOf(c.config);
  info.connector.worker_id = "127.0.0.1:8083";
  switch (c.target) {
    case TargetState::kStarted: info.connector.state = "RUNNING"; break;
    case TargetState::kPaused: info.connector.state = "PAUSED"; break;
    case TargetState::kStopped: info.connector.state = "STOPPED"; break;
  }
  if (c.failed) {
    info.connector.state = "FAILED";
    info.connector.trace = "java.lang.RuntimeException: boom\n\tat Somewhere";
  }
  for (int t = 0; t < c.tasks; ++t) {
    herder::TaskStateInfo task;
    task.id = t;
    task.state.state = c.target == TargetState::kPaused ? "PAUSED" : "RUNNING";
    task.state.worker_id = "127.0.0.1:8083";
    if (c.failed && t == 0) {
      task.state.state = "FAILED";
      task.state.trace = "task trace";
    }
    info.tasks.push_back(task);
  }
  return info;
}

Result<std::vector<std::string>> FakeHerder::Connectors() {
  if (auto e = Enter()) return *e;
  std::lock_guard lock(mu_);
  std::vector<std::string> names;
  for (const auto& [name, c] : connectors_) names.push_back(name);
  names.insert(names.end(), phantoms_.begin(), phantoms_.end());
  return names;
}

Result<herder::ConnectorInfo> FakeHerder::GetConnectorInfo(const std::string& name) {
  if (auto e = Enter()) return *e;
  std::lock_guard lock(mu_);
  auto it = connectors_.find(name);
  if (it == connectors_.end()) return util::NotFound("Connector " + name + " not found");
  herder::ConnectorInfo info;
  info.name = name;
  info.config = it->second.config;
  info.type = TypeOf(it->second.config);
  for (int t = 0; t < it->second.tasks; ++t) info.tasks.push_back({name, t});
  return info;
}

Result<Props> FakeHerder::ConnectorConfig(const std::string& name) {
  if (auto e = Enter()) return *e;
  std::lock_guard lock(mu_);
  auto it = connectors_.find(name);
  if (it == connectors_.end()) return util::NotFound("Connector " + name + " not found");
  return it->second.config;
}

Result<herder::ConnectorInfo> FakeHerder::PatchConnectorConfig(const std::string& name,
                                                               const herder::ConfigPatch& patch) {
  Props merged;
  {
    std::lock_guard lock(mu_);
    auto it = connectors_.find(name);
    if (it == connectors_.end()) return util::NotFound("Connector " + name + " not found");
    merged = herder::PatchConfig(it->second.config, patch);
  }
  auto put = PutConnectorConfig(name, merged, /*allow_replace=*/true, std::nullopt);
  if (!put) return put.Error();
  return put->info;
}

FakeHerder::FakeHerder()
    : loggers_(std::make_shared<spdlog::logger>("fake-root"), [this] { return now_ms_.load(); }) {}

Result<std::vector<std::string>> FakeHerder::ConnectorActiveTopics(const std::string& name) {
  if (auto e = Enter()) return *e;
  std::lock_guard lock(mu_);
  if (auto refused = herder::TopicTrackingRefusal(topic_tracking_, false)) return *refused;
  auto it = active_topics_.find(name);
  return it == active_topics_.end() ? std::vector<std::string>{} : it->second;
}

Result<Empty> FakeHerder::ResetConnectorActiveTopics(const std::string& name) {
  if (auto e = Enter()) return *e;
  std::lock_guard lock(mu_);
  if (auto refused = herder::TopicTrackingRefusal(topic_tracking_, true)) return *refused;
  active_topics_.erase(name);
  return Empty{};
}

void FakeHerder::SetTopicTracking(herder::TopicTrackingSettings settings) {
  std::lock_guard lock(mu_);
  topic_tracking_ = settings;
}

void FakeHerder::SetActiveTopics(const std::string& name, std::vector<std::string> topics) {
  std::lock_guard lock(mu_);
  active_topics_[name] = std::move(topics);
}

std::map<std::string, herder::LoggerLevel> FakeHerder::AllLoggerLevels() {
  return loggers_.AllLevels();
}

std::optional<herder::LoggerLevel> FakeHerder::GetLoggerLevel(const std::string& logger) {
  return loggers_.GetLevel(logger);
}

std::vector<std::string> FakeHerder::SetWorkerLoggerLevel(const std::string& ns,
                                                          herder::LogLevel level) {
  return loggers_.SetLevel(ns, level);
}

Result<Empty> FakeHerder::SetClusterLoggerLevel(const std::string& ns, herder::LogLevel level) {
  if (auto e = Enter()) return *e;
  {
    std::lock_guard lock(mu_);
    cluster_logger_calls_.push_back(ns);
  }
  loggers_.SetLevel(ns, level);
  return Empty{};
}

std::vector<std::string> FakeHerder::ClusterLoggerCalls() {
  std::lock_guard lock(mu_);
  return cluster_logger_calls_;
}

herder::HealthStatus FakeHerder::HealthCheck(std::chrono::milliseconds) {
  if (auto e = Enter()) return {herder::HealthStatus::State::kUnhealthy, e->message};
  std::lock_guard lock(mu_);
  return health_;
}

void FakeHerder::SetHealth(herder::HealthStatus health) {
  std::lock_guard lock(mu_);
  health_ = std::move(health);
}

Result<herder::CreateOrUpdateResult> FakeHerder::PutConnectorConfig(
    const std::string& name, const Props& config, bool allow_replace,
    std::optional<TargetState> initial_state) {
  if (auto e = Enter()) return *e;
  {
    std::lock_guard lock(mu_);
    put_calls_.push_back({name, config, allow_replace, initial_state});
    if (!config.count("connector.class")) {
      return util::BadRequest("Connector config {name=" + name + "} contains no connector type");
    }
    if (config.at("connector.class") == "Unknown") {
      return util::Internal(
          "Failed to find any class that implements Connector and which name matches Unknown");
    }
    if (name.empty()) {
      return util::BadRequest(
          "Connector configuration is invalid and contains the following 1 error(s):\n"
          "Invalid value  for configuration name: String may not be empty\n"
          "You can also find the above list of errors at the endpoint "
          "`/connector-plugins/{connectorType}/config/validate`");
    }
    if (connectors_.count(name) && !allow_replace) {
      return util::Conflict("Connector " + name + " already exists");
    }
  }
  bool created = false;
  {
    std::lock_guard lock(mu_);
    created = connectors_.count(name) == 0;
  }
  TargetState target = TargetState::kStarted;
  if (!created) {
    std::lock_guard lock(mu_);
    target = connectors_[name].target;
  } else if (initial_state) {
    target = *initial_state;
  }
  AddConnector(name, config, target);
  herder::CreateOrUpdateResult result;
  result.created = created;
  std::lock_guard lock(mu_);
  result.info.name = name;
  result.info.config = connectors_[name].config;
  result.info.type = TypeOf(config);
  for (int t = 0; t < connectors_[name].tasks; ++t) result.info.tasks.push_back({name, t});
  return result;
}

Result<Empty> FakeHerder::DeleteConnector(const std::string& name) {
  if (auto e = Enter()) return *e;
  std::lock_guard lock(mu_);
  if (connectors_.erase(name) == 0) return util::NotFound("Connector " + name + " not found");
  return Empty{};
}

Result<herder::ConnectorStateInfo> FakeHerder::ConnectorStatus(const std::string& name) {
  if (auto e = Enter()) return *e;
  std::lock_guard lock(mu_);
  auto it = connectors_.find(name);
  if (it == connectors_.end()) return util::NotFound("No status found for connector " + name);
  return StatusOf(name, it->second);
}

Result<herder::TaskStateInfo> FakeHerder::TaskStatus(const std::string& name, int task) {
  if (auto e = Enter()) return *e;
  std::lock_guard lock(mu_);
  auto it = connectors_.find(name);
  if (it == connectors_.end() || task < 0 || task >= it->second.tasks) {
    return util::NotFound("No status found for task " + name + "-" + std::to_string(task));
  }
  return StatusOf(name, it->second).tasks[task];
}

Result<std::vector<herder::TaskInfo>> FakeHerder::TaskConfigs(const std::string& name) {
  if (auto e = Enter()) return *e;
  std::lock_guard lock(mu_);
  auto it = connectors_.find(name);
  if (it == connectors_.end()) return util::NotFound("Connector " + name + " not found");
  std::vector<herder::TaskInfo> tasks;
  for (int t = 0; t < it->second.tasks; ++t) {
    herder::TaskInfo info;
    info.id = {name, t};
    info.config = it->second.config;
    info.config["task.class"] = it->second.config["connector.class"] + "Task";
    tasks.push_back(std::move(info));
  }
  return tasks;
}

Result<Empty> FakeHerder::PauseConnector(const std::string& name) {
  if (auto e = Enter()) return *e;
  std::lock_guard lock(mu_);
  auto it = connectors_.find(name);
  if (it == connectors_.end()) return util::NotFound("Unknown connector " + name);
  it->second.target = TargetState::kPaused;
  return Empty{};
}

Result<Empty> FakeHerder::ResumeConnector(const std::string& name) {
  if (auto e = Enter()) return *e;
  std::lock_guard lock(mu_);
  auto it = connectors_.find(name);
  if (it == connectors_.end()) return util::NotFound("Unknown connector " + name);
  if (it->second.target == TargetState::kStopped) {
    it->second.tasks =
        it->second.config.count("tasks.max") ? std::stoi(it->second.config["tasks.max"]) : 1;
  }
  it->second.target = TargetState::kStarted;
  return Empty{};
}

Result<Empty> FakeHerder::StopConnector(const std::string& name) {
  if (auto e = Enter()) return *e;
  std::lock_guard lock(mu_);
  auto it = connectors_.find(name);
  if (it == connectors_.end()) return util::NotFound("Unknown connector " + name);
  it->second.target = TargetState::kStopped;
  it->second.tasks = 0;
  return Empty{};
}

Result<Empty> FakeHerder::RestartConnector(const std::string& name) {
  if (auto e = Enter()) return *e;
  std::lock_guard lock(mu_);
  if (!connectors_.count(name)) return util::NotFound("Connector " + name + " not found");
  restarts_.push_back(name);
  return Empty{};
}

Result<herder::ConnectorStateInfo> FakeHerder::RestartConnectorAndTasks(const std::string& name,
                                                                        bool include_tasks,
                                                                        bool only_failed) {
  if (auto e = Enter()) return *e;
  std::lock_guard lock(mu_);
  auto it = connectors_.find(name);
  if (it == connectors_.end()) return util::NotFound("Unknown connector: " + name);
  herder::ConnectorStateInfo plan = StatusOf(name, it->second);
  if (!only_failed || plan.connector.state == "FAILED") plan.connector.state = "RESTARTING";
  for (auto& t : plan.tasks) {
    if (include_tasks && (!only_failed || t.state.state == "FAILED")) t.state.state = "RESTARTING";
  }
  restarts_.push_back(name + (include_tasks ? "+tasks" : "") + (only_failed ? "+onlyFailed" : ""));
  return plan;
}

Result<Empty> FakeHerder::RestartTask(const std::string& name, int task) {
  if (auto e = Enter()) return *e;
  std::lock_guard lock(mu_);
  auto it = connectors_.find(name);
  if (it == connectors_.end()) return util::NotFound("Unknown connector: " + name);
  if (task < 0 || task >= it->second.tasks) {
    return util::NotFound("Task " + name + "-" + std::to_string(task) + " not found");
  }
  restarts_.push_back(name + "-" + std::to_string(task));
  return Empty{};
}

Result<herder::ConfigInfos> FakeHerder::ValidateConnectorConfig(const Props& config) {
  if (auto e = Enter()) return *e;
  if (!config.count("connector.class")) {
    return util::Internal(
        "org.apache.kafka.connect.runtime.rest.errors.BadRequestException: Connector config " +
        std::string("{}") + " contains no connector type");
  }
  // One required key "name" and one PASSWORD key "secret".
  herder::ConfigInfos infos;
  infos.name = config.at("connector.class");
  infos.groups = {"Common"};
  herder::ConfigKeyInfo name_key{"name", "STRING", true, std::nullopt, "HIGH", "Name",
                                 "Common", "MEDIUM", "Connector name", {}, 1};
  herder::ConfigValueInfo name_value{"name", std::nullopt, {}, {}, true};
  if (config.count("name")) {
    name_value.value = config.at("name");
  } else {
    name_value.errors.push_back("Missing required configuration \"name\" which has no default value.");
    infos.error_count = 1;
  }
  herder::ConfigKeyInfo secret_key{"secret", "PASSWORD", false, std::string("[hidden]"), "LOW", "",
                                   std::nullopt, "NONE", "secret", {}, -1};
  herder::ConfigValueInfo secret_value{"secret", std::string("[hidden]"), {}, {}, true};
  infos.configs.push_back({name_key, name_value});
  infos.configs.push_back({secret_key, secret_value});
  return infos;
}

Result<std::vector<herder::ConfigKeyInfo>> FakeHerder::ConnectorPluginConfig(
    const std::string& plugin) {
  if (auto e = Enter()) return *e;
  if (plugin != "FileStreamSource") return util::NotFound("Unknown plugin " + plugin + ".");
  return std::vector<herder::ConfigKeyInfo>{
      {"file", "STRING", false, std::nullopt, "HIGH", "Source filename.", std::nullopt, "NONE",
       "file", {}, -1}};
}

std::vector<herder::PluginDesc> FakeHerder::ConnectorPlugins(bool connectors_only) {
  (void)Enter();
  std::vector<herder::PluginDesc> plugins = {
      {"org.apache.kafka.connect.file.FileStreamSinkConnector", "sink", "3.9.0"},
      {"org.apache.kafka.connect.file.FileStreamSourceConnector", "source", "3.9.0"},
  };
  if (!connectors_only) {
    plugins.push_back({"org.apache.kafka.connect.json.JsonConverter", "converter", "3.9.0"});
    plugins.push_back({"org.apache.kafka.connect.transforms.Filter", "transformation", ""});
  }
  return plugins;
}

std::vector<FakeHerder::PutCall> FakeHerder::PutCalls() {
  std::lock_guard lock(mu_);
  return put_calls_;
}

std::vector<std::string> FakeHerder::Restarts() {
  std::lock_guard lock(mu_);
  return restarts_;
}

void FakeHerder::AddPhantom(const std::string& name) {
  std::lock_guard lock(mu_);
  phantoms_.push_back(name);
}

void FakeHerder::FailEverything(std::optional<util::Error> error) {
  std::lock_guard lock(mu_);
  fail_all_ = std::move(error);
}

void FakeHerder::BlockNextCall() {
  std::lock_guard lock(mu_);
  block_next_ = true;
  released_ = false;
}

bool FakeHerder::WaitUntilBlocked(int timeout_ms) {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [this] { return blocked_; });
}

void FakeHerder::Release() {
  std::lock_guard lock(mu_);
  released_ = true;
  cv_.notify_all();
}

int FakeHerder::CallCount() {
  std::lock_guard lock(mu_);
  return calls_;
}

}  // namespace kconnect::worker::rest::testing
