// cpprestsdk otherwise defines a macro `U`, which breaks fmt's templates.
#define _TURN_OFF_PLATFORM_STRING  // NOLINT(bugprone-reserved-identifier): cpprestsdk's switch
#include "worker/rest/rest_server.h"

#include <time.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <set>

#include <cpprest/containerstream.h>
#include <cpprest/http_listener.h>

#include "common/logging/logger_registry.h"
#include "worker/rest/connector_plugins_resource.h"
#include "worker/rest/connectors_resource.h"
#include "worker/rest/error_mapper.h"
#include "worker/rest/listener_url.h"
#include "worker/rest/logging_resource.h"
#include "worker/rest/rest_message.h"
#include "worker/rest/root_resource.h"
#include "worker/rest/router.h"
#include "worker/rest/uri_codec.h"

namespace kconnect::worker::rest {

using common::logging::kWorkerRestLog;

namespace {

namespace http = web::http;
using http::experimental::listener::http_listener;

// Attempts for a port-0 listener: the port picked may be taken by someone
// else before cpprestsdk binds it.
constexpr int kFreePortAttempts = 5;

// The host:port keys of the listeners open in this process. cpprestsdk runs
// one HTTP server per process, keyed by host:port; registering a key that is
// already taken fails *and* tears down the listener that holds it (its error
// path erases the entry), so such a clash is refused here first.
std::mutex& OpenKeysMutex() {
  static std::mutex mu;
  return mu;
}
std::set<std::string>& OpenKeys() {
  static std::set<std::string> keys;
  return keys;
}

bool ClaimKey(const std::string& key) {
  std::lock_guard lock(OpenKeysMutex());
  return OpenKeys().insert(key).second;
}

void ReleaseKey(const std::string& key) {
  std::lock_guard lock(OpenKeysMutex());
  OpenKeys().erase(key);
}

std::string AccessLogTime() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[64];
  std::strftime(text, sizeof(text), "%d/%b/%Y:%H:%M:%S +0000", &utc);
  return text;
}

std::optional<std::string> OptionalHeader(const http::http_request& request,
                                          const std::string& name) {
  auto it = request.headers().find(name);
  if (it == request.headers().end()) return std::nullopt;
  return it->second;
}

// The header's value, or `fallback` when it is absent or empty.
std::string HeaderOr(const http::http_request& request, const std::string& name,
                     const std::string& fallback) {
  auto value = OptionalHeader(request, name);
  return value && !value->empty() ? *value : fallback;
}

}  // namespace

class RestServer::Impl {
 public:
  Impl(std::vector<std::string> listeners, herder::Herder& herder, std::string kafka_version,
       std::string commit_id, util::HttpPolicy policy)
      : listener_urls_(std::move(listeners)),
        policy_(std::move(policy)),
        root_(herder, std::move(kafka_version), std::move(commit_id)),
        connectors_(herder),
        plugins_(herder),
        logging_(herder) {
    root_.Register(router_);
    connectors_.Register(router_);
    plugins_.Register(router_);
  }

  void SetAdminListeners(std::optional<std::vector<std::string>> urls) {
    admin_urls_ = std::move(urls);
  }

  util::Result<util::Empty> Start() {
    if (!listeners_.empty()) return util::Internal("REST server already started");
    if (listener_urls_.empty()) return util::Internal("No REST listeners configured");
    // admin.listeners (R-LISTEN): unset, the logger endpoints are on the
    // normal listeners; empty, nowhere; else only on those listeners.
    if (!registered_admin_) {
      registered_admin_ = true;
      if (!admin_urls_) {
        logging_.Register(router_);
      } else if (!admin_urls_->empty()) {
        logging_.Register(admin_router_);
      }
    }
    for (const std::string& text : listener_urls_) {
      auto opened = Open(text, router_);
      if (!opened) {
        CloseAll();
        return opened.Error();
      }
    }
    for (const std::string& text : admin_urls_.value_or(std::vector<std::string>{})) {
      auto opened = Open(text, admin_router_);
      if (!opened) {
        CloseAll();
        return opened.Error();
      }
    }
    return util::Empty{};
  }

  void Stop() {
    CloseAll();
    // close() returns once cpprestsdk's connections are gone, but a handler
    // may still be finishing (its connection was cut by close()); it uses
    // this object, so wait for it.
    std::unique_lock lock(mu_);
    idle_.wait(lock, [this] { return in_flight_ == 0; });
  }

  int Port() const { return port_.load(); }
  int AdminPort() const { return admin_port_.load(); }

  std::string AdvertisedUrl() const {
    std::lock_guard lock(mu_);
    return advertised_url_;
  }

 private:
  // Opens one listener whose requests go to `router`.
  util::Result<util::Empty> Open(const std::string& text, const Router& router) {
    auto parsed = ParseListenerUrl(text);
    if (!parsed) return util::Internal(parsed.Error().message);
    ListenerUrl url = *parsed;
    if (url.scheme != "http") {
      return util::Internal("Failed to start REST listener " + text +
                            ": https listeners are not supported");
    }
    const std::string bind_host = BindHost(url);
    const int attempts = url.port == 0 ? kFreePortAttempts : 1;
    std::string reason;
    for (int attempt = 0; attempt < attempts; ++attempt) {
      int port = url.port;
      if (port == 0) {
        auto free_port = PickFreePort(bind_host);
        if (!free_port) return util::Internal("Failed to start REST listener " + text + ": " +
                                              free_port.Error().message);
        port = *free_port;
      }
      std::string host_in_uri =
          bind_host.find(':') != std::string::npos ? "[" + bind_host + "]" : bind_host;
      const std::string key = host_in_uri + ":" + std::to_string(port);
      if (!ClaimKey(key)) {
        reason = "Address already in use (by another REST listener in this process)";
        continue;
      }
      try {
        auto listener = std::make_unique<http_listener>(web::uri("http://" + key + "/"));
        auto handler = [this, &router](const http::http_request& request) {
          Handle(request, router);
        };
        listener->support(handler);
        // Without these cpprestsdk answers OPTIONS and TRACE itself.
        listener->support(http::methods::OPTIONS, handler);
        listener->support(http::methods::TRCE, handler);
        listener->open().wait();
        std::lock_guard lock(mu_);
        if (&router == &admin_router_) {
          if (admin_port_.load() == 0) admin_port_.store(port);
        } else if (listeners_.empty()) {
          port_.store(port);
          advertised_url_ = "http://" + (url.host.empty() ? LocalHostName() : host_in_uri) + ":" +
                            std::to_string(port) + "/";
        }
        listeners_.push_back(OpenListener{std::move(listener), key});
        kWorkerRestLog().info("REST server listening on http://{}/ (listener {})", key, text);
        return util::Empty{};
      } catch (const std::exception& e) {
        ReleaseKey(key);
        reason = e.what();
      }
    }
    return util::Internal("Failed to start REST listener " + text + ": " + reason);
  }

  void CloseAll() {
    std::vector<OpenListener> listeners;
    {
      std::lock_guard lock(mu_);
      listeners.swap(listeners_);
      advertised_url_.clear();
      port_.store(0);
      admin_port_.store(0);
    }
    for (auto& open : listeners) {
      try {
        open.listener->close().wait();
      } catch (const std::exception& e) {
        kWorkerRestLog().warn("Error closing REST listener {}: {}", open.key, e.what());
      }
      open.listener.reset();
      ReleaseKey(open.key);
    }
  }

  void Handle(http::http_request request, const Router& router) {
    {
      std::lock_guard lock(mu_);
      ++in_flight_;
    }
    auto started = std::chrono::steady_clock::now();
    // Continue once the body has arrived, without holding a pool thread
    // while it is read.
    request.extract_utf8string(/*ignore_content_type=*/true)
        // NOLINTNEXTLINE(performance-unnecessary-value-param): pplx wants the task by value.
        .then([this, request, started, &router](pplx::task<std::string> body) {
          RestResponse response;
          try {
            std::string text = body.get();
            // Checked once read: cpprestsdk answers a request only after
            // its whole body has arrived, so an early answer would not help.
            response = text.size() > kMaxRequestBodyBytes ? TooLarge(text.size())
                                                          : Dispatch(request, std::move(text), router);
          } catch (const std::exception& e) {
            response = ErrorResponse(util::Internal(e.what()));
          } catch (...) {
            response = ErrorResponse(util::Internal("Unknown error"));
          }
          Reply(request, response, started);
          std::lock_guard lock(mu_);
          if (--in_flight_ == 0) idle_.notify_all();
        });
  }

  static RestResponse TooLarge(uint64_t bytes) {
    return ErrorResponse(util::Error{
        413, "Request body of " + std::to_string(bytes) + " bytes exceeds the limit of " +
                 std::to_string(kMaxRequestBodyBytes) + " bytes"});
  }

  RestResponse Dispatch(const http::http_request& request, std::string body,
                        const Router& router) {
    RestRequest rest;
    rest.method = request.method();
    const web::uri& uri = request.request_uri();
    rest.raw_path = uri.path();
    auto segments = SplitPath(rest.raw_path);
    if (!segments) return ErrorResponse(HttpNotFound());
    rest.segments = std::move(*segments);
    rest.query = ParseQuery(uri.query());
    auto content_type = request.headers().find(http::header_names::content_type);
    if (content_type != request.headers().end() && !content_type->second.empty()) {
      rest.content_type = content_type->second;
    }
    rest.body = std::move(body);
    std::string host = HeaderOr(request, http::header_names::host, "");
    if (!host.empty()) {
      rest.base_uri = "http://" + host;
    } else {
      std::string advertised = AdvertisedUrl();
      if (!advertised.empty() && advertised.back() == '/') advertised.pop_back();
      rest.base_uri = advertised;
    }
    return router.Dispatch(rest);
  }

  void Reply(const http::http_request& request, const RestResponse& response,
             std::chrono::steady_clock::time_point started) const {
    http::http_response reply(static_cast<http::status_code>(response.status));
    util::HeaderList headers = response.headers;
    policy_.Apply(util::PolicyRequest{request.method(), OptionalHeader(request, "Origin"),
                                      OptionalHeader(request, "Access-Control-Request-Method"),
                                      OptionalHeader(request, "Access-Control-Request-Headers")},
                  std::chrono::system_clock::now(), headers);
    for (const auto& [name, value] : headers) reply.headers().add(name, value);
    size_t bytes = 0;
    // A HEAD response never carries a body, errors included: besides being
    // HTTP, cpprestsdk 2.10 can crash writing a body the client will not
    // read (a use-after-free in its connection, seen as a rare segfault).
    if (response.json_body && request.method() != http::methods::HEAD) {
      bytes = response.json_body->size();
      // A byte vector, not the std::string overload: that one reads a char
      // buffer through an unsigned-char stream type, which UBSan reports.
      std::vector<unsigned char> data(response.json_body->begin(), response.json_body->end());
      reply.set_body(concurrency::streams::bytestream::open_istream(std::move(data)), bytes,
                     "application/json");
    }
    auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::steady_clock::now() - started)
                       .count();
    // Jetty's extended NCSA format plus the duration, as Kafka's
    // RestServer logs it.
    kWorkerRestLog().info("{} - - [{}] \"{} {} {}\" {} {} \"{}\" \"{}\" {}",
                          request.remote_address(), AccessLogTime(), request.method(),
                          request.request_uri().to_string(), request.http_version().to_utf8string(),
                          response.status, bytes, HeaderOr(request, "Referer", "-"),
                          HeaderOr(request, "User-Agent", "-"), elapsed);
    // The client may be gone; nothing is left to do about it, but the
    // task's exception must be observed.
    // NOLINTNEXTLINE(performance-unnecessary-value-param): pplx wants the task by value.
    request.reply(reply).then([](pplx::task<void> sent) {
      try {
        sent.get();
      } catch (const std::exception& e) {
        kWorkerRestLog().debug("REST response not delivered: {}", e.what());
      }
    });
  }

  const std::vector<std::string> listener_urls_;
  const util::HttpPolicy policy_;
  Router router_;
  Router admin_router_;  // the logger endpoints when admin.listeners is set
  std::optional<std::vector<std::string>> admin_urls_;
  bool registered_admin_ = false;
  RootResource root_;
  ConnectorsResource connectors_;
  ConnectorPluginsResource plugins_;
  LoggingResource logging_;

  std::atomic<int> port_{0};
  std::atomic<int> admin_port_{0};
  // Guards listeners_, advertised_url_ and in_flight_.
  mutable std::mutex mu_;
  std::condition_variable idle_;
  struct OpenListener {
    std::unique_ptr<http_listener> listener;
    std::string key;  // host:port, see OpenKeys()
  };
  std::vector<OpenListener> listeners_;
  std::string advertised_url_;
  int in_flight_ = 0;
};

RestServer::RestServer(std::vector<std::string> listeners, herder::Herder& herder,
                       std::string kafka_version, std::string commit_id, util::HttpPolicy policy)
    : impl_(std::make_unique<Impl>(std::move(listeners), herder, std::move(kafka_version),
                                   std::move(commit_id), std::move(policy))) {}

RestServer::~RestServer() { Stop(); }

util::Result<util::Empty> RestServer::Start() { return impl_->Start(); }

void RestServer::Stop() { impl_->Stop(); }

int RestServer::Port() const { return impl_->Port(); }

int RestServer::AdminPort() const { return impl_->AdminPort(); }

void RestServer::SetAdminListeners(std::optional<std::vector<std::string>> urls) {
  impl_->SetAdminListeners(std::move(urls));
}

std::string RestServer::AdvertisedUrl() const { return impl_->AdvertisedUrl(); }

}  // namespace kconnect::worker::rest
