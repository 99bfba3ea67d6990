#pragma once
// WorkerSinkTask (runtime.md §6.5): consumer group connect-<name> →
// converters → SinkTask::Put → PreCommit/Flush → commit of consumed offsets.
// Everything, including rebalance callbacks, runs on the task thread.

#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "kconnect/converter.h"
#include "kconnect/task.h"
#include "worker/kafka/consumer.h"
#include "worker/runtime/active_topic_tracker.h"
#include "worker/runtime/worker_task.h"

namespace kconnect::worker::runtime {

struct SinkTaskSettings {
  kafka::ClientProps consumer_props;
  std::chrono::milliseconds offset_flush_interval{60000};
  std::chrono::milliseconds offset_flush_timeout{5000};
  // Either topics or a regex (one is non-empty).
  std::vector<std::string> topics;
  std::string topics_regex;
  size_t max_poll_records = 500;
  bool topic_tracking = true;  // topic.tracking.enable
};

class WorkerSinkTask : public WorkerTask, private kafka::RebalanceListener {
 public:
  WorkerSinkTask(ConnectorTaskId id, std::unique_ptr<kconnect::SinkTask> task, Props task_config,
                 std::unique_ptr<kconnect::Converter> key_converter,
                 std::unique_ptr<kconnect::Converter> value_converter,
                 std::unique_ptr<kconnect::HeaderConverter> header_converter,
                 SinkTaskSettings settings, TaskStatusListener& listener,
                 TargetState initial_state);
  ~WorkerSinkTask() override;

 protected:
  void Execute() override;
  void Close() override;

 private:
  class Context;

  void PollAndDeliver(std::chrono::milliseconds timeout);
  kconnect::SinkRecord Convert(const kafka::Message& msg);
  void DeliverBatch();
  // preCommit + commit of current offsets for `partitions` (all if empty).
  void CommitOffsets(bool sync, bool closing);
  void OnPartitionsAssigned(const std::vector<kconnect::TopicPartition>& partitions) override;
  void OnPartitionsRevoked(const std::vector<kconnect::TopicPartition>& partitions) override;
  void OnPartitionsLost(const std::vector<kconnect::TopicPartition>& partitions) override;

  std::unique_ptr<kconnect::SinkTask> task_;
  Props task_config_;
  std::unique_ptr<kconnect::Converter> key_converter_;
  std::unique_ptr<kconnect::Converter> value_converter_;
  std::unique_ptr<kconnect::HeaderConverter> header_converter_;
  SinkTaskSettings settings_;
  std::unique_ptr<Context> context_;
  std::unique_ptr<kafka::Consumer> consumer_;
  bool task_started_ = false;
  ActiveTopicTracker active_topics_;

  std::vector<kconnect::SinkRecord> batch_;
  // Next offsets consumed into batch_ but not yet accepted by Put.
  std::map<kconnect::TopicPartition, int64_t> consumed_offsets_;
  // Next offsets accepted by Put: what may be committed.
  std::map<kconnect::TopicPartition, int64_t> current_offsets_;
  std::map<kconnect::TopicPartition, int64_t> last_committed_;
  std::set<kconnect::TopicPartition> assignment_;
  bool paused_for_redelivery_ = false;
  std::chrono::steady_clock::time_point redeliver_after_{};
};

}  // namespace kconnect::worker::runtime
