#pragma once
// CounterSourceConnector: a small but complete source connector. It publishes
// the numbers 0, 1, 2, ... to a topic, one every `interval.ms`, optionally
// stopping after `max.count` numbers, and resumes where it left off after a
// restart because it stores its progress as a source offset.
//
// A connector does not move data itself. It validates its configuration, then
// tells the worker how many tasks to run and with which configs; the tasks
// (CounterSourceTask) do the work.

#include <memory>
#include <string>
#include <vector>

#include "kconnect/config_def.h"
#include "kconnect/connector.h"

namespace example {

class CounterSourceConnector : public kconnect::SourceConnector {
 public:
  // The name users put in `connector.class`. The worker also accepts the
  // aliases CounterSourceConnector and CounterSource, derived from it.
  static constexpr const char* kClassName = "com.example.CounterSourceConnector";

  static constexpr const char* kTopicConfig = "topic";
  static constexpr const char* kIntervalMsConfig = "interval.ms";
  static constexpr const char* kMaxCountConfig = "max.count";

  // The configuration keys, their types, defaults and validators. Shared by
  // the connector (validation) and the task (parsing).
  static const kconnect::ConfigDef& ConfigDefinition();

  // Shown by GET /connector-plugins.
  std::string Version() const override { return "1.0.0"; }
  // The worker has already validated `props` against Config(); parsing them
  // again here turns a bad value into a clear ConfigException anyway.
  void Start(const kconnect::Props& props) override;
  // Stored by the worker in each task config as `task.class`.
  std::string TaskClass() const override;
  // Replaces Java's reflection: the worker asks the connector for task objects.
  std::unique_ptr<kconnect::Task> CreateTask() const override;
  // One counter cannot be split, so there is always exactly one task.
  std::vector<kconnect::Props> TaskConfigs(int max_tasks) override;
  void Stop() override {}
  const kconnect::ConfigDef& Config() const override { return ConfigDefinition(); }

 private:
  kconnect::Props props_;
};

}  // namespace example
