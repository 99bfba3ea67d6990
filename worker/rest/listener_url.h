#pragma once

#include <string>

#include "worker/util/result.h"

namespace kconnect::worker::rest {

// One entry of the worker's `listeners` setting (R-LISTEN), e.g.
// "http://:8083", "http://127.0.0.1:0", "https://[::1]:8443".
struct ListenerUrl {
  std::string scheme;  // "http" or "https", lower-case
  std::string host;    // without brackets; empty = all interfaces
  int port = 0;        // 0 = any free port
};

// Parses `protocol://host:port` (an optional trailing '/' is allowed) as
// Java's RestServer does. Errors (400) name the listener: missing "://", a
// protocol other than http/https, a missing or out-of-range port.
util::Result<ListenerUrl> ParseListenerUrl(const std::string& url);

// Asks the kernel for a currently free TCP port on `bind_host` (bind to port
// 0, read it back, close). Another process may take the port before the
// caller binds it, so callers retry on failure. Error (500) names the host and
// the reason.
util::Result<int> PickFreePort(const std::string& bind_host);

// The host to bind for `url`: the listener host, or 0.0.0.0 when empty.
std::string BindHost(const ListenerUrl& url);

// This machine's host name (gethostname), "localhost" if unavailable.
std::string LocalHostName();

}  // namespace kconnect::worker::rest
