#include "worker/rest/logging_resource.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "common/logging/logger_registry.h"
#include "worker/rest/entities.h"
#include "worker/rest/error_mapper.h"

namespace kconnect::worker::rest {

using common::logging::kWorkerRestLog;

void LoggingResource::Register(Router& router) {
  router.Add("GET", "/admin/loggers", /*consumes_json=*/true,
             [this](const RestRequest&, const Router::Params&) { return ListLoggers(); });
  router.Add("GET", "/admin/loggers/{logger}", /*consumes_json=*/true,
             [this](const RestRequest&, const Router::Params& p) { return GetLogger(p[0]); });
  router.Add("PUT", "/admin/loggers/{logger}", /*consumes_json=*/true,
             [this](const RestRequest& request, const Router::Params& p) {
               return SetLevel(request, p[0]);
             });
}

RestResponse LoggingResource::ListLoggers() {
  Json out = Json::object();
  for (const auto& [name, level] : herder_.AllLoggerLevels()) out[name] = ToJson(level);
  return RestResponse::Json(200, out);
}

RestResponse LoggingResource::GetLogger(const std::string& name) {
  auto level = herder_.GetLoggerLevel(name);
  if (!level) return ErrorResponse(util::NotFound("Logger " + name + " not found."));
  return RestResponse::Json(200, ToJson(*level));
}

RestResponse LoggingResource::SetLevel(const RestRequest& request, const std::string& name) {
  // The body binds as Java's Map<String, String>: a JSON object whose scalar
  // values become strings.
  auto body = ReadConfigMapBody(request.body);
  if (!body) return ErrorResponse(body.Error());
  auto it = body->find("level");
  if (it == body->end() || !it->second) {
    return ErrorResponse(
        util::BadRequest("Desired 'level' parameter was not specified in request."));
  }
  const std::string& text = *it->second;
  auto level = common::logging::ParseLogLevel(text);
  // 404, not 400: Java throws JAX-RS NotFoundException here.
  if (!level) return ErrorResponse(util::NotFound("invalid log level '" + text + "'."));

  const std::string given = request.QueryParam("scope").value_or("worker");
  std::string scope = given;
  std::transform(scope.begin(), scope.end(), scope.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (scope == "cluster") {
    auto set = herder_.SetClusterLoggerLevel(name, *level);
    if (!set) return ErrorResponse(set.Error());
    return RestResponse::NoBody(204);
  }
  if (scope != "worker") {
    kWorkerRestLog().warn(
        "Received invalid scope '{}' in request to adjust logging level; will default to worker",
        given);
  }
  Json affected = herder_.SetWorkerLoggerLevel(name, *level);
  return RestResponse::Json(200, affected);
}

}  // namespace kconnect::worker::rest
