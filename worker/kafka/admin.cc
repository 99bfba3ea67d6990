#include "worker/kafka/admin.h"

#include "worker/kafka/consumer.h"

namespace kconnect::worker::kafka {

namespace {

struct EventDeleter {
  void operator()(rd_kafka_event_t* e) const { rd_kafka_event_destroy(e); }
};
using EventPtr = std::unique_ptr<rd_kafka_event_t, EventDeleter>;

// The queue and options of one request; both die with it.
class Request {
 public:
  Request(rd_kafka_t* rk, rd_kafka_admin_op_t op)
      : queue_(rd_kafka_queue_new(rk)), options_(rd_kafka_AdminOptions_new(rk, op)) {
    char errstr[256];
    rd_kafka_AdminOptions_set_request_timeout(
        options_, static_cast<int>(Admin::kRequestTimeout.count()), errstr, sizeof(errstr));
  }
  ~Request() {
    rd_kafka_AdminOptions_destroy(options_);
    rd_kafka_queue_destroy(queue_);
  }
  Request(const Request&) = delete;
  Request& operator=(const Request&) = delete;
  rd_kafka_queue_t* Queue() const { return queue_; }
  const rd_kafka_AdminOptions_t* Options() const { return options_; }

 private:
  rd_kafka_queue_t* queue_;
  rd_kafka_AdminOptions_t* options_;
};

KafkaError PartitionError(const rd_kafka_topic_partition_t& p) {
  return {p.err, std::string(p.topic) + "-" + std::to_string(p.partition) + ": " +
                     rd_kafka_err2str(p.err)};
}

// The first error of a result: a group's own, else one of its partitions'.
KafkaError FirstError(const rd_kafka_group_result_t** groups, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    if (const rd_kafka_error_t* e = rd_kafka_group_result_error(groups[i])) {
      return {rd_kafka_error_code(e), rd_kafka_error_string(e)};
    }
    const rd_kafka_topic_partition_list_t* parts = rd_kafka_group_result_partitions(groups[i]);
    for (int j = 0; parts != nullptr && j < parts->cnt; ++j) {
      if (parts->elems[j].err != RD_KAFKA_RESP_ERR_NO_ERROR) return PartitionError(parts->elems[j]);
    }
  }
  return {};
}

}  // namespace

util::Result<std::unique_ptr<Admin>> Admin::Create(const ClientProps& props,
                                                   std::string description) {
  auto conf = MakeConf(props, description);
  if (!conf) return conf.Error();
  char errstr[512];
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf.Value().get(), errstr, sizeof(errstr));
  if (rk == nullptr) {
    return util::Internal("Failed to create the admin client " + description + ": " + errstr);
  }
  (void)conf.Value().release();  // owned by rk now
  std::unique_ptr<Admin> admin(new Admin());
  admin->rk_ = rk;
  admin->description_ = std::move(description);
  return admin;
}

Admin::~Admin() {
  if (rk_ != nullptr) rd_kafka_destroy(rk_);
}

rd_kafka_event_t* Admin::Await(rd_kafka_queue_t* queue, KafkaError* error) const {
  // librdkafka answers by the request timeout; the margin only guards
  // against a result that never comes.
  const auto wait = kRequestTimeout + std::chrono::seconds(5);
  rd_kafka_event_t* event = rd_kafka_queue_poll(queue, static_cast<int>(wait.count()));
  if (event == nullptr) {
    *error = {RD_KAFKA_RESP_ERR__TIMED_OUT, description_ + ": no answer from the cluster"};
    return nullptr;
  }
  if (rd_kafka_event_error(event) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    *error = {rd_kafka_event_error(event), rd_kafka_event_error_string(event)};
  }
  return event;
}

KafkaError Admin::Run(rd_kafka_admin_op_t op, const IssueFn& issue, const GroupsFn& groups,
                      const ReadFn& read) {
  Request request(rk_, op);
  issue(request.Options(), request.Queue());
  KafkaError error;
  EventPtr event(Await(request.Queue(), &error));
  if (!error.Ok()) return error;
  size_t count = 0;
  const rd_kafka_group_result_t** results = groups(event.get(), &count);
  error = FirstError(results, count);
  if (error.Ok() && read) read(results, count);
  return error;
}

KafkaError Admin::ListConsumerGroupOffsets(const std::string& group,
                                           const std::vector<kconnect::TopicPartition>* partitions,
                                           std::map<kconnect::TopicPartition, int64_t>* offsets) {
  ListPtr parts;
  if (partitions != nullptr) parts = ToList(*partitions);
  return Run(
      RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS,
      [&](const rd_kafka_AdminOptions_t* options, rd_kafka_queue_t* queue) {
        rd_kafka_ListConsumerGroupOffsets_t* list =
            rd_kafka_ListConsumerGroupOffsets_new(group.c_str(), parts.get());
        rd_kafka_ListConsumerGroupOffsets(rk_, &list, 1, options, queue);
        rd_kafka_ListConsumerGroupOffsets_destroy(list);
      },
      [](rd_kafka_event_t* event, size_t* count) {
        return rd_kafka_ListConsumerGroupOffsets_result_groups(
            rd_kafka_event_ListConsumerGroupOffsets_result(event), count);
      },
      [&](const rd_kafka_group_result_t** groups, size_t count) {
        for (size_t i = 0; i < count; ++i) {
          const rd_kafka_topic_partition_list_t* parts = rd_kafka_group_result_partitions(groups[i]);
          for (int j = 0; parts != nullptr && j < parts->cnt; ++j) {
            const rd_kafka_topic_partition_t& p = parts->elems[j];
            if (p.offset >= 0) (*offsets)[{p.topic, p.partition}] = p.offset;
          }
        }
      });
}

KafkaError Admin::Topics(std::map<std::string, int>* partition_counts) {
  const rd_kafka_metadata_t* metadata = nullptr;
  rd_kafka_resp_err_t err = rd_kafka_metadata(rk_, /*all_topics=*/1, nullptr, &metadata,
                                              static_cast<int>(kRequestTimeout.count()));
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return {err, rd_kafka_err2str(err)};
  for (int i = 0; i < metadata->topic_cnt; ++i) {
    const rd_kafka_metadata_topic_t& t = metadata->topics[i];
    if (t.err == RD_KAFKA_RESP_ERR_NO_ERROR) (*partition_counts)[t.topic] = t.partition_cnt;
  }
  rd_kafka_metadata_destroy(metadata);
  return {};
}

KafkaError Admin::AlterConsumerGroupOffsets(
    const std::string& group, const std::map<kconnect::TopicPartition, int64_t>& offsets) {
  ListPtr parts(rd_kafka_topic_partition_list_new(static_cast<int>(offsets.size())));
  for (const auto& [tp, offset] : offsets) {
    rd_kafka_topic_partition_list_add(parts.get(), tp.topic.c_str(), tp.partition)->offset = offset;
  }
  return Run(
      RD_KAFKA_ADMIN_OP_ALTERCONSUMERGROUPOFFSETS,
      [&](const rd_kafka_AdminOptions_t* options, rd_kafka_queue_t* queue) {
        rd_kafka_AlterConsumerGroupOffsets_t* alter =
            rd_kafka_AlterConsumerGroupOffsets_new(group.c_str(), parts.get());
        rd_kafka_AlterConsumerGroupOffsets(rk_, &alter, 1, options, queue);
        rd_kafka_AlterConsumerGroupOffsets_destroy(alter);
      },
      [](rd_kafka_event_t* event, size_t* count) {
        return rd_kafka_AlterConsumerGroupOffsets_result_groups(
            rd_kafka_event_AlterConsumerGroupOffsets_result(event), count);
      });
}

KafkaError Admin::DeleteConsumerGroupOffsets(
    const std::string& group, const std::vector<kconnect::TopicPartition>& partitions) {
  ListPtr parts = ToList(partitions);
  return Run(
      RD_KAFKA_ADMIN_OP_DELETECONSUMERGROUPOFFSETS,
      [&](const rd_kafka_AdminOptions_t* options, rd_kafka_queue_t* queue) {
        rd_kafka_DeleteConsumerGroupOffsets_t* del =
            rd_kafka_DeleteConsumerGroupOffsets_new(group.c_str(), parts.get());
        rd_kafka_DeleteConsumerGroupOffsets(rk_, &del, 1, options, queue);
        rd_kafka_DeleteConsumerGroupOffsets_destroy(del);
      },
      [](rd_kafka_event_t* event, size_t* count) {
        return rd_kafka_DeleteConsumerGroupOffsets_result_groups(
            rd_kafka_event_DeleteConsumerGroupOffsets_result(event), count);
      });
}

KafkaError Admin::DeleteGroup(const std::string& group) {
  return Run(
      RD_KAFKA_ADMIN_OP_DELETEGROUPS,
      [&](const rd_kafka_AdminOptions_t* options, rd_kafka_queue_t* queue) {
        rd_kafka_DeleteGroup_t* del = rd_kafka_DeleteGroup_new(group.c_str());
        rd_kafka_DeleteGroups(rk_, &del, 1, options, queue);
        rd_kafka_DeleteGroup_destroy(del);
      },
      [](rd_kafka_event_t* event, size_t* count) {
        return rd_kafka_DeleteGroups_result_groups(rd_kafka_event_DeleteGroups_result(event),
                                                   count);
      });
}

}  // namespace kconnect::worker::kafka
