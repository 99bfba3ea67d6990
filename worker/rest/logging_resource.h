#pragma once

#include "worker/herder/herder.h"
#include "worker/rest/router.h"

namespace kconnect::worker::rest {

// The /admin/loggers endpoints (Java: LoggingResource; spec 4.6, KIP-495 and
// KIP-976): list the loggers with a level of their own, read one logger's
// level, set a namespace's level on this worker or the cluster. Every route
// consumes JSON. The levels themselves live behind the Herder.
// Thread-safe as far as the Herder is; the herder must outlive this object.
class LoggingResource {
 public:
  explicit LoggingResource(herder::Herder& herder) : herder_(herder) {}

  // Adds this resource's routes to `router`; `this` must outlive the router.
  void Register(Router& router);

 private:
  RestResponse ListLoggers();
  RestResponse GetLogger(const std::string& name);
  RestResponse SetLevel(const RestRequest& request, const std::string& name);

  herder::Herder& herder_;
};

}  // namespace kconnect::worker::rest
