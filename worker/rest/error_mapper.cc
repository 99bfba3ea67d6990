#include "worker/rest/error_mapper.h"

namespace kconnect::worker::rest {

RestResponse ErrorResponse(const util::Error& error) {
  int status = error.status >= 400 && error.status <= 599 ? error.status : 500;
  nlohmann::ordered_json body;
  body["error_code"] = status;
  body["message"] = error.message;
  return RestResponse::Json(status, body);
}

util::Error HttpNotFound() { return util::Error{404, "HTTP 404 Not Found"}; }
util::Error HttpMethodNotAllowed() { return util::Error{405, "HTTP 405 Method Not Allowed"}; }
util::Error HttpUnsupportedMediaType() {
  return util::Error{415, "HTTP 415 Unsupported Media Type"};
}

}  // namespace kconnect::worker::rest
