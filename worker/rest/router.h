#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "worker/rest/rest_message.h"

namespace kconnect::worker::rest {

// Matches a request to one handler by method and path template, and answers
// the transport-level cases the way Jersey does:
//  * no template matches the path                 -> 404 (R-404PATH)
//  * a template matches but not the method        -> 405 with Allow
//  * the route consumes JSON and Content-Type is present and not JSON
//                                                 -> 415 (R-415)
//  * HEAD on a GET route                          -> the GET answer without body
//  * OPTIONS with no explicit route               -> 200 with Allow, no body
// Errors go through ErrorResponse(); a handler that throws is answered 500
// with the exception's message.
//
// Templates are '/'-separated segments: literals, "{name}" (any non-empty
// segment) or "{name:int}" (a Java int: optional sign, digits, in range; any
// other text makes the template not match, so `tasks/abc/status` is a 404).
// Captured segments are passed to the handler in template order.
//
// Add() is not thread-safe; Dispatch() is const and may run concurrently once
// all routes are added.
class Router {
 public:
  using Params = std::vector<std::string>;
  using Handler = std::function<RestResponse(const RestRequest&, const Params&)>;

  // `consumes_json`: the route's resource is annotated @Consumes(JSON).
  void Add(std::string method, std::string_view path_template, bool consumes_json,
           Handler handler);

  RestResponse Dispatch(const RestRequest& request) const;

 private:
  struct Segment {
    enum class Kind { kLiteral, kString, kInt } kind = Kind::kLiteral;
    std::string literal;
  };
  struct Route {
    std::string method;
    std::vector<Segment> segments;
    bool consumes_json = false;
    Handler handler;
  };

  static bool Match(const Route& route, const std::vector<std::string>& segments, Params* params);

  std::vector<Route> routes_;
};

// Parses a task id path segment as JAX-RS converts an `int` @PathParam
// (Integer.valueOf: optional '+'/'-', decimal digits, within int range).
bool ParseJavaInt(std::string_view text, int* value);

// A boolean @QueryParam with a default, converted as JAX-RS does
// (Boolean.valueOf): "true" in any case is true, any other value false; an
// absent or empty parameter takes `default_value`.
bool BoolQueryParam(const RestRequest& request, const std::string& name, bool default_value);

// True when a Content-Type header value is compatible with application/json
// (parameters such as charset are ignored; wildcards match).
bool IsJsonMediaType(std::string_view content_type);

}  // namespace kconnect::worker::rest
