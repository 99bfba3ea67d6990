#pragma once
// Status callbacks from running connectors and tasks to whoever keeps status
// (the herder). Called from connector/task threads: implementations must be
// thread-safe.

#include <atomic>
#include <cstdint>
#include <string>

#include "worker/herder/herder.h"

namespace kconnect::worker::runtime {

using herder::ConnectorTaskId;
using herder::TargetState;

class TaskStatusListener {
 public:
  virtual ~TaskStatusListener() = default;
  virtual void OnStartup(const ConnectorTaskId& id) = 0;
  virtual void OnPause(const ConnectorTaskId& id) = 0;
  virtual void OnResume(const ConnectorTaskId& id) = 0;
  virtual void OnFailure(const ConnectorTaskId& id, const std::string& trace) = 0;
  virtual void OnShutdown(const ConnectorTaskId& id) = 0;

  // KIP-558: the task produced a record to, or consumed one from, `topic`.
  // Tasks call it once per topic (ActiveTopicTracker), so it may take a lock.
  virtual void OnTopicActive(const ConnectorTaskId& id, const std::string& topic) = 0;
  // Moves whenever recorded topics are reset; a task that sees it move
  // reports its topics again. Must outlive every task given this listener.
  virtual const std::atomic<uint64_t>& TopicResetEpoch() const = 0;
};

// Renders an in-flight exception as the status trace: its type, message and
// where the worker caught it (C++ has no portable stack traces).
std::string DescribeException(const std::exception_ptr& error, const std::string& where);

}  // namespace kconnect::worker::runtime
