#pragma once
// Task API (org.apache.kafka.connect.connector.Task, source/SourceTask,
// sink/SinkTask) and their contexts.
//
// Threads (runtime.md §6.2): every task method runs on the task's own thread,
// except SourceTask::CommitRecord, which runs on the producer's delivery
// thread, and SourceTask::Commit, which runs on the offset-commit thread.
// SourceTask::Stop is called on the task thread after Poll() has returned, so
// Poll() must return regularly (about once a second when idle).

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "kconnect/config_def.h"
#include "kconnect/records.h"

// SDK types keep default visibility even when the including code is built with
// -fvisibility=hidden: the SDK library exports them, and plugins and the worker
// share one identity for their type_info (exceptions, dynamic_cast).
#pragma GCC visibility push(default)
namespace kconnect {

// Reads committed source offsets. Thread-safe.
class OffsetStorageReader {
 public:
  virtual ~OffsetStorageReader() = default;
  // The last committed offset of a source partition, or nullopt if none.
  virtual std::optional<OffsetMap> Offset(const OffsetMap& partition) = 0;
  // Batch form; partitions without an offset are omitted.
  virtual std::vector<std::pair<OffsetMap, OffsetMap>> Offsets(
      const std::vector<OffsetMap>& partitions) = 0;
};

class Task {
 public:
  virtual ~Task() = default;
  virtual std::string Version() const = 0;
  // Starts with the task config (the map from Connector::TaskConfigs plus
  // task.class). May throw ConnectException to fail the task.
  virtual void Start(const Props& props) = 0;
  virtual void Stop() = 0;
};

class SourceTaskContext {
 public:
  virtual ~SourceTaskContext() = default;
  virtual const Props& Configs() const = 0;
  virtual OffsetStorageReader& GetOffsetStorageReader() = 0;
};

class SourceTask : public Task {
 public:
  virtual void Initialize(SourceTaskContext& context) { context_ = &context; }
  // Returns new records, or an empty vector when there is nothing (Java null).
  // Should block only briefly (≤ ~1 s) when no data is available.
  virtual std::vector<SourceRecord> Poll() = 0;
  // All records returned so far whose offsets were flushed are durable.
  virtual void Commit() {}
  // A record was acknowledged by Kafka (metadata non-null) or dropped by a
  // transformation / tolerated error (metadata null).
  virtual void CommitRecord(const SourceRecord& /*record*/, const RecordMetadata* /*metadata*/) {}

 protected:
  SourceTaskContext* Context() const { return context_; }

 private:
  SourceTaskContext* context_ = nullptr;
};

class SinkTaskContext {
 public:
  virtual ~SinkTaskContext() = default;
  virtual const Props& Configs() const = 0;
  // Rewinds consumption: the next poll starts at these offsets.
  virtual void Offset(const std::map<TopicPartition, int64_t>& offsets) = 0;
  virtual void Offset(const TopicPartition& tp, int64_t offset) = 0;
  // Backoff before redelivery after a RetriableException from Put.
  virtual void Timeout(std::chrono::milliseconds timeout) = 0;
  virtual std::set<TopicPartition> Assignment() const = 0;
  virtual void Pause(const std::vector<TopicPartition>& partitions) = 0;
  virtual void Resume(const std::vector<TopicPartition>& partitions) = 0;
  // Asks the worker to commit offsets as soon as possible.
  virtual void RequestCommit() = 0;
};

class SinkTask : public Task {
 public:
  // Config keys (SinkTask.TOPICS_CONFIG, TOPICS_REGEX_CONFIG).
  static constexpr const char* kTopicsConfig = "topics";
  static constexpr const char* kTopicsRegexConfig = "topics.regex";

  virtual void Initialize(SinkTaskContext& context) { context_ = &context; }
  // Partitions newly assigned to this task.
  virtual void Open(const std::vector<TopicPartition>& /*partitions*/) {}
  // Delivers records; called on every loop iteration, also with an empty batch.
  // RetriableException: the same batch is delivered again after the timeout.
  virtual void Put(std::vector<SinkRecord>& records) = 0;
  // Flush everything handed to Put so far.
  virtual void Flush(const std::map<TopicPartition, OffsetAndMetadata>& /*offsets*/) {}
  // Returns the offsets safe to commit; the default flushes and echoes.
  virtual std::map<TopicPartition, OffsetAndMetadata> PreCommit(
      const std::map<TopicPartition, OffsetAndMetadata>& offsets) {
    Flush(offsets);
    return offsets;
  }
  // Partitions no longer assigned.
  virtual void Close(const std::vector<TopicPartition>& /*partitions*/) {}

 protected:
  SinkTaskContext* Context() const { return context_; }

 private:
  SinkTaskContext* context_ = nullptr;
};

}  // namespace kconnect
#pragma GCC visibility pop
