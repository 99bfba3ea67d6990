#pragma once
// What the REST server adds to every response besides the resource's answer:
// CORS headers (`access.control.allow.origin` / `.methods`) and operator-
// configured headers (`response.http.headers.config`). Java installs Jetty's
// CrossOriginFilter and HeaderFilter for these; the behaviour below is theirs,
// so browser front-ends and proxies written for Kafka Connect see the same
// headers. Pure logic, no HTTP library: rest_server.cc applies it.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "worker/util/result.h"

namespace kconnect::worker::util {

// One `response.http.headers.config` rule: "<action> <name>:<value>".
struct ResponseHeaderRule {
  enum class Action { kSet, kAdd, kSetDate, kAddDate };
  Action action = Action::kSet;
  std::string name;
  // For the date actions: milliseconds added to the response time.
  std::string value;
};

// Parses the whole config value: comma-separated rules, a rule in double
// quotes when it contains a comma. Blank → no rules. Errors carry Java's
// texts, e.g. "Invalid header config action: 'put'. Expected one of [set,
// add, setDate, addDate]".
Result<std::vector<ResponseHeaderRule>> ParseResponseHeaderRules(std::string_view config);

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// The request facts the policy looks at.
struct PolicyRequest {
  std::string method;                           // upper-case
  std::optional<std::string> origin = {};           // Origin
  std::optional<std::string> request_method = {};   // Access-Control-Request-Method
  std::optional<std::string> request_headers = {};  // Access-Control-Request-Headers
};

class HttpPolicy {
 public:
  HttpPolicy() = default;
  // `allowed_origins`: comma-separated origins, `*` anywhere in one is a
  // wildcard; blank turns CORS off. `allowed_methods`: blank means Jetty's
  // default GET,POST,HEAD.
  static Result<HttpPolicy> Create(std::string_view allowed_origins,
                                   std::string_view allowed_methods,
                                   std::string_view response_headers_config);

  bool cors_enabled() const { return !origins_.empty(); }

  // Adds the CORS and configured headers to `headers` (the resource's own,
  // e.g. Location), as the filters would: CORS first, then the configured
  // rules, where `set` replaces a header of that name (case-insensitively)
  // and `add` appends another.
  void Apply(const PolicyRequest& request, std::chrono::system_clock::time_point now,
             HeaderList& headers) const;

 private:
  bool OriginAllowed(std::string_view origin) const;
  bool PreflightAllowed(const PolicyRequest& request) const;

  std::vector<std::string> origins_;
  bool any_origin_ = false;
  std::vector<std::string> methods_;
  std::vector<ResponseHeaderRule> rules_;
};

// RFC 1123 date, as HTTP headers carry them: "Tue, 03 Dec 2026 06:30:00 GMT".
std::string HttpDate(std::chrono::system_clock::time_point when);

}  // namespace kconnect::worker::util
