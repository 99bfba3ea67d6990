#pragma once
// FileStreamSourceConnector: reads lines from a file (or standard input) and
// publishes each one as a record (runtime.md §9.1, Kafka's
// org.apache.kafka.connect.file.FileStreamSourceConnector).
//
// Thread-safety: as for every connector, the worker calls the lifecycle methods
// from one thread at a time; Config(), Validate(), GetExactlyOnceSupport() and
// AlterOffsets() only read immutable state and may be called from any thread.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kconnect/config_def.h"
#include "kconnect/connector.h"

namespace kconnect::file {

class FileStreamSourceConnector : public SourceConnector {
 public:
  static constexpr const char* kClassName =
      "org.apache.kafka.connect.file.FileStreamSourceConnector";
  static constexpr const char* kFileConfig = "file";
  static constexpr const char* kTopicConfig = "topic";
  static constexpr const char* kTaskBatchSizeConfig = "batch.size";
  static constexpr int32_t kDefaultTaskBatchSize = 2000;

  // Source partition / offset field names ({"filename": f} / {"position": n}).
  static constexpr const char* kFilenameField = "filename";
  static constexpr const char* kPositionField = "position";

  // The connector's ConfigDef (file, topic, batch.size), shared with the task.
  static const ConfigDef& ConfigDefinition();

  std::string Version() const override;
  // Parses `props` with ConfigDefinition(); throws ConfigException on a bad value.
  void Start(const Props& props) override;
  std::string TaskClass() const override;
  std::unique_ptr<Task> CreateTask() const override;
  // Exactly one task config (the connector config), whatever max_tasks is:
  // a single stream cannot be shared between readers.
  std::vector<Props> TaskConfigs(int max_tasks) override;
  void Stop() override;
  const ConfigDef& Config() const override;

  // kSupported iff `file` is set: stdin has no replayable offsets.
  // Throws ConfigException if `props` does not parse.
  ExactlyOnceSupport GetExactlyOnceSupport(const Props& props) const override;
  // KIP-875 validation (Kafka's FileStreamSourceConnector.alterOffsets): needs
  // `file`; each offset must be null or hold a non-negative int64 `position`;
  // each partition must hold `filename`. Throws ConnectException otherwise;
  // returns true (the worker writes the offsets; the task validates the
  // position against the file when it opens it).
  bool AlterOffsets(
      const Props& connector_config,
      const std::vector<std::pair<std::optional<OffsetMap>, std::optional<OffsetMap>>>& offsets)
      override;

 private:
  Props props_;
};

}  // namespace kconnect::file
