#include "counter_source_connector.h"

#include <utility>

#include "counter_source_task.h"

namespace example {

using kconnect::ConfigDef;

const ConfigDef& CounterSourceConnector::ConfigDefinition() {
  // Built once, on first use; a ConfigDef is immutable afterwards and safe to
  // share between threads.
  static const ConfigDef def = [] {
    // Each key is a ConfigKey; members left alone keep their defaults (see
    // kconnect/config_def.h). Designated initializers work too, but GCC 12 may
    // report a false -Wmaybe-uninitialized for `.default_value = Parsed{...}`
    // in optimized builds, so this example fills the fields one by one.
    ConfigDef d;

    ConfigDef::ConfigKey topic;
    topic.name = kTopicConfig;
    topic.type = ConfigDef::Type::kString;
    // No default_value: the key is required. A missing value is reported as
    // `Missing required configuration "topic" which has no default value.`
    topic.validator = ConfigDef::NonEmptyString();
    topic.importance = ConfigDef::Importance::kHigh;
    topic.documentation = "The topic to publish the numbers to";
    d.Define(std::move(topic));

    ConfigDef::ConfigKey interval;
    interval.name = kIntervalMsConfig;
    interval.type = ConfigDef::Type::kLong;
    // A default makes the key optional. LONG values parse to int64_t, so the
    // default must be an int64_t too.
    interval.default_value.emplace(int64_t{1000});
    interval.validator = ConfigDef::AtLeast(0);
    interval.importance = ConfigDef::Importance::kMedium;
    interval.documentation = "Milliseconds between two numbers; 0 publishes as fast as possible";
    d.Define(std::move(interval));

    ConfigDef::ConfigKey max_count;
    max_count.name = kMaxCountConfig;
    max_count.type = ConfigDef::Type::kLong;
    max_count.default_value.emplace(int64_t{-1});
    max_count.validator = ConfigDef::AtLeast(-1);
    max_count.importance = ConfigDef::Importance::kLow;
    max_count.documentation = "Stop after publishing this many numbers; -1 never stops";
    d.Define(std::move(max_count));

    return d;
  }();
  return def;
}

void CounterSourceConnector::Start(const kconnect::Props& props) {
  // AbstractConfig parses and validates; it throws ConfigException on a bad value.
  kconnect::AbstractConfig config(ConfigDefinition(), props);
  props_ = props;
}

std::string CounterSourceConnector::TaskClass() const { return CounterSourceTask::kClassName; }

std::unique_ptr<kconnect::Task> CounterSourceConnector::CreateTask() const {
  return std::make_unique<CounterSourceTask>();
}

std::vector<kconnect::Props> CounterSourceConnector::TaskConfigs(int /*max_tasks*/) {
  // The task gets the connector's own config (the worker adds `task.class`).
  return {props_};
}

}  // namespace example
