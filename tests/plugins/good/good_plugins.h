#pragma once
// The `good` test plugin: small but working connectors, a transformation and a
// predicate that the worker's tests load from good.so. Their configurations
// are documented in tests/plugins/README.md.

#include <cstdint>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kconnect/kconnect.h"

namespace kconnect::test_plugins {

inline constexpr const char* kGoodVersion = "1.0.0";

// Emits `count` numbered string records in total, spread over its tasks, then
// idles. Task i of T emits the numbers i, i+T, i+2T, ... below `count`, so
// the union over all tasks is exactly 0..count-1.
class GoodSourceConnector : public SourceConnector {
 public:
  static constexpr const char* kClassName = "com.example.test.GoodSourceConnector";
  static const ConfigDef& ConfigDefinition();

  std::string Version() const override { return kGoodVersion; }
  void Start(const Props& props) override;
  std::string TaskClass() const override;
  std::unique_ptr<Task> CreateTask() const override;
  std::vector<Props> TaskConfigs(int max_tasks) override;
  void Stop() override {}
  const ConfigDef& Config() const override { return ConfigDefinition(); }

 private:
  Props props_;
  bool count_generations_ = false;  // reconfigure.on.start
  int generation_ = 0;              // TaskConfigs calls so far
};

// Source partition {"task": <task id>}, source offset {"next": <number>}: a
// restarted task resumes after the last committed record.
class GoodSourceTask : public SourceTask {
 public:
  static constexpr const char* kClassName = "com.example.test.GoodSourceTask";

  std::string Version() const override { return kGoodVersion; }
  void Start(const Props& props) override;
  std::vector<SourceRecord> Poll() override;
  void Stop() override {}

 private:
  std::string topic_;
  std::string prefix_;
  int64_t count_ = 0;
  int64_t batch_size_ = 0;
  int64_t idle_ms_ = 0;
  int64_t fail_after_ = -1;
  int32_t task_id_ = 0;
  int32_t task_count_ = 1;
  int64_t next_ = 0;
  int64_t emitted_ = 0;
};

// Appends every record it receives to the file named by `out.file`, one line
// per record, flushed after each non-empty batch.
class GoodSinkConnector : public SinkConnector {
 public:
  static constexpr const char* kClassName = "com.example.test.GoodSinkConnector";
  static const ConfigDef& ConfigDefinition();

  std::string Version() const override { return kGoodVersion; }
  void Start(const Props& props) override;
  std::string TaskClass() const override;
  std::unique_ptr<Task> CreateTask() const override;
  std::vector<Props> TaskConfigs(int max_tasks) override;
  void Stop() override {}
  const ConfigDef& Config() const override { return ConfigDefinition(); }

 private:
  Props props_;
};

class GoodSinkTask : public SinkTask {
 public:
  static constexpr const char* kClassName = "com.example.test.GoodSinkTask";

  std::string Version() const override { return kGoodVersion; }
  void Start(const Props& props) override;
  void Put(std::vector<SinkRecord>& records) override;
  void Stop() override;

 private:
  std::string path_;
  bool include_metadata_ = false;
  int64_t fail_after_ = -1;
  int64_t received_ = 0;
  std::ofstream out_;
};

// Appends `suffix` to string values; other values pass unchanged.
class GoodTransformation : public Transformation {
 public:
  static constexpr const char* kClassName = "com.example.test.GoodTransformation";

  void Configure(const Props& configs) override;
  bool Apply(ConnectRecord& record) override;
  const ConfigDef& Config() const override;

 private:
  std::string suffix_ = "!";
};

// True for records whose value is a string starting with `prefix`.
class GoodPredicate : public Predicate {
 public:
  static constexpr const char* kClassName = "com.example.test.GoodPredicate";

  void Configure(const Props& configs) override;
  bool Test(const ConnectRecord& record) const override;
  const ConfigDef& Config() const override;

 private:
  std::string prefix_;
};

// Builds one ConfigDef key.
ConfigDef::ConfigKey MakeKey(const std::string& name, ConfigDef::Type type,
                             std::optional<ConfigDef::Parsed> default_value,
                             const std::string& documentation,
                             ConfigDef::ValidatorPtr validator = nullptr);

}  // namespace kconnect::test_plugins
