#include "worker/runtime/worker_sink_task.h"

#include <algorithm>

#include "common/logging/logger_registry.h"
#include "kconnect/errors.h"

namespace kconnect::worker::runtime {

using common::logging::kWorkerRuntimeLog;

// The SinkTaskContext: requests are recorded here and applied by the task
// loop on the task thread (the only thread that calls into it).
class WorkerSinkTask::Context : public kconnect::SinkTaskContext {
 public:
  explicit Context(WorkerSinkTask& owner) : owner_(owner) {}
  const Props& Configs() const override { return owner_.task_config_; }
  void Offset(const std::map<kconnect::TopicPartition, int64_t>& offsets) override {
    for (const auto& [tp, off] : offsets) rewinds[tp] = off;
  }
  void Offset(const kconnect::TopicPartition& tp, int64_t offset) override { rewinds[tp] = offset; }
  void Timeout(std::chrono::milliseconds timeout) override { timeout_ = timeout; }
  std::set<kconnect::TopicPartition> Assignment() const override { return owner_.assignment_; }
  void Pause(const std::vector<kconnect::TopicPartition>& partitions) override {
    if (owner_.consumer_) owner_.consumer_->Pause(partitions);
    for (const auto& tp : partitions) paused.insert(tp);
  }
  void Resume(const std::vector<kconnect::TopicPartition>& partitions) override {
    if (owner_.consumer_) owner_.consumer_->Resume(partitions);
    for (const auto& tp : partitions) paused.erase(tp);
  }
  void RequestCommit() override { commit_requested = true; }

  std::map<kconnect::TopicPartition, int64_t> rewinds;
  std::set<kconnect::TopicPartition> paused;
  std::chrono::milliseconds timeout_{0};
  bool commit_requested = false;

 private:
  WorkerSinkTask& owner_;
};

WorkerSinkTask::WorkerSinkTask(ConnectorTaskId id, std::unique_ptr<kconnect::SinkTask> task,
                               Props task_config,
                               std::unique_ptr<kconnect::Converter> key_converter,
                               std::unique_ptr<kconnect::Converter> value_converter,
                               std::unique_ptr<kconnect::HeaderConverter> header_converter,
                               SinkTaskSettings settings, TaskStatusListener& listener,
                               TargetState initial_state)
    : WorkerTask(id, listener, initial_state),
      task_(std::move(task)),
      task_config_(std::move(task_config)),
      key_converter_(std::move(key_converter)),
      value_converter_(std::move(value_converter)),
      header_converter_(std::move(header_converter)),
      settings_(std::move(settings)),
      active_topics_(id, listener, settings_.topic_tracking) {
  context_ = std::make_unique<Context>(*this);
}

WorkerSinkTask::~WorkerSinkTask() {
  Stop();
  AwaitStop(std::chrono::hours(24));
}

void WorkerSinkTask::Execute() {
  auto consumer = kafka::Consumer::Create(settings_.consumer_props, this,
                                          "connector-consumer-" + Id().ToString());
  if (!consumer) throw kconnect::ConnectException(consumer.Error().message);
  consumer_ = std::move(consumer).Value();
  std::vector<std::string> subscription = settings_.topics;
  if (!settings_.topics_regex.empty()) subscription = {"^" + settings_.topics_regex};
  auto subscribed = consumer_->Subscribe(subscription);
  if (!subscribed) throw kconnect::ConnectException(subscribed.Error().message);

  task_->Initialize(*context_);
  task_->Start(task_config_);
  task_started_ = true;
  kWorkerRuntimeLog().info("{} Sink task finished initialization and start", Id().ToString());
  listener_.OnStartup(Id());

  auto next_commit = std::chrono::steady_clock::now() + settings_.offset_flush_interval;
  bool was_paused = false;
  while (!IsStopping()) {
    const bool paused = IsPaused();
    if (paused != was_paused) {
      // Keep polling while paused so the group membership stays alive, but
      // with every partition paused nothing is fetched.
      std::vector<kconnect::TopicPartition> all(assignment_.begin(), assignment_.end());
      if (paused) {
        consumer_->Pause(all);
        listener_.OnPause(Id());
      } else {
        consumer_->Resume(all);
        listener_.OnResume(Id());
      }
      was_paused = paused;
    }
    auto now = std::chrono::steady_clock::now();
    if (context_->commit_requested || now >= next_commit) {
      CommitOffsets(/*sync=*/false, /*closing=*/false);
      context_->commit_requested = false;
      next_commit = now + settings_.offset_flush_interval;
    }
    for (const auto& [tp, off] : context_->rewinds) {
      auto sought = consumer_->Seek(tp, off);
      if (!sought) kWorkerRuntimeLog().warn("{} {}", Id().ToString(), sought.Error().message);
      current_offsets_[tp] = off;
      last_committed_[tp] = off;
    }
    context_->rewinds.clear();
    auto timeout = std::chrono::duration_cast<std::chrono::milliseconds>(next_commit - now);
    timeout = std::clamp(timeout, std::chrono::milliseconds(0), std::chrono::milliseconds(1000));
    PollAndDeliver(paused ? std::chrono::milliseconds(100) : timeout);
  }
}

void WorkerSinkTask::PollAndDeliver(std::chrono::milliseconds timeout) {
  if (paused_for_redelivery_) {
    // Redeliver the same batch after the task's requested backoff.
    if (std::chrono::steady_clock::now() < redeliver_after_) {
      consumer_->Poll(std::chrono::milliseconds(50), 1);  // keeps membership, all paused
      return;
    }
  } else if (!IsPaused()) {
    auto msgs = consumer_->Poll(timeout, settings_.max_poll_records);
    for (const auto& m : msgs) {
      kconnect::TopicPartition tp{m.Topic(), m.Partition()};
      active_topics_.Record(tp.topic);
      batch_.push_back(Convert(m));
      consumed_offsets_[tp] = m.Offset() + 1;
    }
  } else {
    consumer_->Poll(timeout, 1);
    return;
  }
  DeliverBatch();
}

kconnect::SinkRecord WorkerSinkTask::Convert(const kafka::Message& msg) {
  kconnect::SinkRecord r;
  r.topic = msg.Topic();
  r.kafka_partition = msg.Partition();
  r.kafka_offset = msg.Offset();
  int64_t ts = msg.Timestamp(&r.timestamp_type);
  if (ts >= 0) r.timestamp = ts;
  for (const auto& [name, value] : msg.Headers()) {
    auto sv = header_converter_->ToConnectHeader(r.topic, name, value);
    r.headers.Add(name, std::move(sv.value), std::move(sv.schema));
  }
  auto key = key_converter_->ToConnectData(r.topic, &r.headers, msg.Key());
  auto value = value_converter_->ToConnectData(r.topic, &r.headers, msg.Value());
  r.key_schema = std::move(key.schema);
  r.key = std::move(key.value);
  r.value_schema = std::move(value.schema);
  r.value = std::move(value.value);
  r.original_topic = r.topic;
  r.original_kafka_partition = msg.Partition();
  r.original_kafka_offset = msg.Offset();
  return r;
}

void WorkerSinkTask::DeliverBatch() {
  // Put is called on every iteration, also with an empty batch (Java does so).
  // Java hands the task a copy of its batch; the batch is handed over directly
  // here to avoid copying every record (a task that edits the records it was
  // given sees its edits again on redelivery).
  try {
    task_->Put(batch_);
  } catch (const kconnect::RetriableException& e) {
    kWorkerRuntimeLog().error("{} RetriableException from SinkTask: {}", Id().ToString(), e.what());
    if (!paused_for_redelivery_) {
      consumer_->Pause(std::vector<kconnect::TopicPartition>(assignment_.begin(),
                                                             assignment_.end()));
      paused_for_redelivery_ = true;
    }
    redeliver_after_ = std::chrono::steady_clock::now() + context_->timeout_;
    return;
  }
  for (const auto& [tp, off] : consumed_offsets_) current_offsets_[tp] = off;
  consumed_offsets_.clear();
  batch_.clear();
  if (paused_for_redelivery_) {
    paused_for_redelivery_ = false;
    std::vector<kconnect::TopicPartition> resume;
    for (const auto& tp : assignment_) {
      if (!context_->paused.count(tp)) resume.push_back(tp);
    }
    if (!IsPaused()) consumer_->Resume(resume);
  }
}

void WorkerSinkTask::CommitOffsets(bool sync, bool closing) {
  if (current_offsets_.empty()) return;
  std::map<kconnect::TopicPartition, kconnect::OffsetAndMetadata> offsets;
  for (const auto& [tp, off] : current_offsets_) offsets[tp] = {off, ""};
  std::map<kconnect::TopicPartition, kconnect::OffsetAndMetadata> to_commit;
  try {
    to_commit = task_->PreCommit(offsets);
  } catch (...) {
    kWorkerRuntimeLog().error("{} Offset commit failed, rewinding to last committed offsets: {}",
                              Id().ToString(),
                              DescribeException(std::current_exception(), "SinkTask::PreCommit"));
    if (!closing) {
      for (const auto& [tp, off] : last_committed_) {
        auto sought = consumer_->Seek(tp, off);
        (void)sought;
        current_offsets_[tp] = off;
      }
      batch_.clear();
      consumed_offsets_.clear();
    }
    return;
  }
  if (to_commit.empty()) return;  // the task opted out
  std::map<kconnect::TopicPartition, int64_t> commit;
  for (const auto& [tp, om] : to_commit) {
    auto it = current_offsets_.find(tp);
    if (it == current_offsets_.end() || om.offset > it->second) {
      kWorkerRuntimeLog().warn("{} Ignoring invalid task provided offset {}/{} -- not yet consumed",
                               Id().ToString(), tp.ToString(), om.offset);
      continue;
    }
    commit[tp] = om.offset;
  }
  if (commit == last_committed_ || commit.empty()) return;
  auto result = consumer_->Commit(commit, !sync);
  if (!result) {
    kWorkerRuntimeLog().error("{} {}", Id().ToString(), result.Error().message);
    return;
  }
  for (const auto& [tp, off] : commit) last_committed_[tp] = off;
}

void WorkerSinkTask::OnPartitionsAssigned(const std::vector<kconnect::TopicPartition>& partitions) {
  kWorkerRuntimeLog().info("{} Partitions assigned: {}", Id().ToString(), partitions.size());
  for (const auto& tp : partitions) assignment_.insert(tp);
  if (IsPaused() || paused_for_redelivery_) consumer_->Pause(partitions);
  if (task_started_) task_->Open(partitions);
}

void WorkerSinkTask::OnPartitionsRevoked(const std::vector<kconnect::TopicPartition>& partitions) {
  kWorkerRuntimeLog().info("{} Partitions revoked: {}", Id().ToString(), partitions.size());
  if (task_started_) {
    CommitOffsets(/*sync=*/true, /*closing=*/true);
    try {
      task_->Close(partitions);
    } catch (...) {
      kWorkerRuntimeLog().warn("{} SinkTask::Close threw: {}", Id().ToString(),
                               DescribeException(std::current_exception(), "SinkTask::Close"));
    }
  }
  for (const auto& tp : partitions) {
    assignment_.erase(tp);
    current_offsets_.erase(tp);
    consumed_offsets_.erase(tp);
    last_committed_.erase(tp);
  }
  std::erase_if(batch_, [&](const kconnect::SinkRecord& r) {
    return std::find(partitions.begin(), partitions.end(),
                     kconnect::TopicPartition{r.original_topic, r.original_kafka_partition}) !=
           partitions.end();
  });
}

void WorkerSinkTask::OnPartitionsLost(const std::vector<kconnect::TopicPartition>& partitions) {
  if (task_started_) task_->Close(partitions);
  for (const auto& tp : partitions) {
    assignment_.erase(tp);
    current_offsets_.erase(tp);
    consumed_offsets_.erase(tp);
    last_committed_.erase(tp);
  }
}

void WorkerSinkTask::Close() {
  if (consumer_ && task_started_) {
    // Final synchronous commit, then leave the group (the revoke callback
    // closes the task's partitions).
    try {
      CommitOffsets(/*sync=*/true, /*closing=*/true);
    } catch (...) {
    }
    consumer_->Close();
  }
  if (task_started_) {
    try {
      task_->Stop();
    } catch (...) {
      kWorkerRuntimeLog().warn("{} Could not stop task: {}", Id().ToString(),
                               DescribeException(std::current_exception(), "SinkTask::Stop"));
    }
  }
  consumer_.reset();
}

}  // namespace kconnect::worker::runtime
