#pragma once
// Admin: RAII wrapper over a librdkafka handle used for Admin API requests
// about consumer groups — the committed offsets of sink connectors (KIP-875:
// GET/PATCH/DELETE /connectors/{n}/offsets).
//
// Thread-safety: any thread. Each call waits on a result queue of its own, so
// calls from several threads do not see each other's results.
//
// Errors are returned with their Kafka error code, because callers must tell
// "the group still has members" (the sink's tasks have not left yet) from
// other failures.

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "kconnect/records.h"
#include "worker/kafka/client_config.h"
#include "worker/util/result.h"

namespace kconnect::worker::kafka {

struct KafkaError {
  rd_kafka_resp_err_t code = RD_KAFKA_RESP_ERR_NO_ERROR;
  std::string message;  // librdkafka's text; empty when Ok()
  bool Ok() const { return code == RD_KAFKA_RESP_ERR_NO_ERROR; }
};

class Admin {
 public:
  // Errors: a bad client setting (400 naming the key) or a handle librdkafka
  // refused to create (500).
  static util::Result<std::unique_ptr<Admin>> Create(const ClientProps& props,
                                                     std::string description);
  ~Admin();
  Admin(const Admin&) = delete;
  Admin& operator=(const Admin&) = delete;

  // The group's committed offsets (the next offset to consume) by partition;
  // partitions without a committed offset are left out, and a group that does
  // not exist has none. With `partitions` null, every partition the group has
  // an offset for; brokers that serve OffsetFetch only up to v5 (Kafka
  // before 2.4, and the bundled broker) answer that request with nothing,
  // as librdkafka then sends an empty topic list.
  KafkaError ListConsumerGroupOffsets(const std::string& group,
                                      const std::vector<kconnect::TopicPartition>* partitions,
                                      std::map<kconnect::TopicPartition, int64_t>* offsets);
  // Every topic of the cluster with its partition count.
  KafkaError Topics(std::map<std::string, int>* partition_counts);
  // Sets committed offsets. The broker refuses with UNKNOWN_MEMBER_ID while the
  // group has members; a group that does not exist yet is created.
  KafkaError AlterConsumerGroupOffsets(const std::string& group,
                                       const std::map<kconnect::TopicPartition, int64_t>& offsets);
  // Deletes committed offsets. GROUP_SUBSCRIBED_TO_TOPIC while members consume
  // the topic; GROUP_ID_NOT_FOUND when the group does not exist.
  KafkaError DeleteConsumerGroupOffsets(const std::string& group,
                                        const std::vector<kconnect::TopicPartition>& partitions);
  // Deletes the group and its offsets. GROUP_ID_NOT_FOUND when there is none,
  // NON_EMPTY_GROUP while it has members.
  KafkaError DeleteGroup(const std::string& group);

  // How long one request may take, broker round trips included.
  static constexpr std::chrono::milliseconds kRequestTimeout{30000};

 private:
  using IssueFn = std::function<void(const rd_kafka_AdminOptions_t*, rd_kafka_queue_t*)>;
  using GroupsFn = std::function<const rd_kafka_group_result_t**(rd_kafka_event_t*, size_t*)>;
  using ReadFn = std::function<void(const rd_kafka_group_result_t**, size_t)>;

  Admin() = default;
  // One request: `issue` sends it with the given options and result queue,
  // `groups` finds the group results in the result event, and `read` (if
  // any) reads them when neither the request nor a group or partition failed.
  KafkaError Run(rd_kafka_admin_op_t op, const IssueFn& issue, const GroupsFn& groups,
                 const ReadFn& read = nullptr);
  // Waits for the result event of the request just issued on `queue`. Fills
  // `error` from the event's own error (request level); the caller inspects
  // the group results. Returns null (with `error` set) on a timeout.
  rd_kafka_event_t* Await(rd_kafka_queue_t* queue, KafkaError* error) const;

  rd_kafka_t* rk_ = nullptr;
  std::string description_;
};

}  // namespace kconnect::worker::kafka
