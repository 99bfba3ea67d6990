// Metadata 0–6 (spec broker.md §6): this node is the only broker, the
// controller and the leader of every partition.

#include "broker/protocol/metadata.h"

#include "broker/protocol/error_code.h"
#include "broker/server/handlers/handlers.h"
#include "broker/server/handlers/topics.h"

namespace kconnect::broker::server {
namespace {

// Kafka's internal topics, flagged is_internal for clients that hide them.
bool IsInternalTopic(const std::string& name) {
  return name == "__consumer_offsets" || name == "__transaction_state";
}

protocol::MetadataResponse::MetadataResponseTopic DescribeTopic(const BrokerContext& broker,
                                                                const storage::TopicInfo& info) {
  protocol::MetadataResponse::MetadataResponseTopic t;
  t.name = info.name;
  t.is_internal = IsInternalTopic(info.name);
  for (int32_t p = 0; p < info.partitions; ++p) {
    protocol::MetadataResponse::MetadataResponseTopic::MetadataResponsePartition part;
    part.partition_index = p;
    part.leader_id = broker.settings.node_id;
    part.replica_nodes = {broker.settings.node_id};
    part.isr_nodes = {broker.settings.node_id};
    t.partitions.push_back(std::move(part));
  }
  return t;
}

protocol::MetadataResponse HandleMetadata(BrokerContext& broker, const RequestContext& ctx,
                                          const protocol::MetadataRequest& request,
                                          int16_t version) {
  protocol::MetadataResponse response;
  const AdvertisedEndpoint endpoint = broker.advertised(ctx.listener);
  protocol::MetadataResponse::MetadataResponseBroker self;
  self.node_id = broker.settings.node_id;
  self.host = endpoint.host;
  self.port = endpoint.port;
  response.brokers.push_back(std::move(self));
  // Admin clients of every language need the controller to be a listed broker.
  response.controller_id = broker.settings.node_id;
  response.cluster_id = broker.settings.cluster_id;

  // v0: an empty list means every topic; v1+: null means every topic and an
  // empty list none.
  const bool all_topics = !request.topics.has_value() || (version == 0 && request.topics->empty());
  if (all_topics) {
    for (const auto& info : broker.logs->ListTopics()) {
      response.topics.push_back(DescribeTopic(broker, info));
    }
    return response;
  }
  // allow_auto_topic_creation exists from v4; older clients always allow it.
  const bool allow_create = version < 4 || request.allow_auto_topic_creation;
  for (const auto& requested : *request.topics) {
    TopicLookup found = FindOrCreateTopic(broker, requested.name, allow_create);
    if (found.topic) {
      response.topics.push_back(DescribeTopic(broker, *found.topic));
    } else {
      protocol::MetadataResponse::MetadataResponseTopic t;
      t.name = requested.name;
      t.error_code = found.error_code;
      response.topics.push_back(std::move(t));
    }
  }
  return response;
}

}  // namespace

void RegisterMetadataHandlers(HandlerTable& table, BrokerContext& broker) {
  table.Register(protocol::ApiKey::kMetadata, 0, 6,
                 Unary<protocol::MetadataRequest>(
                     [&broker](const RequestContext& ctx, const protocol::MetadataRequest& request,
                               int16_t version) { return HandleMetadata(broker, ctx, request, version); }));
}

}  // namespace kconnect::broker::server
