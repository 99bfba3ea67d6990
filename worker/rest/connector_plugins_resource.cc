#include "worker/rest/connector_plugins_resource.h"

#include "worker/rest/entities.h"

namespace kconnect::worker::rest {

void ConnectorPluginsResource::Register(Router& router) {
  router.Add("GET", "/connector-plugins", /*consumes_json=*/true,
             [this](const RestRequest& request, const Router::Params&) {
               // @DefaultValue("true") boolean connectorsOnly (KIP-769).
               bool connectors_only = BoolQueryParam(request, "connectorsOnly", true);
               Json out = Json::array();
               for (const auto& plugin : herder_.ConnectorPlugins(connectors_only)) {
                 out.push_back(ToJson(plugin));
               }
               return RestResponse::Json(200, out);
             });
}

}  // namespace kconnect::worker::rest
