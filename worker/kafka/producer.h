#pragma once
// Producer: RAII wrapper over a librdkafka producer with its own delivery
// thread.
//
// Thread-safety: Send() may be called from any thread (one task thread in
// practice). Delivery callbacks run on whichever thread serves them: the
// sending thread when it calls ServeDeliveries() (and while Send() waits on a
// full queue), otherwise the wrapper's own poll thread, which steps in only
// when the sender has not served deliveries for a while. Serving them on the
// sending thread means a message is allocated and freed on one thread: with
// glibc's per-thread arenas, frees from another thread contend for the
// sender's arena lock and cost more than the rest of the send path.

#include <librdkafka/rdkafka.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <thread>
#include <utility>
#include <vector>

#include "worker/kafka/client_config.h"
#include "worker/util/result.h"

namespace kconnect::worker::kafka {

struct DeliveryReport {
  rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
  std::string error;  // empty on success
  std::string_view topic;  // valid during the callback only
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
  // becomes true, calling `while_blocked` (if set) between attempts. An error
  // is returned for immediate, non-retriable failures (unknown partition,
  // message too large, ...).
  //
  // The first record for a topic first asks the cluster for that topic's
  // metadata, waiting up to 5 s as Java's send() does: librdkafka would
  // otherwise hold it until its next one-second metadata scan.
  util::Result<util::Empty> Send(const std::string& topic, int32_t partition,
                                 const std::optional<std::string>& key,
                                 const std::optional<std::string>& value,
                                 const KafkaHeaders& headers, int64_t timestamp_ms, void* opaque,
                                 const std::atomic<bool>* abort = nullptr,
                                 const std::function<void()>& while_blocked = {});

  // Runs the delivery callbacks that are ready, waiting up to timeout_ms for
  // the first one. Keeps the poll thread out of the way for a while.
  void ServeDeliveries(int timeout_ms);
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
  // The topic handle for `topic`, created (and its metadata fetched) on first use.
  rd_kafka_topic_t* TopicHandle(const std::string& topic);

  rd_kafka_t* rk_ = nullptr;
  DeliveryHandler handler_;
  std::string description_;
  std::atomic<bool> stop_{false};
  std::atomic<int64_t> last_served_ms_{0};  // steady clock, by ServeDeliveries
  std::thread poll_thread_;
  // Send's thread only. Handles are kept for the producer's life: looking a
  // topic up by name on every send costs a lock and a string compare.
  std::unordered_map<std::string, rd_kafka_topic_t*> topics_;
  const std::string* last_topic_name_ = nullptr;
  rd_kafka_topic_t* last_topic_ = nullptr;
};

}  // namespace kconnect::worker::kafka
