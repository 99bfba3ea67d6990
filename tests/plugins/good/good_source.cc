#include <algorithm>
#include <chrono>
#include <thread>
#include <utility>

#include "good/good_plugins.h"

namespace kconnect::test_plugins {
namespace {

constexpr const char* kTopic = "topic";
constexpr const char* kCount = "count";
constexpr const char* kPrefix = "prefix";
constexpr const char* kBatchSize = "batch.size";
constexpr const char* kPollIdleMs = "poll.idle.ms";
constexpr const char* kFailOnStart = "fail.on.start";
constexpr const char* kStartDelayMs = "start.delay.ms";
constexpr const char* kTaskFailAfter = "task.fail.after";
constexpr const char* kReconfigureOnStart = "reconfigure.on.start";
constexpr const char* kConfigsGeneration = "configs.generation";
constexpr const char* kTaskId = "task.id";
constexpr const char* kTaskCount = "task.count";

const ConfigDef& TaskConfigDefinition() {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.Merge(GoodSourceConnector::ConfigDefinition());
    d.Define(MakeKey(kTaskId, ConfigDef::Type::kInt, ConfigDef::Parsed{int32_t{0}},
                     "This task's index", ConfigDef::AtLeast(0)));
    d.Define(MakeKey(kTaskCount, ConfigDef::Type::kInt, ConfigDef::Parsed{int32_t{1}},
                     "How many tasks share the records", ConfigDef::AtLeast(1)));
    return d;
  }();
  return def;
}

int64_t NumberIn(const Value* value) {
  if (value == nullptr) return -1;
  if (const auto* v = value->Get<int64_t>()) return *v;
  if (const auto* v = value->Get<int32_t>()) return *v;
  return -1;
}

}  // namespace

ConfigDef::ConfigKey MakeKey(const std::string& name, ConfigDef::Type type,
                             std::optional<ConfigDef::Parsed> default_value,
                             const std::string& documentation, ConfigDef::ValidatorPtr validator) {
  ConfigDef::ConfigKey key;
  key.name = name;
  key.type = type;
  key.default_value = std::move(default_value);
  key.validator = std::move(validator);
  key.importance = ConfigDef::Importance::kHigh;
  key.documentation = documentation;
  return key;
}

const ConfigDef& GoodSourceConnector::ConfigDefinition() {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.Define(MakeKey(kTopic, ConfigDef::Type::kString, std::nullopt, "The topic to publish data to",
                     ConfigDef::NonEmptyString()));
    d.Define(MakeKey(kCount, ConfigDef::Type::kInt, ConfigDef::Parsed{int32_t{10}},
                     "How many records to emit in total", ConfigDef::AtLeast(0)));
    d.Define(MakeKey(kPrefix, ConfigDef::Type::kString, ConfigDef::Parsed{std::string("record-")},
                     "Text before each record's number"));
    d.Define(MakeKey(kBatchSize, ConfigDef::Type::kInt, ConfigDef::Parsed{int32_t{100}},
                     "At most this many records per poll", ConfigDef::AtLeast(1)));
    d.Define(MakeKey(kPollIdleMs, ConfigDef::Type::kInt, ConfigDef::Parsed{int32_t{100}},
                     "How long a poll waits once everything has been emitted",
                     ConfigDef::Between(0, 1000)));
    d.Define(MakeKey(kFailOnStart, ConfigDef::Type::kBoolean, ConfigDef::Parsed{false},
                     "The connector's Start throws"));
    d.Define(MakeKey(kStartDelayMs, ConfigDef::Type::kInt, ConfigDef::Parsed{int32_t{0}},
                     "The connector's Start takes this long (a slow connector holding the herder)",
                     ConfigDef::Between(0, 60000)));
    d.Define(MakeKey(kTaskFailAfter, ConfigDef::Type::kInt, ConfigDef::Parsed{int32_t{-1}},
                     "A task's poll throws once it has emitted this many records (-1: never)"));
    d.Define(MakeKey(kReconfigureOnStart, ConfigDef::Type::kBoolean, ConfigDef::Parsed{false},
                     "The connector asks for new task configs from Start; each set of task "
                     "configs then carries configs.generation, counting TaskConfigs calls"));
    return d;
  }();
  return def;
}

void GoodSourceConnector::Start(const Props& props) {
  const AbstractConfig config(ConfigDefinition(), props);
  if (config.GetBoolean(kFailOnStart)) {
    throw ConnectException("GoodSourceConnector failed to start on purpose");
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(config.GetInt(kStartDelayMs)));
  props_ = props;
  count_generations_ = config.GetBoolean(kReconfigureOnStart);
  if (count_generations_ && Context() != nullptr) Context()->RequestTaskReconfiguration();
}

std::string GoodSourceConnector::TaskClass() const { return GoodSourceTask::kClassName; }

std::unique_ptr<Task> GoodSourceConnector::CreateTask() const {
  return std::make_unique<GoodSourceTask>();
}

std::vector<Props> GoodSourceConnector::TaskConfigs(int max_tasks) {
  const int tasks = std::max(1, max_tasks);
  std::vector<Props> configs;
  for (int i = 0; i < tasks; ++i) {
    Props task = props_;
    task[kTaskId] = std::to_string(i);
    task[kTaskCount] = std::to_string(tasks);
    if (count_generations_) task[kConfigsGeneration] = std::to_string(generation_ + 1);
    configs.push_back(std::move(task));
  }
  ++generation_;
  return configs;
}

void GoodSourceTask::Start(const Props& props) {
  const AbstractConfig config(TaskConfigDefinition(), props);
  topic_ = config.GetString(kTopic).value_or("");
  prefix_ = config.GetString(kPrefix).value_or("");
  count_ = config.GetInt(kCount);
  batch_size_ = config.GetInt(kBatchSize);
  idle_ms_ = config.GetInt(kPollIdleMs);
  fail_after_ = config.GetInt(kTaskFailAfter);
  task_id_ = config.GetInt(kTaskId);
  task_count_ = config.GetInt(kTaskCount);
  next_ = task_id_;
  emitted_ = 0;
  if (Context() != nullptr) {
    std::optional<OffsetMap> committed =
        Context()->GetOffsetStorageReader().Offset(OffsetMap{{"task", Value(task_id_)}});
    if (committed) {
      int64_t next = NumberIn(FindOffsetField(*committed, "next"));
      if (next >= 0) next_ = next;
    }
  }
}

std::vector<SourceRecord> GoodSourceTask::Poll() {
  if (fail_after_ >= 0 && emitted_ >= fail_after_) {
    throw ConnectException("GoodSourceTask failed on purpose after " + std::to_string(emitted_) +
                           " records");
  }
  std::vector<SourceRecord> records;
  while (next_ < count_ && static_cast<int64_t>(records.size()) < batch_size_ &&
         (fail_after_ < 0 || emitted_ < fail_after_)) {
    const int64_t number = next_;
    next_ += task_count_;
    SourceRecord record(OffsetMap{{"task", Value(task_id_)}}, OffsetMap{{"next", Value(next_)}},
                        topic_, std::nullopt, Schema::String(),
                        Value(prefix_ + std::to_string(number)));
    record.key_schema = Schema::String();
    record.key = Value(std::to_string(number));
    records.push_back(std::move(record));
    ++emitted_;
  }
  if (records.empty()) {
    // Nothing left: idle briefly, as a real source waiting for data would, so
    // that the worker's loop does not spin. Poll must return regularly.
    std::this_thread::sleep_for(std::chrono::milliseconds(idle_ms_));
  }
  return records;
}

}  // namespace kconnect::test_plugins
