#pragma once

#include "worker/herder/herder.h"
#include "worker/rest/router.h"

namespace kconnect::worker::rest {

// GET /connector-plugins (Java: ConnectorPluginsResource, R-PLUGINS):
// `[{"class","type"[,"version"]}...]`, connectors only unless
// `?connectorsOnly=false` (KIP-769). The herder decides order and
// de-duplication. PUT /connector-plugins/{p}/config/validate (R-VALIDATE):
// ConfigInfos. Consumes JSON. Thread-safe; the herder must outlive
// this object.
class ConnectorPluginsResource {
 public:
  explicit ConnectorPluginsResource(herder::Herder& herder) : herder_(herder) {}

  // Adds the routes to `router`; `this` must outlive the router.
  void Register(Router& router);

 private:
  // PUT /connector-plugins/{plugin}/config/validate (R-VALIDATE).
  RestResponse Validate(const RestRequest& request, const std::string& plugin);

  herder::Herder& herder_;
};

}  // namespace kconnect::worker::rest
