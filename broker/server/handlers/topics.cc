#include "broker/server/handlers/topics.h"

#include "broker/protocol/error_code.h"
#include "common/logging/logger_registry.h"

namespace kconnect::broker::server {

using common::logging::kBrokerLog;

TopicLookup FindOrCreateTopic(BrokerContext& broker, const std::string& name, bool allow_create) {
  TopicLookup out;
  out.topic = broker.logs->GetTopic(name);
  if (out.topic) return out;
  if (!storage::LogManager::ValidateTopicName(name)) {
    out.error_code = static_cast<int16_t>(protocol::ErrorCode::kInvalidTopicException);
    return out;
  }
  if (!allow_create || !broker.settings.auto_create_topics_enable) {
    out.error_code = static_cast<int16_t>(protocol::ErrorCode::kUnknownTopicOrPartition);
    return out;
  }
  auto created = broker.logs->CreateTopic(name, -1, {});
  if (created) {
    kBrokerLog().info("Auto-created topic {} with {} partition(s)", name,
                      broker.settings.num_partitions);
  }
  out.topic = broker.logs->GetTopic(name);
  if (!out.topic) {
    out.error_code = created ? static_cast<int16_t>(protocol::ErrorCode::kUnknownTopicOrPartition)
                             : created.Error().code;
  }
  return out;
}

}  // namespace kconnect::broker::server
