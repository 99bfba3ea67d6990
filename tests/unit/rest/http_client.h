#pragma once
// A minimal HTTP/1.1 client over a loopback socket, so that tests control
// every byte sent (method, raw path, Content-Type or none) and see every
// header received.

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kconnect::worker::rest::testing {

struct HttpResult {
  int status = 0;                              // 0 when no response arrived
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  bool HasHeader(const std::string& lower_name) const { return headers.count(lower_name) > 0; }
  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
  }
};

struct HttpCall {
  std::string method = "GET";
  std::string target = "/";  // sent verbatim (already percent-encoded)
  std::string body;  // sent with Content-Length, or as is with a Transfer-Encoding header
  std::optional<std::string> content_type;
  std::vector<std::pair<std::string, std::string>> headers;
};

// Sends `call` to 127.0.0.1:`port` with "Connection: close" and reads the
// whole response; every socket operation times out after 10 s.
HttpResult SendHttp(int port, const HttpCall& call);

// Convenience: a request whose body (if any) is sent as application/json.
HttpResult SendJson(int port, const std::string& method, const std::string& target,
                    const std::string& body = "");

}  // namespace kconnect::worker::rest::testing
