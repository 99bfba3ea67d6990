#include "counter_source_task.h"

#include <algorithm>
#include <utility>

#include "counter_source_connector.h"
#include "kconnect/data/schema.h"
#include "kconnect/errors.h"

namespace example {

namespace {
// A Poll() must return regularly even when there is nothing to send: the worker
// only checks for stop/pause requests between two polls.
constexpr std::chrono::milliseconds kMaxWait{1000};
// Upper bound on records per Poll() when interval.ms is 0.
constexpr int64_t kMaxBatch = 1000;
}  // namespace

void CounterSourceTask::Start(const kconnect::Props& props) {
  kconnect::AbstractConfig config(CounterSourceConnector::ConfigDefinition(), props);
  topic_ = config.GetString(CounterSourceConnector::kTopicConfig).value_or("");
  interval_ = std::chrono::milliseconds(config.GetLong(CounterSourceConnector::kIntervalMsConfig));
  max_count_ = config.GetLong(CounterSourceConnector::kMaxCountConfig);

  // The source partition names the stream of numbers. Changing the topic
  // starts a new count.
  partition_ = {{kPartitionField, kconnect::Value(topic_)}};

  // Resume after the last number whose offset was committed. Offsets come
  // back as they were written, with integers as int64.
  next_ = 0;
  if (auto offset = Context()->GetOffsetStorageReader().Offset(partition_)) {
    const kconnect::Value* next = kconnect::FindOffsetField(*offset, kOffsetField);
    if (next == nullptr || !next->Is<int64_t>()) {
      // Failing loudly beats silently restarting from 0.
      throw kconnect::ConnectException("Stored offset for topic " + topic_ + " has no integer '" +
                                       kOffsetField + "'");
    }
    next_ = next->As<int64_t>();
  }
  next_due_ = std::chrono::steady_clock::now();
  std::lock_guard lock(mu_);
  stopped_ = false;
}

std::vector<kconnect::SourceRecord> CounterSourceTask::Poll() {
  using Clock = std::chrono::steady_clock;
  std::vector<kconnect::SourceRecord> records;
  {
    // Sleep until the next number is due, the wait limit passes, or Stop().
    const bool finished = max_count_ >= 0 && next_ >= max_count_;
    const auto limit = Clock::now() + kMaxWait;
    const auto wake_at = finished ? limit : std::min(next_due_, limit);
    std::unique_lock lock(mu_);
    if (stop_requested_.wait_until(lock, wake_at, [this] { return stopped_; })) return records;
    if (finished) return records;  // empty: nothing more to send, ever
  }

  const auto now = Clock::now();
  // After a long gap (the task was paused, say), do not burst out every missed
  // tick: continue from now.
  if (now - next_due_ > kMaxWait) next_due_ = now;
  const int64_t timestamp = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count();
  while (next_due_ <= now && static_cast<int64_t>(records.size()) < kMaxBatch &&
         (max_count_ < 0 || next_ < max_count_)) {
    // SourceRecord(partition, offset, topic, kafka partition, value schema, value).
    // No Kafka partition: the producer's partitioner picks one. No key.
    kconnect::OffsetMap offset{{kOffsetField, kconnect::Value(next_ + 1)}};
    kconnect::SourceRecord record(partition_, std::move(offset), topic_, std::nullopt,
                                  kconnect::Schema::Int64(), kconnect::Value(next_));
    record.timestamp = timestamp;
    records.push_back(std::move(record));
    ++next_;
    next_due_ += interval_;
  }
  return records;
}

void CounterSourceTask::Stop() {
  std::lock_guard lock(mu_);
  stopped_ = true;
  stop_requested_.notify_all();
}

}  // namespace example
