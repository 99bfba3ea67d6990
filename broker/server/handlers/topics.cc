#include "broker/server/handlers/topics.h"

#include <spdlog/spdlog.h>

#include "broker/protocol/error_code.h"

namespace kconnect::broker::server {

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
    spdlog::info("Auto-created topic {} with {} partition(s)", name, broker.settings.num_partitions);
  }
  out.topic = broker.logs->GetTopic(name);
  if (!out.topic) {
    out.error_code = created ? static_cast<int16_t>(protocol::ErrorCode::kUnknownTopicOrPartition)
                             : created.Error().code;
  }
  return out;
}

}  // namespace kconnect::broker::server
