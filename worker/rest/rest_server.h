#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "worker/herder/herder.h"
#include "worker/util/http_policy.h"
#include "worker/util/result.h"

namespace kconnect::worker::rest {

// The worker's REST server (Java: ConnectRestServer): serves the Kafka Connect
// REST API (spec sections 1-4) on every configured listener, over HTTP/1.1
// (Boost.Beast), and talks only to the Herder.
//
// Threads: the server's own io_context threads; each request is read,
// handled and answered on one of them, without a hand-off. A handler blocks
// while its Herder call runs, which the herder bounds with its own timeout. Start() and Stop() must be called from one controlling thread;
// Port() and AdvertisedUrl() are safe from any thread after Start() returned.
// Every request is logged at info level in Kafka's access-log form.
//
// The herder is not owned and must outlive the server (until Stop() returns).
// The largest request body accepted (a connector config is a few KiB; Java
// has no limit). A larger one is answered 413 with the usual error body and
// never reaches a handler. The body is still read to its end (and dropped
// past the limit), so that a client still sending sees the answer and the
// connection stays usable.
inline constexpr uint64_t kMaxRequestBodyBytes = 8 * 1024 * 1024;

class RestServer {
 public:
  // `listeners`: the worker's `listeners` list, e.g. {"http://:8083"} or
  // {"http://127.0.0.1:0"}. An empty host binds all interfaces (0.0.0.0);
  // port 0 binds a free port, reported by Port(). `kafka_version` and
  // `commit_id` are reported by GET /. `policy` adds CORS and configured
  // headers to every response (none by default).
  RestServer(std::vector<std::string> listeners, herder::Herder& herder,
             std::string kafka_version, std::string commit_id, util::HttpPolicy policy = {});
  // Stops the server if running.
  ~RestServer();

  RestServer(const RestServer&) = delete;
  RestServer& operator=(const RestServer&) = delete;

  // Opens every listener. On failure nothing stays open and the error names
  // the listener and the reason, e.g. "Failed to start REST listener
  // http://127.0.0.1:8083: Address already in use". https listeners, an
  // empty list and a second Start() are errors too.
  util::Result<util::Empty> Start();

  // Closes the listeners and waits for requests in progress to finish.
  // Idempotent.
  void Stop();

  // `admin.listeners`: nullopt (unset) serves the logger endpoints on the
  // normal listeners; an empty list serves them nowhere (404); otherwise
  // they are served only on these listeners, which serve nothing else.
  // Call before Start().
  void SetAdminListeners(std::optional<std::vector<std::string>> urls);

  // The port the first listener is bound to; 0 unless started.
  int Port() const;
  // The port of the first admin listener; 0 unless there is one.
  int AdminPort() const;

  // "http://<host>:<port>/" of the first listener: its host, or this
  // machine's host name when the listener host is empty. Empty unless started.
  std::string AdvertisedUrl() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kconnect::worker::rest
