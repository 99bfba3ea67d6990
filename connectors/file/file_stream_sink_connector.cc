#include "connectors/file/file_stream_sink_connector.h"

#include <utility>

#include "connectors/file/file_stream_sink_task.h"
#include "connectors/file/version.h"

namespace kconnect::file {

const ConfigDef& FileStreamSinkConnector::ConfigDefinition() {
  static const ConfigDef def = [] {
    // Filled in field by field, as in FileStreamSourceConnector (GCC 12 false
    // -Wmaybe-uninitialized with designated initializers).
    ConfigDef d;
    ConfigDef::ConfigKey file;
    file.name = kFileConfig;
    file.type = ConfigDef::Type::kString;
    file.default_value.emplace();  // null (monostate): standard output
    file.importance = ConfigDef::Importance::kHigh;
    file.documentation = "Destination filename. If not specified, the standard output will be used";
    d.Define(std::move(file));
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
