#include "connectors/file/file_stream_sink_connector.h"

#include "connectors/file/file_stream_sink_task.h"
#include "connectors/file/version.h"

namespace kconnect::file {

const ConfigDef& FileStreamSinkConnector::ConfigDefinition() {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.Define({.name = kFileConfig,
              .type = ConfigDef::Type::kString,
              .default_value = ConfigDef::Parsed{},  // null: standard output
              .importance = ConfigDef::Importance::kHigh,
              .documentation =
                  "Destination filename. If not specified, the standard output will be used"});
    return d;
  }();
  return def;
}

std::string FileStreamSinkConnector::Version() const { return kVersion; }

void FileStreamSinkConnector::Start(const Props& props) {
  const AbstractConfig config(ConfigDefinition(), props);
  props_ = props;
}

std::string FileStreamSinkConnector::TaskClass() const { return FileStreamSinkTask::kClassName; }

std::unique_ptr<Task> FileStreamSinkConnector::CreateTask() const {
  return std::make_unique<FileStreamSinkTask>();
}

std::vector<Props> FileStreamSinkConnector::TaskConfigs(int max_tasks) {
  return std::vector<Props>(max_tasks > 0 ? static_cast<size_t>(max_tasks) : 0, props_);
}

void FileStreamSinkConnector::Stop() {}

const ConfigDef& FileStreamSinkConnector::Config() const { return ConfigDefinition(); }

bool FileStreamSinkConnector::AlterOffsets(
    const Props& /*connector_config*/,
    const std::vector<std::pair<TopicPartition, std::optional<int64_t>>>& /*offsets*/) {
  // Nothing to validate: the consumer group's offsets are the only state.
  return true;
}

}  // namespace kconnect::file
