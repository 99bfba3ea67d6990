#pragma once
// Topic lookup with Kafka's auto-creation rule, shared by Metadata and Produce.

#include <memory>
#include <optional>
#include <string>

#include "broker/server/handlers/broker_context.h"

namespace kconnect::broker::server {

struct TopicLookup {
  int16_t error_code = 0;  // 0, UNKNOWN_TOPIC_OR_PARTITION (3) or INVALID_TOPIC_EXCEPTION (17)
  std::optional<storage::TopicInfo> topic;
};

// The topic named `name`; if it does not exist and `allow_create` and the
// broker's auto.create.topics.enable are both true, it is created first with
// num.partitions partitions (a racing creator is fine: TOPIC_ALREADY_EXISTS
// counts as found).
TopicLookup FindOrCreateTopic(BrokerContext& broker, const std::string& name, bool allow_create);

}  // namespace kconnect::broker::server
