#pragma once
// WorkerSourceTask (runtime.md §6.3–6.4): poll → converters → producer →
// delivery report → per-partition contiguous acked prefix → offset store.
//
// Threads: the task thread polls, converts, sends and commits offsets every
// offset.flush.interval.ms (Java uses a separate committer thread; doing it
// between polls keeps the submitted-records state single-writer). Delivery
// reports arrive on the producer's poll thread: they only flip an atomic
// "acked" flag and call SourceTask::CommitRecord, as Java does.

#include <atomic>
#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "kconnect/converter.h"
#include "kconnect/task.h"
#include "worker/kafka/producer.h"
#include "worker/runtime/active_topic_tracker.h"
#include "worker/runtime/offset_storage.h"
#include "worker/runtime/worker_task.h"
#include "worker/storage/offset_backing_store.h"

namespace kconnect::worker::runtime {

struct SourceTaskSettings {
  kafka::ClientProps producer_props;
  std::chrono::milliseconds offset_flush_interval{60000};
  std::chrono::milliseconds offset_flush_timeout{5000};
  bool topic_tracking = true;  // topic.tracking.enable
};

class WorkerSourceTask : public WorkerTask {
 public:
  WorkerSourceTask(ConnectorTaskId id, std::unique_ptr<kconnect::SourceTask> task, Props task_config,
                   std::unique_ptr<kconnect::Converter> key_converter,
                   std::unique_ptr<kconnect::Converter> value_converter,
                   std::unique_ptr<kconnect::HeaderConverter> header_converter,
                   storage::OffsetBackingStore& offset_store, SourceTaskSettings settings,
                   TaskStatusListener& listener, TargetState initial_state);
  ~WorkerSourceTask() override;

 protected:
  void Execute() override;
  void Close() override;

 private:
  // One record handed to the producer and not yet folded into committed
  // offsets. The delivery thread only records the outcome; the task thread
  // calls CommitRecord and releases the record when it folds the acked prefix,
  // so records are allocated and freed on one thread.
  struct Submitted {
    kconnect::SourceRecord record;
    int32_t acked_partition = -1;  // written by the delivery thread before `acked`
    int64_t acked_offset = -1;
    int64_t acked_timestamp = -1;
    std::atomic<bool> acked{false};
    Submitted(kconnect::SourceRecord r) : record(std::move(r)) {}
  };
  struct PartitionState {
    std::optional<kconnect::OffsetMap> partition;
    std::deque<Submitted> in_flight;
    // Offset of the last record of the acked prefix, not yet flushed.
    std::optional<std::optional<kconnect::OffsetMap>> committable;
  };
  class Context;

  void SendBatch(std::vector<kconnect::SourceRecord>& batch);
  PartitionState& StateFor(const std::optional<kconnect::OffsetMap>& partition);
  void OnDelivery(Submitted* submitted, const kafka::DeliveryReport& report);
  // Moves each partition's acknowledged prefix into its committable offset.
  void FoldAcked();
  // Folds acked prefixes into committable offsets and writes them. Returns
  // false if the write failed (offsets are kept and retried next time).
  bool CommitOffsets();
  void ThrowIfProducerFailed();

  std::unique_ptr<kconnect::SourceTask> task_;
  Props task_config_;
  std::unique_ptr<kconnect::Converter> key_converter_;
  std::unique_ptr<kconnect::Converter> value_converter_;
  std::unique_ptr<kconnect::HeaderConverter> header_converter_;
  storage::OffsetBackingStore& offset_store_;
  SourceTaskSettings settings_;
  OffsetStorageReaderImpl offset_reader_;
  std::unique_ptr<Context> context_;
  std::unique_ptr<kafka::Producer> producer_;
  bool task_started_ = false;
  ActiveTopicTracker active_topics_;

  // Keyed by the serialized partition (the offsets-store key); task thread only.
  std::unordered_map<std::string, PartitionState> partitions_;
  PartitionState* last_state_ = nullptr;

  std::mutex producer_error_mu_;  // guards producer_error_
  std::string producer_error_;
  std::atomic<bool> has_producer_error_{false};
};

}  // namespace kconnect::worker::runtime
