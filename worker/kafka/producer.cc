#include "worker/kafka/producer.h"

#include <spdlog/spdlog.h>

namespace kconnect::worker::kafka {

util::Result<std::unique_ptr<Producer>> Producer::Create(const ClientProps& props,
                                                        DeliveryHandler handler,
                                                        std::string description) {
  auto conf = MakeConf(props, description);
  if (!conf) return conf.Error();
  std::unique_ptr<Producer> producer(new Producer());
  producer->handler_ = std::move(handler);
  producer->description_ = std::move(description);
  rd_kafka_conf_set_dr_msg_cb(conf.Value().get(), &Producer::OnDelivery);
  rd_kafka_conf_set_opaque(conf.Value().get(), producer.get());
  char errstr[512];
  // rd_kafka_new takes ownership of the conf only on success.
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf.Value().get(), errstr, sizeof(errstr));
  if (rk == nullptr) {
    return util::Internal("Failed to create producer " + producer->description_ + ": " + errstr);
  }
  (void)conf.Value().release();
  producer->rk_ = rk;
  producer->poll_thread_ = std::thread([p = producer.get()] { p->PollLoop(); });
  return producer;
}

Producer::~Producer() {
  if (rk_ != nullptr) {
    // Java closes source producers with a 30 s grace period; the caller has
    // normally flushed already, so this only bounds a stuck broker.
    rd_kafka_flush(rk_, 30000);
  }
  stop_ = true;
  if (poll_thread_.joinable()) poll_thread_.join();
  for (auto& [name, rkt] : topics_) rd_kafka_topic_destroy(rkt);
  if (rk_ != nullptr) rd_kafka_destroy(rk_);
}

namespace {
// How long the sending thread may leave deliveries unserved before the poll
// thread takes over (a task blocked in its own poll(), or idle).
constexpr int64_t kSenderAwayMs = 50;

int64_t SteadyMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
}  // namespace

void Producer::PollLoop() {
  while (!stop_.load(std::memory_order_relaxed)) {
    if (SteadyMillis() - last_served_ms_.load(std::memory_order_relaxed) >= kSenderAwayMs) {
      rd_kafka_poll(rk_, static_cast<int>(kSenderAwayMs));
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
}

void Producer::ServeDeliveries(int timeout_ms) {
  last_served_ms_.store(SteadyMillis(), std::memory_order_relaxed);
  rd_kafka_poll(rk_, timeout_ms);
}

void Producer::OnDelivery(rd_kafka_t* /*rk*/, const rd_kafka_message_t* msg, void* opaque) {
  auto* self = static_cast<Producer*>(opaque);
  DeliveryReport report;
  report.err = msg->err;
  if (msg->err != RD_KAFKA_RESP_ERR_NO_ERROR) report.error = rd_kafka_err2str(msg->err);
  if (msg->rkt != nullptr) report.topic = std::string_view(rd_kafka_topic_name(msg->rkt));
  report.partition = msg->partition;
  report.offset = msg->offset;
  rd_kafka_timestamp_type_t tstype;
  report.timestamp = rd_kafka_message_timestamp(msg, &tstype);
  if (self->handler_) self->handler_(msg->_private, report);
}

util::Result<util::Empty> Producer::Send(const std::string& topic, int32_t partition,
                                         const std::optional<std::string>& key,
                                         const std::optional<std::string>& value,
                                         const KafkaHeaders& headers, int64_t timestamp_ms,
                                         void* opaque, const std::atomic<bool>* abort,
                                         const std::function<void()>& while_blocked) {
  rd_kafka_topic_t* rkt = TopicHandle(topic);
  if (rkt == nullptr) {
    return util::Internal("Unrecoverable exception trying to send to topic " + topic + ": " +
                          rd_kafka_err2str(rd_kafka_last_error()));
  }
  for (;;) {
    rd_kafka_headers_t* hdrs = nullptr;
    if (!headers.empty()) {
      hdrs = rd_kafka_headers_new(headers.size());
      for (const auto& [name, hv] : headers) {
        rd_kafka_header_add(hdrs, name.data(), static_cast<ssize_t>(name.size()),
                            hv ? hv->data() : nullptr, hv ? static_cast<ssize_t>(hv->size()) : 0);
      }
    }
    // The RD_KAFKA_V_* macros cast their arguments textually: pass plain locals.
    void* key_ptr = key ? const_cast<char*>(key->data()) : nullptr;
    size_t key_len = key ? key->size() : 0;
    void* value_ptr = value ? const_cast<char*>(value->data()) : nullptr;
    size_t value_len = value ? value->size() : 0;
    int32_t part = partition < 0 ? RD_KAFKA_PARTITION_UA : partition;
    int64_t ts = timestamp_ms < 0 ? 0 : timestamp_ms;
    rd_kafka_resp_err_t err = rd_kafka_producev(
        rk_, RD_KAFKA_V_RKT(rkt),
        RD_KAFKA_V_PARTITION(part), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
        RD_KAFKA_V_KEY(key_ptr, key_len), RD_KAFKA_V_VALUE(value_ptr, value_len),
        RD_KAFKA_V_TIMESTAMP(ts), RD_KAFKA_V_HEADERS(hdrs),
        RD_KAFKA_V_OPAQUE(opaque), RD_KAFKA_V_END);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return util::Empty{};
    if (hdrs != nullptr) rd_kafka_headers_destroy(hdrs);
    if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      if (abort != nullptr && abort->load()) {
        return util::Internal("Producer " + description_ + " is shutting down");
      }
      // Back-pressure: serve delivery reports (which frees queue space) and
      // wait briefly for more.
      if (while_blocked) while_blocked();
      ServeDeliveries(1);
      continue;
    }
    return util::Internal("Unrecoverable exception trying to send to topic " + topic + ": " +
                          rd_kafka_err2str(err));
  }
}

rd_kafka_topic_t* Producer::TopicHandle(const std::string& topic) {
  if (last_topic_name_ != nullptr && *last_topic_name_ == topic) return last_topic_;
  auto it = topics_.find(topic);
  if (it == topics_.end()) {
    rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk_, topic.c_str(), nullptr);
    if (rkt == nullptr) return nullptr;
    const rd_kafka_metadata_t* md = nullptr;
    // Failure is harmless: records then wait for librdkafka's own refresh.
    if (rd_kafka_metadata(rk_, 0, rkt, &md, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR && md != nullptr) {
      rd_kafka_metadata_destroy(md);
    }
    it = topics_.emplace(topic, rkt).first;
  }
  last_topic_name_ = &it->first;
  last_topic_ = it->second;
  return last_topic_;
}

bool Producer::Flush(std::chrono::milliseconds timeout) {
  return rd_kafka_flush(rk_, static_cast<int>(timeout.count())) == RD_KAFKA_RESP_ERR_NO_ERROR;
}

int Producer::OutQueueLength() const { return rd_kafka_outq_len(rk_); }

void Producer::Purge() {
  rd_kafka_resp_err_t err = rd_kafka_purge(rk_, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    spdlog::warn("{}: purge failed: {}", description_, rd_kafka_err2str(err));
  }
}

}  // namespace kconnect::worker::kafka
