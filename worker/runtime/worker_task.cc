#include "worker/runtime/worker_task.h"

#include <cxxabi.h>

#include <typeinfo>

#include "common/logging/logger_registry.h"
#include "kconnect/errors.h"

namespace kconnect::worker::runtime {

using common::logging::kWorkerRuntimeLog;

std::string DescribeException(const std::exception_ptr& error, const std::string& where) {
  std::string type = "unknown exception";
  std::string message;
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    int status = 0;
    char* demangled = abi::__cxa_demangle(typeid(e).name(), nullptr, nullptr, &status);
    type = status == 0 && demangled != nullptr ? demangled : typeid(e).name();
    std::free(demangled);
    message = e.what();
  } catch (...) {
  }
  return type + ": " + message + "\n\tat " + where + "\n";
}

WorkerTask::WorkerTask(ConnectorTaskId id, TaskStatusListener& listener,
                       TargetState initial_state)
    : listener_(listener), id_(std::move(id)), target_state_(initial_state) {}

WorkerTask::~WorkerTask() {
  Stop();
  if (thread_.joinable()) thread_.join();
}

void WorkerTask::Start() {
  thread_ = std::thread([this] { Run(); });
}

void WorkerTask::Stop() {
  stopping_.store(true, std::memory_order_release);
  std::lock_guard<std::mutex> lock(mu_);
  cv_.notify_all();
}

bool WorkerTask::AwaitStop(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  if (!cv_.wait_for(lock, timeout, [this] { return done_; })) return false;
  lock.unlock();
  if (thread_.joinable()) thread_.join();
  return true;
}

void WorkerTask::Transition(TargetState state) {
  std::lock_guard<std::mutex> lock(mu_);
  target_state_ = state;
  cv_.notify_all();
}

bool WorkerTask::IsPaused() const {
  std::lock_guard<std::mutex> lock(mu_);
  return target_state_ == TargetState::kPaused;
}

bool WorkerTask::AwaitUnpause() {
  std::unique_lock<std::mutex> lock(mu_);
  if (target_state_ != TargetState::kPaused) return !IsStopping();
  lock.unlock();
  listener_.OnPause(id_);
  lock.lock();
  cv_.wait(lock, [this] { return target_state_ != TargetState::kPaused || IsStopping(); });
  if (IsStopping()) return false;
  lock.unlock();
  listener_.OnResume(id_);
  return true;
}

bool WorkerTask::SleepInterruptibly(std::chrono::milliseconds d) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_for(lock, d, [this] { return IsStopping(); });
  return !IsStopping();
}

void WorkerTask::Run() {
  bool failed = false;
  try {
    Execute();
  } catch (...) {
    failed = true;
    std::string trace = DescribeException(std::current_exception(), "task " + id_.ToString());
    kWorkerRuntimeLog().error(
        "{} Task threw an uncaught and unrecoverable exception. Task is being killed "
        "and will not recover until manually restarted: {}",
        id_.ToString(), trace);
    listener_.OnFailure(id_, trace);
  }
  try {
    Close();
  } catch (...) {
    kWorkerRuntimeLog().warn("{} exception while closing task: {}", id_.ToString(),
                             DescribeException(std::current_exception(), "close"));
  }
  if (!failed) listener_.OnShutdown(id_);
  std::lock_guard<std::mutex> lock(mu_);
  done_ = true;
  cv_.notify_all();
}

}  // namespace kconnect::worker::runtime
