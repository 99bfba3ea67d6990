// Topic administration: not served yet.

#include "broker/server/handlers/handlers.h"

namespace kconnect::broker::server {

void RegisterAdminHandlers(HandlerTable& /*table*/, BrokerContext& /*broker*/) {}

}  // namespace kconnect::broker::server
