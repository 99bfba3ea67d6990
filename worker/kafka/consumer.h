#pragma once
// Consumer: RAII wrapper over a librdkafka high-level (group) consumer.
//
// Thread-safety: confined to one thread (the sink task's). Rebalance
// callbacks are invoked from inside Poll() on that same thread, which is
// what Kafka Connect's WorkerSinkTask expects of its rebalance listener.

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kconnect/records.h"
#include "worker/kafka/client_config.h"
#include "worker/util/result.h"

namespace kconnect::worker::kafka {

struct MessageDeleter {
  void operator()(rd_kafka_message_t* m) const { rd_kafka_message_destroy(m); }
};

// A consumed record; owns the librdkafka message, exposes views into it.
class Message {
 public:
  explicit Message(rd_kafka_message_t* m) : m_(m) {}
  std::string Topic() const { return rd_kafka_topic_name(m_->rkt); }
  int32_t Partition() const { return m_->partition; }
  int64_t Offset() const { return m_->offset; }
  std::optional<std::string_view> Key() const;
  std::optional<std::string_view> Value() const;
  int64_t Timestamp(kconnect::TimestampType* type) const;
  // Header names and values (nullopt for a null header value), in order.
  std::vector<std::pair<std::string, std::optional<std::string_view>>> Headers() const;

 private:
  std::unique_ptr<rd_kafka_message_t, MessageDeleter> m_;
};

class RebalanceListener {
 public:
  virtual ~RebalanceListener() = default;
  virtual void OnPartitionsAssigned(const std::vector<kconnect::TopicPartition>& partitions) = 0;
  // Called before the partitions are given up (offsets can still be committed).
  virtual void OnPartitionsRevoked(const std::vector<kconnect::TopicPartition>& partitions) = 0;
  // Partitions lost without a chance to commit.
  virtual void OnPartitionsLost(const std::vector<kconnect::TopicPartition>& partitions) = 0;
};

class Consumer {
 public:
  // `listener` must outlive the consumer. props must contain group.id.
  static util::Result<std::unique_ptr<Consumer>> Create(const ClientProps& props,
                                                        RebalanceListener* listener,
                                                        std::string description);
  ~Consumer();
  Consumer(const Consumer&) = delete;
  Consumer& operator=(const Consumer&) = delete;

  // Topics; an entry starting with '^' is a regex subscription (librdkafka syntax).
  util::Result<util::Empty> Subscribe(const std::vector<std::string>& topics);
  // Returns up to max_messages, waiting at most timeout for the first one.
  // Per-partition errors (e.g. unknown topic) are logged and skipped.
  std::vector<Message> Poll(std::chrono::milliseconds timeout, size_t max_messages);
  // Commits the given next-offsets (offset of the next record to consume).
  util::Result<util::Empty> Commit(const std::map<kconnect::TopicPartition, int64_t>& offsets,
                                   bool async);
  util::Result<util::Empty> Seek(const kconnect::TopicPartition& tp, int64_t offset);
  void Pause(const std::vector<kconnect::TopicPartition>& partitions);
  void Resume(const std::vector<kconnect::TopicPartition>& partitions);
  std::vector<kconnect::TopicPartition> Assignment() const;
  // Leaves the group (triggers the revoke callback). Idempotent.
  void Close();

 private:
  Consumer() = default;
  static void OnRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                          rd_kafka_topic_partition_list_t* partitions, void* opaque);

  rd_kafka_t* rk_ = nullptr;
  rd_kafka_queue_t* queue_ = nullptr;
  RebalanceListener* listener_ = nullptr;
  std::string description_;
  bool closed_ = false;
};

std::vector<kconnect::TopicPartition> ToTopicPartitions(
    const rd_kafka_topic_partition_list_t* list);

struct ListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* l) const {
    rd_kafka_topic_partition_list_destroy(l);
  }
};
using ListPtr = std::unique_ptr<rd_kafka_topic_partition_list_t, ListDeleter>;
// A librdkafka list of `tps` (offsets left unset).
ListPtr ToList(const std::vector<kconnect::TopicPartition>& tps);

}  // namespace kconnect::worker::kafka
