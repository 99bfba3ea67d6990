#pragma once

#include <string>

#include "worker/herder/herder.h"
#include "worker/rest/router.h"

namespace kconnect::worker::rest {

// GET / (Java: RootResource, R-ROOT): {"version","commit","kafka_cluster_id"};
// GET /health (R-HEALTH): {"status","message"}. Not annotated @Consumes in
// Java, so any Content-Type is accepted.
// Thread-safe; the herder must outlive this object.
class RootResource {
 public:
  RootResource(herder::Herder& herder, std::string kafka_version, std::string commit_id)
      : herder_(herder), version_(std::move(kafka_version)), commit_(std::move(commit_id)) {}

  // Adds the route to `router`; `this` must outlive the router.
  void Register(Router& router);

 private:
  herder::Herder& herder_;
  const std::string version_;
  const std::string commit_;
};

}  // namespace kconnect::worker::rest
