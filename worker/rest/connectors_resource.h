#pragma once

#include <string>

#include "worker/herder/herder.h"
#include "worker/rest/entities.h"
#include "worker/rest/rest_message.h"
#include "worker/rest/router.h"

namespace kconnect::worker::rest {

// The /connectors endpoints (Java: ConnectorsResource; spec 4.2 and 4.3):
// list/expand, create, get, config get/put, status, tasks, task status,
// pause, resume, stop, restart, task restart, delete, offsets (KIP-875),
// active topics and their reset (KIP-558). Every route consumes JSON.
//
// Does no bookkeeping of its own: each request becomes one or a few Herder
// calls, whose errors are answered through ErrorResponse(). Thread-safe as
// far as the Herder is (handlers run on the HTTP server's threads). The
// herder must outlive this object.
class ConnectorsResource {
 public:
  explicit ConnectorsResource(herder::Herder& herder) : herder_(herder) {}

  // Adds this resource's routes to `router`; `this` must outlive the router.
  void Register(Router& router);

 private:
  RestResponse ListConnectors(const RestRequest& request);
  RestResponse CreateConnector(const RestRequest& request);
  RestResponse GetConnector(const std::string& name);
  RestResponse GetConnectorConfig(const std::string& name);
  RestResponse PutConnectorConfig(const RestRequest& request, const std::string& name);
  RestResponse PatchConnectorConfig(const RestRequest& request, const std::string& name);
  RestResponse GetConnectorStatus(const std::string& name);
  RestResponse GetTaskConfigs(const std::string& name);
  RestResponse GetTasksConfig(const std::string& name);
  RestResponse PutTaskConfigs(const RestRequest& request, const std::string& name);
  RestResponse GetTaskStatus(const std::string& name, const std::string& task);
  RestResponse RestartConnector(const RestRequest& request, const std::string& name);
  RestResponse RestartTask(const std::string& name, const std::string& task);
  RestResponse GetOffsets(const std::string& name);
  RestResponse AlterOffsets(const RestRequest& request, const std::string& name);
  RestResponse GetActiveTopics(const std::string& name);

  herder::Herder& herder_;
};

// CR checkAndPutConnectorConfigName: a `name` in the config must equal
// `name` (400 "Connector name configuration (X) doesn't match connector name
// in the URL (Y)"); a missing or null one is set to `name`.
util::Result<util::Empty> CheckAndPutConnectorConfigName(const std::string& name,
                                                         NullableProps* config);

// Turns a submitted config into herder Props. JSON null values are not
// representable in Props; they are rejected here with the 400 the herder's
// validation would give (R-VAL-NULL, R-VAL-400), one error per null key.
util::Result<Props> ToProps(const NullableProps& config);

// java.lang.String.trim(): strips leading/trailing chars <= U+0020 (R-NAME).
std::string JavaTrim(const std::string& text);

}  // namespace kconnect::worker::rest
