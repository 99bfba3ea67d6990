#pragma once
// The HTTP request and response as the resources see them: plain values with
// the path already split and decoded, independent of the HTTP library (only
// rest_server.cc knows it).

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace kconnect::worker::rest {

struct RestRequest {
  std::string method;  // upper-case, e.g. "GET"
  // The request path as sent (percent-encoded) and split into decoded
  // segments (see SplitPath in uri_codec.h).
  std::string raw_path;
  std::vector<std::string> segments;
  // Decoded query parameters in request order; repeated names are kept.
  std::vector<std::pair<std::string, std::string>> query;
  // The Content-Type header; nullopt when the request had none.
  std::optional<std::string> content_type;
  std::string body;
  // Scheme and authority the client used ("http://host:port"), the base for
  // absolute URIs in the Location header, as JAX-RS builds them.
  std::string base_uri;

  // The first value of query parameter `name`, or nullopt (JAX-RS @QueryParam
  // semantics).
  std::optional<std::string> QueryParam(const std::string& name) const {
    for (const auto& [key, value] : query) {
      if (key == name) return value;
    }
    return std::nullopt;
  }
  // Every value of a repeated query parameter, in order.
  std::vector<std::string> QueryParams(const std::string& name) const {
    std::vector<std::string> values;
    for (const auto& [key, value] : query) {
      if (key == name) values.push_back(value);
    }
    return values;
  }
};

struct RestResponse {
  int status = 200;
  // Serialized JSON; nullopt for responses without a body (202/204).
  std::optional<std::string> json_body;
  // Extra headers such as Location or Allow.
  std::vector<std::pair<std::string, std::string>> headers;

  // A JSON response. Strings that are not valid UTF-8 (e.g. a connector
  // name decoded from %FF) are written with U+FFFD instead of failing.
  static RestResponse Json(int status, const nlohmann::ordered_json& body) {
    RestResponse response;
    response.status = status;
    response.json_body = body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    return response;
  }
  static RestResponse NoBody(int status) {
    RestResponse response;
    response.status = status;
    return response;
  }
};

}  // namespace kconnect::worker::rest
