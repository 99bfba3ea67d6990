#include "worker/runtime/worker.h"

#include <chrono>

#include "common/logging/logger_registry.h"
#include "kconnect/errors.h"
#include "kconnect/task.h"
#include "worker/runtime/connector_config.h"
#include "worker/runtime/converters/builtin_converters.h"
#include "worker/runtime/worker_sink_task.h"
#include "worker/runtime/worker_source_task.h"
#include "worker/util/properties.h"

namespace kconnect::worker::runtime {

using common::logging::kWorkerRuntimeLog;

void RegisterBuiltinPlugins(plugins::PluginRegistry& registry) {
  for (const auto& c : BuiltinConverters()) {
    if (c.is_converter) {
      auto make = c.new_converter;
      registry.RegisterBuiltin(plugins::PluginKind::kConverter, c.class_name,
                               kBuiltinPluginVersion, [make]() -> void* {
                                 return static_cast<kconnect::Converter*>(make().release());
                               });
    }
    if (c.is_header_converter) {
      auto make = c.new_header_converter;
      registry.RegisterBuiltin(plugins::PluginKind::kHeaderConverter, c.class_name,
                               kBuiltinPluginVersion, [make]() -> void* {
                                 return static_cast<kconnect::HeaderConverter*>(make().release());
                               });
    }
  }
}

namespace {
std::string ErrorText(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    return ex.what();
  } catch (...) {
    return "unknown error";
  }
}

void Overlay(kafka::ClientProps& into, const Props& from) {
  for (const auto& [k, v] : from) into[k] = v;
}
}  // namespace

Worker::Worker(std::string worker_id, const WorkerConfig& config, plugins::PluginRegistry& plugins,
               storage::OffsetBackingStore& offsets)
    : worker_id_(std::move(worker_id)), config_(config), plugins_(plugins), offsets_(offsets) {}

Worker::~Worker() {
  StopAndAwaitTasks(AllRunningTasks());
  for (auto& [name, c] : connectors_) {
    try {
      c->Stop();
    } catch (...) {
    }
  }
}

util::Result<bool> Worker::IsSinkConnector(const std::string& connector_class) const {
  auto info = plugins_.ResolveConnector(connector_class);
  if (!info) return info.Error();
  return info->kind == plugins::PluginKind::kSink;
}

util::Result<util::Empty> Worker::StartConnector(const std::string& name, const Props& config,
                                                 kconnect::ConnectorContext& context) {
  auto connector = NewConnectorFor(config);
  if (!connector) return connector.Error();
  auto instance = std::move(connector).Value();
  try {
    instance->Initialize(context);
    instance->Start(config);
  } catch (...) {
    auto trace = DescribeException(std::current_exception(), "connector " + name + " start");
    kWorkerRuntimeLog().error("[{}] Failed to start connector: {}", name, trace);
    return util::Internal(trace);
  }
  kWorkerRuntimeLog().info("Finished creating connector {}", name);
  connectors_[name] = std::move(instance);
  return util::Empty{};
}

void Worker::StopConnector(const std::string& name) {
  auto it = connectors_.find(name);
  if (it == connectors_.end()) return;
  try {
    it->second->Stop();
  } catch (...) {
    kWorkerRuntimeLog().error("[{}] Error while stopping connector: {}", name,
                              DescribeException(std::current_exception(), "Connector::Stop"));
  }
  connectors_.erase(it);
  kWorkerRuntimeLog().info("Stopped connector {}", name);
}

util::Result<std::vector<Props>> Worker::ConnectorTaskConfigs(const std::string& name,
                                                              const Props& connector_config) {
  auto it = connectors_.find(name);
  if (it == connectors_.end()) return util::NotFound("Connector " + name + " not found");
  kconnect::Connector& connector = *it->second;
  int max_tasks = 1;
  bool enforce = true;
  try {
    AbstractConfig parsed(CommonConnectorConfigDef(), connector_config);
    max_tasks = parsed.GetInt(kTasksMaxConfig);
    enforce = parsed.GetBoolean("tasks.max.enforce");
  } catch (const std::exception& e) {
    return util::BadRequest(e.what());
  }
  std::vector<Props> configs;
  std::string task_class;
  try {
    configs = connector.TaskConfigs(max_tasks);
    task_class = connector.TaskClass();
  } catch (...) {
    return util::Internal(DescribeException(std::current_exception(), "Connector::TaskConfigs"));
  }
  if (enforce && static_cast<int>(configs.size()) > max_tasks) {
    return util::Internal("The connector " + name + " has generated " +
                          std::to_string(configs.size()) +
                          " tasks, which is greater than " + std::to_string(max_tasks) +
                          ", the maximum number of tasks it is configured to create. This "
                          "behaviour should be considered a bug and is disallowed. If necessary, "
                          "it can be permitted by reconfiguring the connector with "
                          "'tasks.max.enforce' set to false; however, this option will be "
                          "removed in a future release of Kafka Connect.");
  }
  for (auto& c : configs) {
    c[kTaskClassConfig] = task_class;
    for (const char* k : {"topics", "topics.regex"}) {
      auto t = connector_config.find(k);
      if (t != connector_config.end()) c[k] = t->second;
    }
  }
  return configs;
}

kafka::ClientProps Worker::ProducerProps(const ConnectorTaskId& id,
                                         const Props& connector_config) const {
  // Java's forced defaults (Worker.baseProducerConfigs), in librdkafka terms:
  // acks=all, one request in flight, no idempotence, unbounded delivery time,
  // and Java's murmur2 partitioning so keyed records land where Java puts them.
  kafka::ClientProps props = {
      {"bootstrap.servers", config_.BootstrapServers()},
      {"acks", "all"},
      {"max.in.flight.requests.per.connection", "1"},
      {"enable.idempotence", "false"},
      {"message.timeout.ms", "0"},
      {"partitioner", "murmur2_random"},
      {"client.id", "connector-producer-" + id.connector + "-" + std::to_string(id.task)},
      {"log_level", "4"},
  };
  Overlay(props, util::StripPrefix(config_.Originals(), "producer."));
  Overlay(props, util::StripPrefix(connector_config, "producer.override."));
  return props;
}

kafka::ClientProps Worker::ConsumerProps(const ConnectorTaskId& id,
                                         const Props& connector_config) const {
  kafka::ClientProps props = {
      {"bootstrap.servers", config_.BootstrapServers()},
      {"group.id", "connect-" + id.connector},
      {"client.id", "connector-consumer-" + id.connector + "-" + std::to_string(id.task)},
      {"enable.auto.commit", "false"},
      {"auto.offset.reset", "earliest"},
      {"log_level", "4"},
  };
  Overlay(props, util::StripPrefix(config_.Originals(), "consumer."));
  Overlay(props, util::StripPrefix(connector_config, "consumer.override."));
  return props;
}

kafka::ClientProps Worker::AdminProps(const std::string& connector,
                                      const Props& connector_config) const {
  kafka::ClientProps props = {
      {"bootstrap.servers", config_.BootstrapServers()},
      {"client.id", "connector-worker-adminclient-" + connector},
      {"log_level", "4"},
  };
  // Java gives this admin client every unprefixed worker setting (runtime.md
  // §1.5); of those, librdkafka shares only the connection's security ones,
  // and the rest (converters, listeners, ...) would only draw warnings.
  for (const auto& [key, value] : config_.Originals()) {
    if (key == "security.protocol" || key.rfind("sasl.", 0) == 0 || key.rfind("ssl.", 0) == 0) {
      props[key] = value;
    }
  }
  Overlay(props, util::StripPrefix(config_.Originals(), "admin."));
  Overlay(props, util::StripPrefix(connector_config, "admin.override."));
  return props;
}

std::string Worker::SinkGroupId(const std::string& connector, const Props& connector_config) const {
  return ConsumerProps({connector, 0}, connector_config).at("group.id");
}

util::Result<std::unique_ptr<kconnect::Converter>> Worker::MakeConverter(
    const Props& connector_config, const std::string& which, bool is_key) const {
  // A connector-level converter is configured only with the connector's
  // prefixed settings; otherwise the worker's (runtime.md §2.3).
  const std::string key = which + ".converter";
  const Props* source = &config_.Originals();
  auto it = connector_config.find(key);
  if (it != connector_config.end() && !it->second.empty()) source = &connector_config;
  const std::string& cls = source->at(key);
  auto converter = plugins_.NewConverter(cls);
  if (!converter) return converter.Error();
  Props settings = util::StripPrefix(*source, key + ".");
  settings["converter.type"] = which;
  try {
    converter.Value()->Configure(settings, is_key);
  } catch (...) {
    return util::Internal("Failed to configure " + key + " " + cls + ": " +
                          ErrorText(std::current_exception()));
  }
  return converter;
}

util::Result<Worker::ConverterSet> Worker::MakeConverters(const Props& connector_config) const {
  ConverterSet set;
  auto key = MakeConverter(connector_config, "key", true);
  if (!key) return key.Error();
  auto value = MakeConverter(connector_config, "value", false);
  if (!value) return value.Error();
  const Props* source = &config_.Originals();
  auto it = connector_config.find("header.converter");
  if (it != connector_config.end() && !it->second.empty()) source = &connector_config;
  std::string cls = source->count("header.converter") ? source->at("header.converter")
                                                      : config_.HeaderConverter();
  auto header = plugins_.NewHeaderConverter(cls);
  if (!header) return header.Error();
  Props settings = util::StripPrefix(*source, "header.converter.");
  settings["converter.type"] = "header";
  try {
    header.Value()->Configure(settings);
  } catch (...) {
    return util::Internal("Failed to configure header.converter " + cls + ": " +
                          ErrorText(std::current_exception()));
  }
  set.key = std::move(key).Value();
  set.value = std::move(value).Value();
  set.header = std::move(header).Value();
  return set;
}

util::Result<util::Empty> Worker::StartTask(const ConnectorTaskId& id,
                                            const Props& connector_config,
                                            const Props& task_config,
                                            TaskStatusListener& listener,
                                            TargetState initial_state) {
  kWorkerRuntimeLog().info("Creating task {}", id.ToString());
  auto cls = connector_config.find(kConnectorClassConfig);
  if (cls == connector_config.end()) return util::Internal("Connector config has no class");
  auto connector = plugins_.NewConnector(cls->second);
  if (!connector) return connector.Error();
  auto info = plugins_.ResolveConnector(cls->second);
  if (!info) return info.Error();
  std::unique_ptr<kconnect::Task> task;
  try {
    task = connector.Value()->CreateTask();
  } catch (...) {
    return util::Internal(DescribeException(std::current_exception(), "Connector::CreateTask"));
  }
  if (!task) return util::Internal("Connector " + cls->second + " created no task instance");
  auto converters = MakeConverters(connector_config);
  if (!converters) return converters.Error();
  auto& conv = converters.Value();

  std::unique_ptr<WorkerTask> worker_task;
  if (info->kind == plugins::PluginKind::kSink) {
    auto* sink = dynamic_cast<kconnect::SinkTask*>(task.get());
    if (sink == nullptr) return util::Internal("Task of sink connector " + cls->second + " is not a SinkTask");
    (void)task.release();
    SinkTaskSettings settings;
    settings.consumer_props = ConsumerProps(id, connector_config);
    settings.offset_flush_interval = std::chrono::milliseconds(config_.OffsetFlushIntervalMs());
    settings.offset_flush_timeout = std::chrono::milliseconds(config_.OffsetFlushTimeoutMs());
    settings.topic_tracking = config_.TopicTrackingEnabled();
    settings.topics = SinkTopics(task_config);
    auto re = task_config.find("topics.regex");
    if (re != task_config.end()) settings.topics_regex = re->second;
    worker_task = std::make_unique<WorkerSinkTask>(
        id, std::unique_ptr<kconnect::SinkTask>(sink), task_config, std::move(conv.key),
        std::move(conv.value), std::move(conv.header), std::move(settings), listener,
        initial_state);
  } else {
    auto* source = dynamic_cast<kconnect::SourceTask*>(task.get());
    if (source == nullptr) return util::Internal("Task of source connector " + cls->second + " is not a SourceTask");
    (void)task.release();
    SourceTaskSettings settings;
    settings.producer_props = ProducerProps(id, connector_config);
    settings.offset_flush_interval = std::chrono::milliseconds(config_.OffsetFlushIntervalMs());
    settings.offset_flush_timeout = std::chrono::milliseconds(config_.OffsetFlushTimeoutMs());
    settings.topic_tracking = config_.TopicTrackingEnabled();
    worker_task = std::make_unique<WorkerSourceTask>(
        id, std::unique_ptr<kconnect::SourceTask>(source), task_config, std::move(conv.key),
        std::move(conv.value), std::move(conv.header), offsets_, std::move(settings), listener,
        initial_state);
  }
  worker_task->Start();
  tasks_[id] = std::move(worker_task);
  return util::Empty{};
}

void Worker::StopAndAwaitTasks(const std::vector<ConnectorTaskId>& ids) {
  for (const auto& id : ids) {
    auto it = tasks_.find(id);
    if (it != tasks_.end()) it->second->Stop();
  }
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::milliseconds(config_.TaskShutdownTimeoutMs());
  for (const auto& id : ids) {
    auto it = tasks_.find(id);
    if (it == tasks_.end()) continue;
    auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (!it->second->AwaitStop(std::max(remaining, std::chrono::milliseconds(0)))) {
      kWorkerRuntimeLog().error("Graceful stop of task {} failed.", id.ToString());
      // The task's destructor still joins its thread: a task object must not
      // outlive its thread, and the plugin code must not be running when the
      // instance is destroyed.
    }
    tasks_.erase(it);
  }
}

void Worker::SetTaskTargetState(const ConnectorTaskId& id, TargetState state) {
  auto it = tasks_.find(id);
  if (it != tasks_.end()) it->second->Transition(state);
}

std::vector<ConnectorTaskId> Worker::RunningTasks(const std::string& connector) const {
  std::vector<ConnectorTaskId> out;
  for (const auto& [id, t] : tasks_) {
    if (id.connector == connector) out.push_back(id);
  }
  return out;
}

std::vector<ConnectorTaskId> Worker::AllRunningTasks() const {
  std::vector<ConnectorTaskId> out;
  for (const auto& [id, t] : tasks_) out.push_back(id);
  return out;
}

}  // namespace kconnect::worker::runtime
