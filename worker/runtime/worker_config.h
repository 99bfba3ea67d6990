#pragma once
// Worker configuration (WorkerConfig + StandaloneConfig, runtime.md §1).
// Parsing validates every key; a bad value stops start-up with Java's
// ConfigException text naming the key.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kconnect/config_def.h"

namespace kconnect::worker::runtime {

// Keys common to standalone and distributed workers.
const ConfigDef& WorkerConfigDef();
// WorkerConfigDef plus offset.storage.file.filename (required).
const ConfigDef& StandaloneConfigDef();

class WorkerConfig {
 public:
  // Throws kconnect::ConfigException on an invalid or missing value.
  WorkerConfig(const ConfigDef& def, Props originals);

  const Props& Originals() const { return config_.Originals(); }
  const AbstractConfig& Config() const { return config_; }

  std::string BootstrapServers() const;  // comma-joined
  std::string KeyConverter() const { return *config_.GetString("key.converter"); }
  std::string ValueConverter() const { return *config_.GetString("value.converter"); }
  std::string HeaderConverter() const { return *config_.GetString("header.converter"); }
  int64_t OffsetFlushIntervalMs() const { return config_.GetLong("offset.flush.interval.ms"); }
  int64_t OffsetFlushTimeoutMs() const { return config_.GetLong("offset.flush.timeout.ms"); }
  int64_t TaskShutdownTimeoutMs() const {
    return config_.GetLong("task.shutdown.graceful.timeout.ms");
  }
  // KIP-558: whether tasks record the topics they use, and whether REST may
  // reset what was recorded.
  bool TopicTrackingEnabled() const { return config_.GetBoolean("topic.tracking.enable"); }
  bool TopicTrackingAllowReset() const { return config_.GetBoolean("topic.tracking.allow.reset"); }
  std::vector<std::string> PluginPath() const { return config_.GetList("plugin.path"); }
  std::vector<std::string> Listeners() const { return config_.GetList("listeners"); }
  // nullopt when unset (the logger endpoints are on `listeners`).
  std::optional<std::vector<std::string>> AdminListeners() const;
  std::optional<std::string> AdvertisedHost() const {
    return config_.GetString("rest.advertised.host.name");
  }
  std::optional<int32_t> AdvertisedPort() const;
  std::optional<std::string> AdvertisedListener() const {
    return config_.GetString("rest.advertised.listener");
  }
  std::string AllowedOrigins() const { return *config_.GetString("access.control.allow.origin"); }
  std::string AllowedMethods() const { return *config_.GetString("access.control.allow.methods"); }
  std::string ResponseHeaders() const { return *config_.GetString("response.http.headers.config"); }
  // Standalone only.
  std::string OffsetStorageFile() const { return *config_.GetString("offset.storage.file.filename"); }
  // Standalone only: where connectors and their target states are kept;
  // nullopt when configured empty (memory only).
  std::optional<std::string> ConnectorStateFile() const;

 private:
  AbstractConfig config_;
};

}  // namespace kconnect::worker::runtime
