#include <algorithm>
#include <utility>

#include "good/good_plugins.h"

namespace kconnect::test_plugins {
namespace {

constexpr const char* kOutFile = "out.file";
constexpr const char* kIncludeMetadata = "out.include.metadata";
constexpr const char* kFailOnStart = "fail.on.start";
constexpr const char* kTaskFailAfter = "task.fail.after";

}  // namespace

const ConfigDef& GoodSinkConnector::ConfigDefinition() {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.Define(MakeKey(kOutFile, ConfigDef::Type::kString, std::nullopt,
                     "File the tasks append the received records to", ConfigDef::NonEmptyString()));
    d.Define(MakeKey(kIncludeMetadata, ConfigDef::Type::kBoolean, ConfigDef::Parsed{false},
                     "Write topic, partition, offset and key before each value"));
    d.Define(MakeKey(kFailOnStart, ConfigDef::Type::kBoolean, ConfigDef::Parsed{false},
                     "The connector's Start throws"));
    d.Define(MakeKey(kTaskFailAfter, ConfigDef::Type::kInt, ConfigDef::Parsed{int32_t{-1}},
                     "A task's put throws instead of taking records beyond this many "
                     "(-1: never)"));
    return d;
  }();
  return def;
}

void GoodSinkConnector::Start(const Props& props) {
  const AbstractConfig config(ConfigDefinition(), props);
  if (config.GetBoolean(kFailOnStart)) {
    throw ConnectException("GoodSinkConnector failed to start on purpose");
  }
  props_ = props;
}

std::string GoodSinkConnector::TaskClass() const { return GoodSinkTask::kClassName; }

std::unique_ptr<Task> GoodSinkConnector::CreateTask() const {
  return std::make_unique<GoodSinkTask>();
}

std::vector<Props> GoodSinkConnector::TaskConfigs(int max_tasks) {
  return std::vector<Props>(static_cast<size_t>(std::max(1, max_tasks)), props_);
}

void GoodSinkTask::Start(const Props& props) {
  const AbstractConfig config(GoodSinkConnector::ConfigDefinition(), props);
  path_ = config.GetString(kOutFile).value_or("");
  include_metadata_ = config.GetBoolean(kIncludeMetadata);
  fail_after_ = config.GetInt(kTaskFailAfter);
  received_ = 0;
  out_.open(path_, std::ios::app | std::ios::binary);
  if (!out_) throw ConnectException("GoodSinkTask cannot open " + path_);
}

void GoodSinkTask::Put(std::vector<SinkRecord>& records) {
  if (records.empty()) return;
  if (fail_after_ >= 0 && received_ + static_cast<int64_t>(records.size()) > fail_after_) {
    throw ConnectException("GoodSinkTask failed on purpose after " + std::to_string(received_) +
                           " records");
  }
  // One write per batch, so that concurrent tasks appending to the same file
  // interleave whole batches rather than fragments of lines.
  std::string batch;
  for (const SinkRecord& record : records) {
    if (include_metadata_) {
      batch += record.topic + "\t" + std::to_string(record.kafka_partition.value_or(-1)) + "\t" +
               std::to_string(record.kafka_offset) + "\t" + record.key.ToJavaString() + "\t";
    }
    batch += record.value.ToJavaString();
    batch += '\n';
  }
  out_.write(batch.data(), static_cast<std::streamsize>(batch.size()));
  out_.flush();
  if (!out_) throw ConnectException("GoodSinkTask cannot write to " + path_);
  received_ += static_cast<int64_t>(records.size());
}

void GoodSinkTask::Stop() {
  if (out_.is_open()) out_.close();
}

}  // namespace kconnect::test_plugins
