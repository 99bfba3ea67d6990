#include "connectors/file/file_stream_source_connector.h"

#include <utility>

#include "connectors/file/file_stream_source_task.h"
#include "connectors/file/log.h"
#include "connectors/file/version.h"
#include "kconnect/errors.h"

namespace kconnect::file {

const ConfigDef& FileStreamSourceConnector::ConfigDefinition() {
  static const ConfigDef def = [] {
    // Keys are filled in field by field rather than with designated
    // initializers: GCC 12 reports a false -Wmaybe-uninitialized for a
    // designated `.default_value = Parsed{...}` in optimized builds.
    ConfigDef d;
    ConfigDef::ConfigKey file;
    file.name = kFileConfig;
    file.type = ConfigDef::Type::kString;
    file.default_value.emplace();  // null (monostate): standard input
    file.importance = ConfigDef::Importance::kHigh;
    file.documentation = "Source filename. If not specified, the standard input will be used";
    d.Define(std::move(file));

    ConfigDef::ConfigKey topic;
    topic.name = kTopicConfig;
    topic.type = ConfigDef::Type::kString;  // no default: required
    topic.validator = ConfigDef::NonEmptyString();
    topic.importance = ConfigDef::Importance::kHigh;
    topic.documentation = "The topic to publish data to";
    d.Define(std::move(topic));

    ConfigDef::ConfigKey batch_size;
    batch_size.name = kTaskBatchSizeConfig;
    batch_size.type = ConfigDef::Type::kInt;
    batch_size.default_value.emplace(kDefaultTaskBatchSize);
    batch_size.importance = ConfigDef::Importance::kLow;
    batch_size.documentation =
        "The maximum number of records the source task can read from the file each time it is "
        "polled";
    d.Define(std::move(batch_size));
    return d;
  }();
  return def;
}

std::string FileStreamSourceConnector::Version() const { return kVersion; }

void FileStreamSourceConnector::Start(const Props& props) {
  const AbstractConfig config(ConfigDefinition(), props);
  props_ = props;
  const std::string file = config.GetString(kFileConfig).value_or("");
  Log(LogLevel::kInfo, "FileStreamSourceConnector",
      "Starting file source connector reading from " + (file.empty() ? "standard input" : file));
}

std::string FileStreamSourceConnector::TaskClass() const {
  return FileStreamSourceTask::kClassName;
}

std::unique_ptr<Task> FileStreamSourceConnector::CreateTask() const {
  return std::make_unique<FileStreamSourceTask>();
}

std::vector<Props> FileStreamSourceConnector::TaskConfigs(int /*max_tasks*/) { return {props_}; }

void FileStreamSourceConnector::Stop() {}

const ConfigDef& FileStreamSourceConnector::Config() const { return ConfigDefinition(); }

ExactlyOnceSupport FileStreamSourceConnector::GetExactlyOnceSupport(const Props& props) const {
  const AbstractConfig config(ConfigDefinition(), props);
  // Only a real file can be replayed from an offset (as long as it is only
  // appended to while the connector runs).
  return config.GetString(kFileConfig).value_or("").empty() ? ExactlyOnceSupport::kUnsupported
                                                            : ExactlyOnceSupport::kSupported;
}

bool FileStreamSourceConnector::AlterOffsets(
    const Props& connector_config,
    const std::vector<std::pair<std::optional<OffsetMap>, std::optional<OffsetMap>>>& offsets) {
  const AbstractConfig config(ConfigDefinition(), connector_config);
  if (config.GetString(kFileConfig).value_or("").empty()) {
    throw ConnectException(std::string("Offsets cannot be modified if the '") + kFileConfig +
                           "' configuration is unspecified. This is because stdin is used for "
                           "input and offsets are not tracked.");
  }
  // Partitions of earlier configurations (another file) may be present too;
  // each is checked on its own.
  for (const auto& [partition, offset] : offsets) {
    // Tombstones are always allowed, so that garbage can be cleaned up.
    if (!offset) continue;
    const Value* position = FindOffsetField(*offset, kPositionField);
    if (position == nullptr) {
      throw ConnectException(
          std::string("Offset objects should either be null or contain the key '") +
          kPositionField + "'");
    }
    // The position is a byte offset in the file, so a non-negative int64.
    if (!position->Is<int64_t>()) {
      throw ConnectException(std::string("The value for the '") + kPositionField +
                             "' key in the offset is expected to be a Long value");
    }
    if (position->As<int64_t>() < 0) {
      throw ConnectException(std::string("The value for the '") + kPositionField +
                             "' key in the offset should be a non-negative value");
    }
    if (!partition) throw ConnectException("Partition objects cannot be null");
    if (FindOffsetField(*partition, kFilenameField) == nullptr) {
      throw ConnectException(std::string("Partition objects should contain the key '") +
                             kFilenameField + "'");
    }
  }
  // Whether the position fits the file is checked by the task when it opens it.
  return true;
}

}  // namespace kconnect::file
