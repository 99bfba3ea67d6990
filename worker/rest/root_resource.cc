#include "worker/rest/root_resource.h"

#include "worker/rest/entities.h"

namespace kconnect::worker::rest {

void RootResource::Register(Router& router) {
  router.Add("GET", "/", /*consumes_json=*/false, [this](const RestRequest&, const Router::Params&) {
    Json out = Json::object();
    out["version"] = version_;
    out["commit"] = commit_;
    out["kafka_cluster_id"] = herder_.KafkaClusterId();
    return RestResponse::Json(200, out);
  });
}

}  // namespace kconnect::worker::rest
