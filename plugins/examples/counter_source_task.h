#pragma once
// CounterSourceTask: the worker calls Poll() in a loop on the task's own
// thread; each call returns the next numbers as SourceRecords.
//
// Every record carries a source partition ("which stream": {"topic": <topic>})
// and a source offset ("how far": {"next": <number after this one>}). The
// worker commits the offsets of records Kafka acknowledged; after a restart the
// task reads the committed offset back and continues from there, so numbers
// are neither skipped nor (except for the last uncommitted few) repeated.
//
// Thread-safety: Start() and Poll() run on the task thread. Stop() may be
// called from another thread while Poll() waits, so the wait is done on a
// condition variable that Stop() notifies.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "kconnect/records.h"
#include "kconnect/task.h"

namespace example {

class CounterSourceTask : public kconnect::SourceTask {
 public:
  static constexpr const char* kClassName = "com.example.CounterSourceTask";
  static constexpr const char* kPartitionField = "topic";
  static constexpr const char* kOffsetField = "next";

  std::string Version() const override { return "1.0.0"; }
  // Parses the config and reads the committed offset, if any.
  void Start(const kconnect::Props& props) override;
  // Waits until the next number is due (never more than ~1 s, so the worker can
  // stop or pause the task promptly), then returns every number that is due.
  std::vector<kconnect::SourceRecord> Poll() override;
  void Stop() override;

 private:
  std::string topic_;
  std::chrono::milliseconds interval_{1000};
  int64_t max_count_ = -1;  // -1: unlimited
  kconnect::OffsetMap partition_;

  std::mutex mu_;  // guards stopped_; the condition variable needs it
  std::condition_variable stop_requested_;
  bool stopped_ = false;

  // Only touched by the task thread.
  int64_t next_ = 0;
  std::chrono::steady_clock::time_point next_due_;
};

}  // namespace example
