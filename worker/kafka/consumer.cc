#include "worker/kafka/consumer.h"

#include <spdlog/spdlog.h>

namespace kconnect::worker::kafka {

ListPtr ToList(const std::vector<kconnect::TopicPartition>& tps) {
  ListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(tps.size())));
  for (const auto& tp : tps) {
    rd_kafka_topic_partition_list_add(list.get(), tp.topic.c_str(), tp.partition);
  }
  return list;
}

std::optional<std::string_view> Message::Key() const {
  if (m_->key == nullptr) return std::nullopt;
  return std::string_view(static_cast<const char*>(m_->key), m_->key_len);
}

std::optional<std::string_view> Message::Value() const {
  if (m_->payload == nullptr) return std::nullopt;
  return std::string_view(static_cast<const char*>(m_->payload), m_->len);
}

int64_t Message::Timestamp(kconnect::TimestampType* type) const {
  rd_kafka_timestamp_type_t t;
  int64_t ts = rd_kafka_message_timestamp(m_.get(), &t);
  if (type != nullptr) {
    *type = t == RD_KAFKA_TIMESTAMP_CREATE_TIME       ? kconnect::TimestampType::kCreateTime
            : t == RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME ? kconnect::TimestampType::kLogAppendTime
                                                      : kconnect::TimestampType::kNoTimestampType;
  }
  return ts;
}

std::vector<std::pair<std::string, std::optional<std::string_view>>> Message::Headers() const {
  std::vector<std::pair<std::string, std::optional<std::string_view>>> out;
  rd_kafka_headers_t* hdrs = nullptr;
  if (rd_kafka_message_headers(m_.get(), &hdrs) != RD_KAFKA_RESP_ERR_NO_ERROR) return out;
  const char* name;
  const void* value;
  size_t size;
  for (size_t i = 0; rd_kafka_header_get_all(hdrs, i, &name, &value, &size) ==
                     RD_KAFKA_RESP_ERR_NO_ERROR;
       ++i) {
    if (value == nullptr) {
      out.emplace_back(name, std::nullopt);
    } else {
      out.emplace_back(name, std::string_view(static_cast<const char*>(value), size));
    }
  }
  return out;
}

std::vector<kconnect::TopicPartition> ToTopicPartitions(
    const rd_kafka_topic_partition_list_t* list) {
  std::vector<kconnect::TopicPartition> out;
  if (list == nullptr) return out;
  out.reserve(list->cnt);
  for (int i = 0; i < list->cnt; ++i) {
    out.push_back({list->elems[i].topic, list->elems[i].partition});
  }
  return out;
}

util::Result<std::unique_ptr<Consumer>> Consumer::Create(const ClientProps& props,
                                                        RebalanceListener* listener,
                                                        std::string description) {
  auto conf = MakeConf(props, description);
  if (!conf) return conf.Error();
  std::unique_ptr<Consumer> consumer(new Consumer());
  consumer->listener_ = listener;
  consumer->description_ = std::move(description);
  rd_kafka_conf_set_rebalance_cb(conf.Value().get(), &Consumer::OnRebalance);
  rd_kafka_conf_set_opaque(conf.Value().get(), consumer.get());
  char errstr[512];
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf.Value().get(), errstr, sizeof(errstr));
  if (rk == nullptr) {
    return util::Internal("Failed to create consumer " + consumer->description_ + ": " + errstr);
  }
  (void)conf.Value().release();
  consumer->rk_ = rk;
  rd_kafka_poll_set_consumer(rk);
  consumer->queue_ = rd_kafka_queue_get_consumer(rk);
  return consumer;
}

Consumer::~Consumer() {
  Close();
  if (queue_ != nullptr) rd_kafka_queue_destroy(queue_);
  if (rk_ != nullptr) rd_kafka_destroy(rk_);
}

void Consumer::Close() {
  if (closed_ || rk_ == nullptr) return;
  closed_ = true;
  rd_kafka_consumer_close(rk_);
}

void Consumer::OnRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                           rd_kafka_topic_partition_list_t* partitions, void* opaque) {
  auto* self = static_cast<Consumer*>(opaque);
  auto tps = ToTopicPartitions(partitions);
  const bool cooperative = std::string(rd_kafka_rebalance_protocol(rk)) == "COOPERATIVE";
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    if (cooperative) {
      rd_kafka_error_t* e = rd_kafka_incremental_assign(rk, partitions);
      if (e != nullptr) rd_kafka_error_destroy(e);
    } else {
      rd_kafka_assign(rk, partitions);
    }
    if (self->listener_ != nullptr) self->listener_->OnPartitionsAssigned(tps);
  } else {
    if (self->listener_ != nullptr) {
      if (rd_kafka_assignment_lost(rk)) {
        self->listener_->OnPartitionsLost(tps);
      } else {
        self->listener_->OnPartitionsRevoked(tps);
      }
    }
    if (cooperative) {
      rd_kafka_error_t* e = rd_kafka_incremental_unassign(rk, partitions);
      if (e != nullptr) rd_kafka_error_destroy(e);
    } else {
      rd_kafka_assign(rk, nullptr);
    }
  }
}

util::Result<util::Empty> Consumer::Subscribe(const std::vector<std::string>& topics) {
  ListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(topics.size())));
  for (const auto& t : topics) {
    rd_kafka_topic_partition_list_add(list.get(), t.c_str(), RD_KAFKA_PARTITION_UA);
  }
  rd_kafka_resp_err_t err = rd_kafka_subscribe(rk_, list.get());
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return util::Internal("Failed to subscribe " + description_ + ": " + rd_kafka_err2str(err));
  }
  return util::Empty{};
}

std::vector<Message> Consumer::Poll(std::chrono::milliseconds timeout, size_t max_messages) {
  std::vector<Message> out;
  std::vector<rd_kafka_message_t*> buf(max_messages);
  ssize_t n = rd_kafka_consume_batch_queue(queue_, static_cast<int>(timeout.count()), buf.data(),
                                           buf.size());
  if (n <= 0) return out;
  out.reserve(static_cast<size_t>(n));
  for (ssize_t i = 0; i < n; ++i) {
    rd_kafka_message_t* m = buf[static_cast<size_t>(i)];
    if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        spdlog::warn("{}: consumer error: {}", description_, rd_kafka_message_errstr(m));
      }
      rd_kafka_message_destroy(m);
      continue;
    }
    out.emplace_back(m);
  }
  return out;
}

util::Result<util::Empty> Consumer::Commit(
    const std::map<kconnect::TopicPartition, int64_t>& offsets, bool async) {
  if (offsets.empty()) return util::Empty{};
  ListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(offsets.size())));
  for (const auto& [tp, off] : offsets) {
    rd_kafka_topic_partition_list_add(list.get(), tp.topic.c_str(), tp.partition)->offset = off;
  }
  rd_kafka_resp_err_t err = rd_kafka_commit(rk_, list.get(), async ? 1 : 0);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR__NO_OFFSET) {
    return util::Internal("Commit of offsets failed for " + description_ + ": " +
                          rd_kafka_err2str(err));
  }
  return util::Empty{};
}

util::Result<util::Empty> Consumer::Seek(const kconnect::TopicPartition& tp, int64_t offset) {
  ListPtr list(rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_list_add(list.get(), tp.topic.c_str(), tp.partition)->offset = offset;
  rd_kafka_error_t* e = rd_kafka_seek_partitions(rk_, list.get(), 5000);
  if (e != nullptr) {
    std::string msg = rd_kafka_error_string(e);
    rd_kafka_error_destroy(e);
    return util::Internal("Seek failed for " + tp.ToString() + ": " + msg);
  }
  return util::Empty{};
}

void Consumer::Pause(const std::vector<kconnect::TopicPartition>& partitions) {
  if (partitions.empty()) return;
  auto list = ToList(partitions);
  rd_kafka_pause_partitions(rk_, list.get());
}

void Consumer::Resume(const std::vector<kconnect::TopicPartition>& partitions) {
  if (partitions.empty()) return;
  auto list = ToList(partitions);
  rd_kafka_resume_partitions(rk_, list.get());
}

std::vector<kconnect::TopicPartition> Consumer::Assignment() const {
  rd_kafka_topic_partition_list_t* list = nullptr;
  if (rd_kafka_assignment(rk_, &list) != RD_KAFKA_RESP_ERR_NO_ERROR) return {};
  ListPtr owned(list);
  return ToTopicPartitions(list);
}

}  // namespace kconnect::worker::kafka
