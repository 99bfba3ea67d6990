// InitProducerId 0–1 (spec broker.md §4.3) for idempotent producers: a fresh
// producer id with epoch 0. Transactions are not served, so a transactional
// id is refused with a non-retriable error.

#include "broker/protocol/error_code.h"
#include "broker/protocol/init_producer_id.h"
#include "broker/server/handlers/data_apis.h"
#include "common/logging/logger_registry.h"

namespace kconnect::broker::server {

using common::logging::kBrokerLog;

namespace {

using protocol::ErrorCode;
using protocol::ToInt;

protocol::InitProducerIdResponse HandleInitProducerId(
    BrokerContext& broker, const RequestContext& ctx,
    const protocol::InitProducerIdRequest& request) {
  protocol::InitProducerIdResponse response;
  if (!request.transactional_id) {
    response.producer_id = broker.next_producer_id.fetch_add(1);
    response.producer_epoch = 0;
    return response;
  }
  response.producer_id = -1;
  response.producer_epoch = -1;
  if (request.transactional_id->empty()) {
    // Kafka: an empty transactional id is a malformed request, not "none".
    response.error_code = ToInt(ErrorCode::kInvalidRequest);
    return response;
  }
  // Librdkafka and KafkaJS treat this as fatal for the transactional
  // producer, which is the point: it cannot work here.
  kBrokerLog().warn(
      "InitProducerId for transactional.id '{}' from {} refused: transactions are not supported",
      *request.transactional_id, ctx.peer);
  response.error_code = ToInt(ErrorCode::kTransactionalIdAuthorizationFailed);
  return response;
}

}  // namespace

HandlerFn MakeInitProducerIdHandler(BrokerContext& broker) {
  return Unary<protocol::InitProducerIdRequest>(
      [&broker](const RequestContext& ctx, const protocol::InitProducerIdRequest& request,
                int16_t) { return HandleInitProducerId(broker, ctx, request); });
}

}  // namespace kconnect::broker::server
