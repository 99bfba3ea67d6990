#pragma once
// Producer: RAII wrapper over a librdkafka producer with its own delivery
// thread.
//
// Thread-safety: Send() may be called from any thread (one task thread in
// practice). Delivery callbacks run on the producer's poll thread, which the
// wrapper owns: it is started by Create() and joined by the destructor.

#include <librdkafka/rdkafka.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "worker/kafka/client_config.h"
#include "worker/util/result.h"

namespace kconnect::worker::kafka {

struct DeliveryReport {
  rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
  std::string error;  // empty on success
  std::string topic;
  int32_t partition = -1;
  int64_t offset = -1;
  int64_t timestamp = -1;
};

using KafkaHeaders = std::vector<std::pair<std::string, std::optional<std::string>>>;

class Producer {
 public:
  // Called on the poll thread once per message with the opaque given to Send.
  using DeliveryHandler = std::function<void(void* opaque, const DeliveryReport& report)>;

  static util::Result<std::unique_ptr<Producer>> Create(const ClientProps& props,
                                                        DeliveryHandler handler,
                                                        std::string description);
  ~Producer();
  Producer(const Producer&) = delete;
  Producer& operator=(const Producer&) = delete;

  // Enqueues one record. partition < 0 lets the partitioner choose. While the
  // local queue is full it waits (like Java's max.block.ms=MAX) until `abort`
  // becomes true. An error is returned for immediate, non-retriable failures
  // (unknown partition, message too large, ...).
  util::Result<util::Empty> Send(const std::string& topic, int32_t partition,
                                 const std::optional<std::string>& key,
                                 const std::optional<std::string>& value,
                                 const KafkaHeaders& headers, int64_t timestamp_ms, void* opaque,
                                 const std::atomic<bool>* abort = nullptr);

  // Waits until every enqueued record got its delivery report. Returns false on
  // timeout.
  bool Flush(std::chrono::milliseconds timeout);
  // Records not yet acknowledged (queued or in flight).
  int OutQueueLength() const;
  // Gives up on every record not yet acknowledged: each gets a failed
  // delivery report (a purge error), so destroying the producer afterwards
  // does not wait for a broker that may never answer.
  void Purge();

  rd_kafka_t* Handle() const { return rk_; }

 private:
  Producer() = default;
  static void OnDelivery(rd_kafka_t* rk, const rd_kafka_message_t* msg, void* opaque);
  void PollLoop();

  rd_kafka_t* rk_ = nullptr;
  DeliveryHandler handler_;
  std::string description_;
  std::atomic<bool> stop_{false};
  std::thread poll_thread_;
};

}  // namespace kconnect::worker::kafka
