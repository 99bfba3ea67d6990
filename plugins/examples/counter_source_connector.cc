#include "counter_source_connector.h"

#include "counter_source_task.h"

namespace example {

using kconnect::ConfigDef;

const ConfigDef& CounterSourceConnector::ConfigDefinition() {
  // Built once, on first use; a ConfigDef is immutable afterwards and safe to
  // share between threads. Keys are declared with designated initializers;
  // members left out keep their defaults (see kconnect/config_def.h).
  static const ConfigDef def = [] {
    ConfigDef d;
    // No default_value: the key is required. A missing value is reported as
    // `Missing required configuration "topic" which has no default value.`
    d.Define({.name = kTopicConfig,
              .type = ConfigDef::Type::kString,
              .validator = ConfigDef::NonEmptyString(),
              .importance = ConfigDef::Importance::kHigh,
              .documentation = "The topic to publish the numbers to"});
    // LONG values parse to int64_t; the default must have that type too.
    d.Define(
        {.name = kIntervalMsConfig,
         .type = ConfigDef::Type::kLong,
         .default_value = ConfigDef::Parsed{int64_t{1000}},
         .validator = ConfigDef::AtLeast(0),
         .importance = ConfigDef::Importance::kMedium,
         .documentation = "Milliseconds between two numbers; 0 publishes as fast as possible"});
    d.Define({.name = kMaxCountConfig,
              .type = ConfigDef::Type::kLong,
              .default_value = ConfigDef::Parsed{int64_t{-1}},
              .validator = ConfigDef::AtLeast(-1),
              .importance = ConfigDef::Importance::kLow,
              .documentation = "Stop after publishing this many numbers; -1 never stops"});
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
