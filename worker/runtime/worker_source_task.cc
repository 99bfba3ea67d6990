#include "worker/runtime/worker_source_task.h"

#include "common/logging/logger_registry.h"
#include "kconnect/errors.h"

namespace kconnect::worker::runtime {

using common::logging::kWorkerRuntimeLog;

class WorkerSourceTask::Context : public kconnect::SourceTaskContext {
 public:
  Context(const Props& configs, kconnect::OffsetStorageReader& reader)
      : configs_(configs), reader_(reader) {}
  const Props& Configs() const override { return configs_; }
  kconnect::OffsetStorageReader& GetOffsetStorageReader() override { return reader_; }

 private:
  const Props& configs_;
  kconnect::OffsetStorageReader& reader_;
};

WorkerSourceTask::WorkerSourceTask(ConnectorTaskId id, std::unique_ptr<kconnect::SourceTask> task,
                                   Props task_config,
                                   std::unique_ptr<kconnect::Converter> key_converter,
                                   std::unique_ptr<kconnect::Converter> value_converter,
                                   std::unique_ptr<kconnect::HeaderConverter> header_converter,
                                   storage::OffsetBackingStore& offset_store,
                                   SourceTaskSettings settings, TaskStatusListener& listener,
                                   TargetState initial_state)
    : WorkerTask(id, listener, initial_state),
      task_(std::move(task)),
      task_config_(std::move(task_config)),
      key_converter_(std::move(key_converter)),
      value_converter_(std::move(value_converter)),
      header_converter_(std::move(header_converter)),
      offset_store_(offset_store),
      settings_(std::move(settings)),
      offset_reader_(id.connector, offset_store),
      active_topics_(id, listener, settings_.topic_tracking) {
  context_ = std::make_unique<Context>(task_config_, offset_reader_);
}

WorkerSourceTask::~WorkerSourceTask() {
  Stop();
  // The base destructor joins the thread; make sure it has finished before
  // our members go away.
  AwaitStop(std::chrono::hours(24));
}

void WorkerSourceTask::Execute() {
  auto producer = kafka::Producer::Create(
      settings_.producer_props,
      [this](void* opaque, const kafka::DeliveryReport& report) {
        OnDelivery(static_cast<Submitted*>(opaque), report);
      },
      "connector-producer-" + Id().ToString());
  if (!producer) throw kconnect::ConnectException(producer.Error().message);
  producer_ = std::move(producer).Value();

  task_->Initialize(*context_);
  task_->Start(task_config_);
  task_started_ = true;
  kWorkerRuntimeLog().info("{} Source task finished initialization and start", Id().ToString());
  listener_.OnStartup(Id());

  auto next_commit = std::chrono::steady_clock::now() + settings_.offset_flush_interval;
  std::exception_ptr failure;
  try {
    while (!IsStopping()) {
      if (IsPaused()) {
        if (!AwaitUnpause()) break;
      }
      ThrowIfProducerFailed();
      if (std::chrono::steady_clock::now() >= next_commit) {
        CommitOffsets();
        next_commit = std::chrono::steady_clock::now() + settings_.offset_flush_interval;
      }
      std::vector<kconnect::SourceRecord> batch;
      try {
        batch = task_->Poll();
      } catch (const kconnect::RetriableException& e) {
        kWorkerRuntimeLog().warn(
            "{} failed to poll records from SourceTask. Will retry operation: {}", Id().ToString(),
            e.what());
        continue;
      }
      if (batch.empty()) continue;
      SendBatch(batch);
      producer_->ServeDeliveries(0);
      FoldAcked();
    }
  } catch (...) {
    failure = std::current_exception();
  }
  // On exit, successful or not: wait for outstanding acks, then commit what
  // was acknowledged (Java: AbstractWorkerSourceTask.execute finally block).
  if (!producer_->Flush(settings_.offset_flush_timeout)) {
    kWorkerRuntimeLog().warn(
        "{} Failed to flush, timed out while waiting for producer to flush outstanding "
        "{} messages",
        Id().ToString(), producer_->OutQueueLength());
  }
  CommitOffsets();
  if (failure) std::rethrow_exception(failure);
  ThrowIfProducerFailed();
}

void WorkerSourceTask::Close() {
  if (task_started_) {
    try {
      task_->Stop();
    } catch (...) {
      kWorkerRuntimeLog().warn("{} Could not stop task: {}", Id().ToString(),
                               DescribeException(std::current_exception(), "SourceTask::Stop"));
    }
  }
  if (producer_ && producer_->OutQueueLength() > 0) {
    // Execute already waited offset.flush.timeout.ms for these; their offsets
    // were not committed, so dropping them keeps at-least-once and bounds the
    // stop instead of waiting in the producer's close for a broker that is gone.
    kWorkerRuntimeLog().warn("{} Abandoning {} unacknowledged record(s) on close", Id().ToString(),
                             producer_->OutQueueLength());
    producer_->Purge();
  }
  producer_.reset();
}

WorkerSourceTask::PartitionState& WorkerSourceTask::StateFor(
    const std::optional<kconnect::OffsetMap>& partition) {
  // Records of one poll almost always share a partition: compare with the last
  // one before serializing the key.
  if (last_state_ != nullptr && last_state_->partition == partition) return *last_state_;
  std::string key = SerializeOffsetKey(Id().connector, partition);
  auto [it, inserted] = partitions_.try_emplace(std::move(key));
  if (inserted) it->second.partition = partition;
  last_state_ = &it->second;
  return it->second;
}

void WorkerSourceTask::SendBatch(std::vector<kconnect::SourceRecord>& batch) {
  for (auto& record : batch) {
    if (IsStopping()) break;
    std::optional<std::string> key;
    std::optional<std::string> value;
    kafka::KafkaHeaders headers;
    // Converter failures fail the task (errors.tolerance=none, Java's default).
    key = key_converter_->FromConnectData(record.topic, &record.headers, record.key_schema,
                                          record.key);
    value = value_converter_->FromConnectData(record.topic, &record.headers, record.value_schema,
                                              record.value);
    for (const auto& h : record.headers) {
      headers.emplace_back(h.key,
                           header_converter_->FromConnectHeader(record.topic, h.key, h.schema,
                                                                h.value));
    }
    if (record.timestamp && *record.timestamp < 0 && *record.timestamp != -1) {
      throw kconnect::ConnectException("Invalid record timestamp " +
                                       std::to_string(*record.timestamp));
    }
    const int64_t timestamp = record.timestamp.value_or(-1);
    const int32_t partition = record.kafka_partition.value_or(-1);
    std::string topic = record.topic;

    PartitionState& state = StateFor(record.source_partition);
    Submitted& submitted = state.in_flight.emplace_back(std::move(record));
    // A send blocked on a full queue (broker unreachable) gives up when the
    // task is asked to stop; that record and the rest of the batch were
    // never sent, so their offsets are not committed and they are polled
    // again after a restart.
    auto sent = producer_->Send(topic, partition, key, value, headers, timestamp, &submitted,
                                StopFlag(), [this] { FoldAcked(); });
    if (!sent) {
      state.in_flight.pop_back();
      if (IsStopping()) return;
      throw kconnect::ConnectException(sent.Error().message);
    }
  }
}

void WorkerSourceTask::OnDelivery(Submitted* submitted, const kafka::DeliveryReport& report) {
  if (report.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    std::lock_guard<std::mutex> lock(producer_error_mu_);
    if (producer_error_.empty()) {
      producer_error_ = "Unrecoverable exception from producer send callback: " + report.error;
    }
    has_producer_error_.store(true, std::memory_order_release);
    return;  // never acked: its offset is not committed
  }
  submitted->acked_partition = report.partition;
  submitted->acked_offset = report.offset;
  submitted->acked_timestamp = report.timestamp;
  submitted->acked.store(true, std::memory_order_release);
}

void WorkerSourceTask::ThrowIfProducerFailed() {
  if (!has_producer_error_.load(std::memory_order_acquire)) return;
  std::lock_guard<std::mutex> lock(producer_error_mu_);
  throw kconnect::ConnectException(producer_error_);
}

void WorkerSourceTask::FoldAcked() {
  for (auto& [key, state] : partitions_) {
    while (!state.in_flight.empty() && state.in_flight.front().acked.load(std::memory_order_acquire)) {
      Submitted& done = state.in_flight.front();
      // Recorded once the broker has the record, as Java does on a
      // successful send.
      active_topics_.Record(done.record.topic);
      try {
        const kconnect::RecordMetadata metadata{done.record.topic, done.acked_partition,
                                                done.acked_offset, done.acked_timestamp};
        task_->CommitRecord(done.record, &metadata);
      } catch (...) {
        kWorkerRuntimeLog().error(
            "{} Exception thrown while calling task.commitRecord(): {}", Id().ToString(),
            DescribeException(std::current_exception(), "SourceTask::CommitRecord"));
      }
      state.committable = std::move(done.record.source_offset);
      state.in_flight.pop_front();
    }
  }
}

bool WorkerSourceTask::CommitOffsets() {
  FoldAcked();
  std::vector<std::pair<std::string, std::optional<std::string>>> entries;
  for (auto& [key, state] : partitions_) {
    if (state.committable) {
      const auto& offset = *state.committable;
      entries.emplace_back(key, offset ? std::optional<std::string>(SerializeOffsetMap(*offset))
                                       : std::nullopt);
    }
  }
  if (entries.empty()) {
    task_->Commit();
    return true;
  }
  std::string error;
  if (!offset_store_.Set(entries, &error)) {
    kWorkerRuntimeLog().error("{} Failed to commit offsets: {}", Id().ToString(), error);
    return false;  // committable offsets stay and are retried next time
  }
  for (auto& [key, state] : partitions_) state.committable.reset();
  kWorkerRuntimeLog().debug("{} Committed offsets for {} partition(s)", Id().ToString(),
                            entries.size());
  try {
    task_->Commit();
  } catch (...) {
    kWorkerRuntimeLog().warn("{} Exception thrown while calling task.commit(): {}", Id().ToString(),
                             DescribeException(std::current_exception(), "SourceTask::Commit"));
  }
  return true;
}

}  // namespace kconnect::worker::runtime
