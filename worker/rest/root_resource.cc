#include "worker/rest/root_resource.h"

#include <chrono>
#include <string>

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
  // R-HEALTH: the WorkerStatus body in every case, with 200, 503 (starting)
  // or 500 (unhealthy); Java waits 10 s for the herder.
  router.Add("GET", "/health", /*consumes_json=*/false,
             [this](const RestRequest&, const Router::Params&) {
               const herder::HealthStatus health = herder_.HealthCheck(std::chrono::seconds(10));
               auto with_detail = [&](std::string message) {
                 if (!health.detail.empty()) message += " " + health.detail;
                 return message;
               };
               Json out = Json::object();
               int status = 200;
               switch (health.state) {
                 case herder::HealthStatus::State::kHealthy:
                   out["status"] = "healthy";
                   out["message"] = "Worker has completed startup and is ready to handle requests.";
                   break;
                 case herder::HealthStatus::State::kStarting:
                   status = 503;
                   out["status"] = "starting";
                   out["message"] = with_detail("Worker is still starting up.");
                   break;
                 case herder::HealthStatus::State::kUnhealthy:
                   status = 500;
                   out["status"] = "unhealthy";
                   out["message"] = with_detail(
                       "Worker was unable to handle this request and may be unable to handle other "
                       "requests.");
                   break;
               }
               return RestResponse::Json(status, out);
             });
}

}  // namespace kconnect::worker::rest
