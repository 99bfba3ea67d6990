#pragma once
// WorkerTask: the thread and lifecycle shared by source and sink tasks
// (Java's WorkerTask). Each task runs on exactly one thread, started by
// Start() and joined by AwaitStop()/the destructor.
//
// Thread-safety: Stop(), Transition() and AwaitStop() may be called from any
// thread; everything else runs on the task thread.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "worker/runtime/task_status.h"

namespace kconnect::worker::runtime {

class WorkerTask {
 public:
  WorkerTask(ConnectorTaskId id, TaskStatusListener& listener, TargetState initial_state);
  virtual ~WorkerTask();
  WorkerTask(const WorkerTask&) = delete;
  WorkerTask& operator=(const WorkerTask&) = delete;

  const ConnectorTaskId& Id() const { return id_; }
  void Start();
  // Asks the task to stop; returns immediately.
  void Stop();
  // Waits up to `timeout` for the task thread to finish; true if it did (and
  // has been joined).
  bool AwaitStop(std::chrono::milliseconds timeout);
  // Pause / resume (STOPPED is handled by the herder by stopping the task).
  void Transition(TargetState state);

 protected:
  // Runs on the task thread. Exceptions escaping it mark the task FAILED.
  virtual void Execute() = 0;
  // Runs on the task thread after Execute, whatever happened (release resources).
  virtual void Close() = 0;

  bool IsStopping() const { return stopping_.load(std::memory_order_acquire); }
  // Becomes true when Stop() is called; for blocking calls that can be aborted.
  const std::atomic<bool>* StopFlag() const { return &stopping_; }
  bool IsPaused() const;
  // If paused: reports PAUSED, blocks until resumed or stopped, reports RUNNING.
  // Returns false if the task is stopping.
  bool AwaitUnpause();
  // Sleeps up to `d`, waking early on stop. Returns false if stopping.
  bool SleepInterruptibly(std::chrono::milliseconds d);

  TaskStatusListener& listener_;

 private:
  void Run();

  ConnectorTaskId id_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mu_;  // guards target_state_ and done_
  std::condition_variable cv_;
  TargetState target_state_;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace kconnect::worker::runtime
