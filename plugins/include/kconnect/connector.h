#pragma once
// Connector API (org.apache.kafka.connect.connector.Connector and
// source/SourceConnector, sink/SinkConnector).
//
// Lifecycle, driven by the worker on the connector's own thread:
//   Initialize(ctx) once; Start(props) on every transition to STARTED;
//   TaskConfigs(max) whenever tasks are (re)generated; Stop() on pause, stop,
//   delete and shutdown. Validate() and Config() may be called on any thread on
//   a fresh instance that was never started.
// Ownership: the worker owns connector instances; the context outlives them.

#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kconnect/config_def.h"
#include "kconnect/records.h"

// SDK types keep default visibility even when the including code is built with
// -fvisibility=hidden: the SDK library exports them, and plugins and the worker
// share one identity for their type_info (exceptions, dynamic_cast).
#pragma GCC visibility push(default)
namespace kconnect {

class Task;
class OffsetStorageReader;

// Callbacks from a connector into the worker. Thread-safe.
class ConnectorContext {
 public:
  virtual ~ConnectorContext() = default;
  // The connector's inputs changed: the worker calls TaskConfigs() again and
  // restarts tasks if the configs differ.
  virtual void RequestTaskReconfiguration() = 0;
  // Fails the connector with this error (it shows as FAILED with a trace).
  virtual void RaiseError(const std::exception& error) = 0;
};

class SourceConnectorContext : public ConnectorContext {
 public:
  // Reads committed source offsets of this connector. Valid for the context's life.
  virtual OffsetStorageReader& GetOffsetStorageReader() = 0;
};

class SinkConnectorContext : public ConnectorContext {};

class Connector {
 public:
  virtual ~Connector() = default;

  // The plugin's version string, shown by GET /connector-plugins.
  virtual std::string Version() const = 0;
  // Called once, before Start. The default keeps the context for Context().
  virtual void Initialize(ConnectorContext& context) { context_ = &context; }
  // Starts with the connector config (already validated). May throw.
  virtual void Start(const Props& props) = 0;
  // Re-configures a running connector; the default is Stop() then Start().
  virtual void Reconfigure(const Props& props) {
    Stop();
    Start(props);
  }
  // Fully-qualified name of the task class, stored in each task config as
  // `task.class` (runtime.md §2.7).
  virtual std::string TaskClass() const = 0;
  // Creates a new, uninitialised task instance (replaces Java's reflection on
  // taskClass()). Ownership passes to the caller.
  virtual std::unique_ptr<Task> CreateTask() const = 0;
  // At most max_tasks task configurations.
  virtual std::vector<Props> TaskConfigs(int max_tasks) = 0;
  virtual void Stop() = 0;
  // The connector's own config definition.
  virtual const ConfigDef& Config() const = 0;
  // Per-key validation; the default runs Config().Validate(props).
  virtual std::vector<ConfigDef::ConfigValue> Validate(const Props& props) const {
    return Config().Validate(props);
  }

 protected:
  ConnectorContext* Context() const { return context_; }

 private:
  ConnectorContext* context_ = nullptr;
};

enum class ExactlyOnceSupport { kUnknown, kSupported, kUnsupported };
enum class ConnectorTransactionBoundaries { kUnsupported, kSupported };

class SourceConnector : public Connector {
 public:
  virtual ExactlyOnceSupport GetExactlyOnceSupport(const Props& /*props*/) const {
    return ExactlyOnceSupport::kUnknown;
  }
  virtual ConnectorTransactionBoundaries CanDefineTransactionBoundaries(
      const Props& /*props*/) const {
    return ConnectorTransactionBoundaries::kUnsupported;
  }
  // KIP-875: validates/handles an offsets alteration. nullopt offset = reset.
  // Returns true if the connector handled it; may throw ConnectException to
  // reject it. The default returns false (the worker alters offsets itself).
  virtual bool AlterOffsets(
      const Props& /*connector_config*/,
      const std::vector<std::pair<std::optional<OffsetMap>, std::optional<OffsetMap>>>& /*offsets*/) {
    return false;
  }
  SourceConnectorContext* SourceContext() const {
    return static_cast<SourceConnectorContext*>(Context());
  }
};

class SinkConnector : public Connector {
 public:
  // Config key holding the topics list (SinkConnector.TOPICS_CONFIG).
  static constexpr const char* kTopicsConfig = "topics";
  virtual bool AlterOffsets(const Props& /*connector_config*/,
                            const std::vector<std::pair<TopicPartition, std::optional<int64_t>>>&
                            /*offsets*/) {
    return false;
  }
};

}  // namespace kconnect
#pragma GCC visibility pop
