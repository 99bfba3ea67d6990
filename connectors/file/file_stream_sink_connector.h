#pragma once
// FileStreamSinkConnector: writes the value of every consumed record as one line
// of a file (or standard output) (runtime.md §9.2, Kafka's
// org.apache.kafka.connect.file.FileStreamSinkConnector).
//
// Thread-safety: as for every connector, the worker calls the lifecycle methods
// from one thread at a time; Config() and Validate() may be called from any thread.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kconnect/config_def.h"
#include "kconnect/connector.h"

namespace kconnect::file {

class FileStreamSinkConnector : public SinkConnector {
 public:
  static constexpr const char* kClassName = "org.apache.kafka.connect.file.FileStreamSinkConnector";
  static constexpr const char* kFileConfig = "file";

  // The connector's ConfigDef (file), shared with the task.
  static const ConfigDef& ConfigDefinition();

  std::string Version() const override;
  // Parses `props` with ConfigDefinition(); throws ConfigException on a bad value.
  void Start(const Props& props) override;
  std::string TaskClass() const override;
  std::unique_ptr<Task> CreateTask() const override;
  // max_tasks identical configs (the connector config): every task appends to
  // the same file.
  std::vector<Props> TaskConfigs(int max_tasks) override;
  void Stop() override;
  const ConfigDef& Config() const override;
  // Any alteration is accepted: the connector keeps no offsets of its own.
  bool AlterOffsets(
      const Props& connector_config,
      const std::vector<std::pair<TopicPartition, std::optional<int64_t>>>& offsets) override;

 private:
  Props props_;
};

}  // namespace kconnect::file
