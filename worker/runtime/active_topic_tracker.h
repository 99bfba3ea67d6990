#pragma once
// ActiveTopicTracker: reports the topics a task uses to its status listener
// (KIP-558; Java: WorkerTask.recordActiveTopic), touching the listener once
// per new topic instead of once per record.
//
// Thread-safety: one per task, used only on the task thread.

#include <cstdint>
#include <string>
#include <unordered_set>

#include "worker/runtime/task_status.h"

namespace kconnect::worker::runtime {

class ActiveTopicTracker {
 public:
  // `enabled`: topic.tracking.enable; when false Record() does nothing.
  ActiveTopicTracker(ConnectorTaskId id, TaskStatusListener& listener, bool enabled)
      : id_(std::move(id)), listener_(listener), enabled_(enabled) {}

  // Called for every record produced or consumed: a load and, for a run of
  // records to one topic, a string compare.
  void Record(const std::string& topic) {
    if (!enabled_) return;
    const uint64_t epoch = listener_.TopicResetEpoch().load(std::memory_order_acquire);
    if (epoch == seen_epoch_ && topic == last_topic_) return;
    RecordSlow(topic, epoch);
  }

 private:
  void RecordSlow(const std::string& topic, uint64_t epoch) {
    // After a reset the listener has forgotten what this task reported. A
    // record racing with the reset may be reported again; that is harmless.
    if (epoch != seen_epoch_) {
      reported_.clear();
      seen_epoch_ = epoch;
    }
    if (reported_.insert(topic).second) listener_.OnTopicActive(id_, topic);
    last_topic_ = topic;
  }

  const ConnectorTaskId id_;
  TaskStatusListener& listener_;
  const bool enabled_;
  uint64_t seen_epoch_ = UINT64_MAX;  // never a real epoch: the first record reports
  std::string last_topic_;
  std::unordered_set<std::string> reported_;
};

}  // namespace kconnect::worker::runtime
