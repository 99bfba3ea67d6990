// Produce, Fetch, ListOffsets and InitProducerId: not served yet.

#include "broker/server/handlers/handlers.h"

namespace kconnect::broker::server {

void RegisterDataHandlers(HandlerTable& /*table*/, BrokerContext& /*broker*/) {}

}  // namespace kconnect::broker::server
