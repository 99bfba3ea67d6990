// Topic administration (spec broker.md §8): the versions served and the
// wiring; the handlers themselves are in admin_topics.cc and admin_configs.cc.

#include "broker/server/handlers/admin_handlers.h"

#include "broker/server/handlers/handlers.h"

namespace kconnect::broker::server {

void RegisterAdminHandlers(HandlerTable& table, BrokerContext& broker) {
  table.Register(
      protocol::ApiKey::kCreateTopics, 0, 4,
      Unary<protocol::CreateTopicsRequest>(
          [&broker](const RequestContext&, const protocol::CreateTopicsRequest& request,
                    int16_t version) { return HandleCreateTopics(broker, request, version); }));
  table.Register(protocol::ApiKey::kDeleteTopics, 0, 3,
                 Unary<protocol::DeleteTopicsRequest>(
                     [&broker](const RequestContext&, const protocol::DeleteTopicsRequest& request,
                               int16_t) { return HandleDeleteTopics(broker, request); }));
  table.Register(protocol::ApiKey::kDeleteRecords, 0, 1,
                 Unary<protocol::DeleteRecordsRequest>(
                     [&broker](const RequestContext&, const protocol::DeleteRecordsRequest& request,
                               int16_t) { return HandleDeleteRecords(broker, request); }));
  table.Register(
      protocol::ApiKey::kDescribeConfigs, 0, 2,
      Unary<protocol::DescribeConfigsRequest>(
          [&broker](const RequestContext&, const protocol::DescribeConfigsRequest& request,
                    int16_t version) { return HandleDescribeConfigs(broker, request, version); }));
  table.Register(protocol::ApiKey::kAlterConfigs, 0, 1,
                 Unary<protocol::AlterConfigsRequest>(
                     [&broker](const RequestContext&, const protocol::AlterConfigsRequest& request,
                               int16_t) { return HandleAlterConfigs(broker, request); }));
  table.Register(
      protocol::ApiKey::kCreatePartitions, 0, 1,
      Unary<protocol::CreatePartitionsRequest>(
          [&broker](const RequestContext&, const protocol::CreatePartitionsRequest& request,
                    int16_t) { return HandleCreatePartitions(broker, request); }));
}

}  // namespace kconnect::broker::server
