#pragma once
// Minimal, header-only plugin classes that the broken test plugins are made
// of. They do nothing useful; what matters is how their library is built
// (manifest, symbols). Everything here is inline so that a library using them
// needs no SDK symbol beyond what the headers define.

#include <memory>
#include <string>
#include <vector>

#include "kconnect/kconnect.h"

namespace kconnect::test_plugins {

inline const ConfigDef& EmptyConfigDef() {
  static const ConfigDef def;
  return def;
}

class MinimalSourceTask : public SourceTask {
 public:
  std::string Version() const override { return "0.1.0"; }
  void Start(const Props& /*props*/) override {}
  std::vector<SourceRecord> Poll() override { return {}; }
  void Stop() override {}
};

class MinimalSinkTask : public SinkTask {
 public:
  std::string Version() const override { return "0.1.0"; }
  void Start(const Props& /*props*/) override {}
  void Put(std::vector<SinkRecord>& /*records*/) override {}
  void Stop() override {}
};

class MinimalSourceConnector : public SourceConnector {
 public:
  std::string Version() const override { return "0.1.0"; }
  void Start(const Props& props) override { props_ = props; }
  std::string TaskClass() const override { return "com.example.test.MinimalSourceTask"; }
  std::unique_ptr<Task> CreateTask() const override {
    return std::make_unique<MinimalSourceTask>();
  }
  std::vector<Props> TaskConfigs(int /*max_tasks*/) override { return {props_}; }
  void Stop() override {}
  const ConfigDef& Config() const override { return EmptyConfigDef(); }

 private:
  Props props_;
};

class MinimalSinkConnector : public SinkConnector {
 public:
  std::string Version() const override { return "0.1.0"; }
  void Start(const Props& props) override { props_ = props; }
  std::string TaskClass() const override { return "com.example.test.MinimalSinkTask"; }
  std::unique_ptr<Task> CreateTask() const override { return std::make_unique<MinimalSinkTask>(); }
  std::vector<Props> TaskConfigs(int /*max_tasks*/) override { return {props_}; }
  void Stop() override {}
  const ConfigDef& Config() const override { return EmptyConfigDef(); }

 private:
  Props props_;
};

// Passes every record through unchanged.
class IdentityTransformation : public Transformation {
 public:
  void Configure(const Props& /*configs*/) override {}
  bool Apply(ConnectRecord& /*record*/) override { return true; }
  const ConfigDef& Config() const override { return EmptyConfigDef(); }
};

}  // namespace kconnect::test_plugins
