#include "worker/rest/rest_server.h"

#include <time.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <limits>
#include <map>
#include <mutex>
#include <thread>

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

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

// Threads running the server's io_context. A request is answered on the
// thread that read it, so a handler waiting for the herder holds one of them;
// several may wait at once (each herder call is bounded by its own timeout)
// while the others keep serving.
constexpr int kIoThreads = 16;
// A connection that sends nothing (between requests, or mid-request) for this
// long, or does not read its answer, is closed (Jetty's default idle timeout).
constexpr auto kIdleTimeout = std::chrono::seconds(30);
// Request line plus headers; more is answered 431 (Jetty's default is 8 KiB).
constexpr uint32_t kMaxHeaderBytes = 16 * 1024;

// A request body that keeps at most kMaxRequestBodyBytes + 1 bytes and only
// counts the rest: an oversize body is read to its end, so that the 413
// reaches a client still sending and the connection stays usable, without
// being held in memory.
struct CappedBody {
  struct value_type {
    std::string data;
    uint64_t size = 0;  // every byte received
  };
  class reader {
   public:
    template <bool kIsRequest, class Fields>
    reader(bhttp::header<kIsRequest, Fields>& /*header*/, value_type& body) : body_(body) {}
    void init(const boost::optional<uint64_t>& length, beast::error_code& ec) {
      if (length && *length <= kMaxRequestBodyBytes) body_.data.reserve(*length);
      ec = {};
    }
    template <class ConstBufferSequence>
    size_t put(const ConstBufferSequence& buffers, beast::error_code& ec) {
      size_t n = 0;
      for (auto it = asio::buffer_sequence_begin(buffers); it != asio::buffer_sequence_end(buffers);
           ++it) {
        asio::const_buffer piece = *it;
        const size_t room = body_.data.size() > kMaxRequestBodyBytes
                                ? 0
                                : kMaxRequestBodyBytes + 1 - body_.data.size();
        body_.data.append(static_cast<const char*>(piece.data()), std::min(room, piece.size()));
        n += piece.size();
      }
      body_.size += n;
      ec = {};
      return n;
    }
    void finish(beast::error_code& ec) { ec = {}; }

   private:
    value_type& body_;
  };
};

using Request = bhttp::request<CappedBody>;
using Response = bhttp::response<bhttp::string_body>;

std::string_view Sv(beast::string_view text) { return {text.data(), text.size()}; }

std::string AccessLogTime() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[64];
  std::strftime(text, sizeof(text), "%d/%b/%Y:%H:%M:%S +0000", &utc);
  return text;
}

std::optional<std::string> OptionalHeader(const Request& request, std::string_view name) {
  auto it = request.find(beast::string_view(name.data(), name.size()));
  if (it == request.end()) return std::nullopt;
  return std::string(Sv(it->value()));
}

// The header's value, or `fallback` when it is absent or empty.
std::string HeaderOr(const Request& request, std::string_view name, const std::string& fallback) {
  auto value = OptionalHeader(request, name);
  return value && !value->empty() ? *value : fallback;
}

// The path and query of a request target; an absolute-form target
// ("http://host:port/path?q") is reduced to its path and query.
std::pair<std::string_view, std::string_view> SplitTarget(std::string_view target) {
  if (!target.empty() && target.front() != '/') {
    const size_t scheme = target.find("://");
    if (scheme != std::string_view::npos) {
      const size_t path = target.find('/', scheme + 3);
      target = path == std::string_view::npos ? std::string_view("/") : target.substr(path);
    }
  }
  target = target.substr(0, target.find('#'));
  const size_t mark = target.find('?');
  if (mark == std::string_view::npos) return {target, {}};
  return {target.substr(0, mark), target.substr(mark + 1)};
}

// Errors that just mean the client went away or the server is closing the
// connection; anything else while reading is a malformed request.
bool IsDisconnect(const beast::error_code& ec) {
  return ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
         ec == asio::error::eof || ec == asio::error::operation_aborted ||
         ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
         ec == asio::error::bad_descriptor || ec == beast::error::timeout;
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

  ~Impl() { Stop(); }

  void SetAdminListeners(std::optional<std::vector<std::string>> urls) {
    admin_urls_ = std::move(urls);
  }

  util::Result<util::Empty> Start() {
    if (!threads_.empty()) return util::Internal("REST server already started");
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
    // Bound before any thread runs, so a failure leaves nothing to undo but
    // the acceptors opened so far.
    for (const std::string& text : listener_urls_) {
      if (auto opened = Open(text, router_); !opened) {
        CloseAcceptors();
        return opened.Error();
      }
    }
    for (const std::string& text : admin_urls_.value_or(std::vector<std::string>{})) {
      if (auto opened = Open(text, admin_router_); !opened) {
        CloseAcceptors();
        return opened.Error();
      }
    }
    stopping_ = false;
    io_.restart();
    work_.emplace(io_.get_executor());
    for (auto& acceptor : acceptors_) Accept(acceptor);
    for (int i = 0; i < kIoThreads; ++i) threads_.emplace_back([this] { io_.run(); });
    return util::Empty{};
  }

  void Stop() {
    if (threads_.empty()) {
      CloseAcceptors();
      return;
    }
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    // Each socket is closed on its own strand, after whatever runs there now:
    // a request being handled still gets its answer.
    for (auto& acceptor : acceptors_) {
      asio::post(acceptor->socket.get_executor(), [a = acceptor] {
        beast::error_code ignored;
        a->socket.close(ignored);
      });
    }
    {
      std::lock_guard lock(mu_);
      for (auto& [raw, weak] : connections_) {
        if (auto connection = weak.lock()) connection->Close();
      }
    }
    // Handlers use this object: wait for those in progress.
    {
      std::unique_lock lock(mu_);
      idle_.wait(lock, [this] { return in_flight_ == 0; });
    }
    work_.reset();
    io_.stop();
    for (auto& thread : threads_) thread.join();
    threads_.clear();
    // No thread runs now: anything a posted close did not reach is closed
    // here, so the ports and client connections are released at once...
    CloseAcceptors();
    {
      std::lock_guard lock(mu_);
      for (auto& [raw, weak] : connections_) {
        if (auto connection = weak.lock()) connection->CloseNow();
      }
      connections_.clear();
    }
    // ...and the handlers those closes cancelled run to their end here, so
    // none is left to run at a later Start().
    io_.restart();
    io_.poll();
  }

  int Port() const { return port_.load(); }
  int AdminPort() const { return admin_port_.load(); }

  std::string AdvertisedUrl() const {
    std::lock_guard lock(mu_);
    return advertised_url_;
  }

 private:
  struct Acceptor {
    explicit Acceptor(asio::io_context& io, const Router& r)
        : socket(asio::make_strand(io)), router(r) {}
    tcp::acceptor socket;
    const Router& router;
  };

  // One client connection: requests are read and answered one after the
  // other, every step on the connection's strand.
  class Connection : public std::enable_shared_from_this<Connection> {
   public:
    Connection(Impl& server, tcp::socket socket, const Router& router)
        : server_(server), stream_(std::move(socket)), router_(router) {
      beast::error_code ignored;
      remote_ = stream_.socket().remote_endpoint(ignored).address().to_string();
      stream_.socket().set_option(tcp::no_delay(true), ignored);
    }

    void Start() { ReadHeader(); }

    // From any thread: closes the connection once its strand is free.
    void Close() {
      asio::post(stream_.get_executor(), [self = shared_from_this()] { self->CloseNow(); });
    }
    // Only on the strand, or when no io thread runs.
    void CloseNow() {
      closed_ = true;
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
      stream_.close();
    }

   private:
    void ReadHeader() {
      if (closed_) return;
      parser_.emplace();
      parser_->header_limit(kMaxHeaderBytes);
      parser_->body_limit(std::numeric_limits<uint64_t>::max());  // CappedBody bounds the memory
      stream_.expires_after(kIdleTimeout);
      bhttp::async_read_header(
          stream_, buffer_, *parser_,
          [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
    }

    void OnHeader(beast::error_code ec) {
      if (ec) return OnReadError(ec);
      // curl asks before sending a large body; without an answer it waits
      // a second before sending it anyway.
      if (beast::iequals(parser_->get()[bhttp::field::expect], "100-continue")) {
        static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
        asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                          [self = shared_from_this()](beast::error_code error, size_t) {
                            if (error) return self->OnReadError(error);
                            self->ReadBody();
                          });
        return;
      }
      ReadBody();
    }

    void ReadBody() {
      stream_.expires_after(kIdleTimeout);
      bhttp::async_read(
          stream_, buffer_, *parser_,
          [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRequest(ec); });
    }

    void OnRequest(beast::error_code ec) {
      if (ec) return OnReadError(ec);
      if (!server_.BeginRequest()) return CloseNow();
      const Request& request = parser_->get();
      const auto started = std::chrono::steady_clock::now();
      RestResponse response;
      try {
        const uint64_t size = request.body().size;
        // Checked once read, so that the client (which may still be
        // sending) sees the answer and the connection stays usable.
        response =
            size > kMaxRequestBodyBytes ? TooLarge(size) : server_.Dispatch(request, router_);
      } catch (const std::exception& e) {
        response = ErrorResponse(util::Internal(e.what()));
      } catch (...) {
        response = ErrorResponse(util::Internal("Unknown error"));
      }
      Write(request, response, request.keep_alive(), started, /*logged=*/true);
      // Done with the server's state: Stop() need not wait for the answer
      // to be written (a client that does not read would hold it 30 s).
      server_.EndRequest();
    }

    // A request that is not HTTP (or too large in its headers) gets a 4xx
    // and the connection is closed: nothing after it can be trusted.
    void OnReadError(beast::error_code ec) {
      if (closed_ || IsDisconnect(ec)) return CloseNow();
      const bool header_too_large = ec == bhttp::error::header_limit;
      const int status = header_too_large ? 431 : 400;
      const std::string message =
          header_too_large ? "Request header fields too large" : "Bad request: " + ec.message();
      kWorkerRestLog().debug("Malformed HTTP request from {}: {}", remote_, ec.message());
      Request empty;
      empty.version(11);
      Write(empty, ErrorResponse(util::Error{status, message}), /*keep_alive=*/false,
            std::chrono::steady_clock::now(), /*logged=*/false);
    }

    void Write(const Request& request, const RestResponse& response, bool keep_alive,
               std::chrono::steady_clock::time_point started, bool logged) {
      response_.emplace(static_cast<bhttp::status>(response.status), request.version());
      server_.FillResponse(request, response, *response_);
      response_->keep_alive(keep_alive);
      if (logged) server_.LogAccess(request, response, remote_, started);
      stream_.expires_after(kIdleTimeout);
      bhttp::async_write(stream_, *response_,
                         [self = shared_from_this(), keep_alive](beast::error_code ec, size_t) {
                           self->response_.reset();
                           if (ec || !keep_alive) {
                             self->CloseNow();
                           } else {
                             self->ReadHeader();
                           }
                         });
    }

    Impl& server_;
    beast::tcp_stream stream_;
    const Router& router_;
    std::string remote_;
    beast::flat_buffer buffer_;
    std::optional<bhttp::request_parser<CappedBody>> parser_;
    std::optional<Response> response_;
    bool closed_ = false;
  };

  static RestResponse TooLarge(uint64_t bytes) {
    return ErrorResponse(util::Error{413, "Request body of " + std::to_string(bytes) +
                                              " bytes exceeds the limit of " +
                                              std::to_string(kMaxRequestBodyBytes) + " bytes"});
  }

  // Binds and listens for one listener whose requests go to `router`.
  util::Result<util::Empty> Open(const std::string& text, const Router& router) {
    auto parsed = ParseListenerUrl(text);
    if (!parsed) return util::Internal(parsed.Error().message);
    ListenerUrl url = *parsed;
    if (url.scheme != "http") {
      return util::Internal("Failed to start REST listener " + text +
                            ": https listeners are not supported");
    }
    auto fail = [&text](const std::string& why) {
      return util::Internal("Failed to start REST listener " + text + ": " + why);
    };
    const std::string bind_host = BindHost(url);
    beast::error_code ec;
    tcp::resolver resolver(io_);
    auto endpoints = resolver.resolve(bind_host, std::to_string(url.port),
                                      tcp::resolver::passive | tcp::resolver::numeric_service, ec);
    if (ec || endpoints.empty()) {
      return fail("cannot resolve '" + bind_host + "': " + (ec ? ec.message() : "no address"));
    }
    auto acceptor = std::make_shared<Acceptor>(io_, router);
    const tcp::endpoint endpoint = endpoints.begin()->endpoint();
    acceptor->socket.open(endpoint.protocol(), ec);
    // Lets a restarted worker bind its port while old connections linger
    // in TIME_WAIT; a port another socket listens on is still refused.
    if (!ec) acceptor->socket.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor->socket.bind(endpoint, ec);
    if (!ec) acceptor->socket.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return fail(ec.message());
    const int port = acceptor->socket.local_endpoint().port();
    const std::string host_in_uri =
        bind_host.find(':') != std::string::npos ? "[" + bind_host + "]" : bind_host;
    {
      std::lock_guard lock(mu_);
      if (&router == &admin_router_) {
        if (admin_port_.load() == 0) admin_port_.store(port);
      } else if (port_.load() == 0) {
        port_.store(port);
        advertised_url_ = "http://" + (url.host.empty() ? LocalHostName() : host_in_uri) + ":" +
                          std::to_string(port) + "/";
      }
    }
    acceptors_.push_back(std::move(acceptor));
    kWorkerRestLog().info("REST server listening on http://{}:{}/ (listener {})", host_in_uri, port,
                          text);
    return util::Empty{};
  }

  void CloseAcceptors() {
    for (auto& acceptor : acceptors_) {
      beast::error_code ignored;
      acceptor->socket.close(ignored);
    }
    acceptors_.clear();
    std::lock_guard lock(mu_);
    advertised_url_.clear();
    port_.store(0);
    admin_port_.store(0);
  }

  // The handler owns the acceptor too: Stop() may drop it first.
  void Accept(const std::shared_ptr<Acceptor>& shared) {
    Acceptor& acceptor = *shared;
    acceptor.socket.async_accept(asio::make_strand(io_), [this, shared](beast::error_code ec,
                                                                        tcp::socket socket) {
      Acceptor& acceptor = *shared;
      if (ec == asio::error::operation_aborted || !acceptor.socket.is_open()) return;
      if (!ec) {
        auto connection = std::make_shared<Connection>(*this, std::move(socket), acceptor.router);
        {
          std::lock_guard lock(mu_);
          if (stopping_) return;
          // Forget connections that are gone, then remember this one
          // so that Stop() can close it.
          std::erase_if(connections_, [](const auto& kv) { return kv.second.expired(); });
          connections_.emplace(connection.get(), connection);
        }
        connection->Start();
      } else {
        // Out of file descriptors and the like: keep accepting.
        kWorkerRestLog().warn("REST server could not accept a connection: {}", ec.message());
      }
      Accept(shared);
    });
  }

  // False once Stop() has begun: the request is not handled.
  bool BeginRequest() {
    std::lock_guard lock(mu_);
    if (stopping_) return false;
    ++in_flight_;
    return true;
  }
  void EndRequest() {
    std::lock_guard lock(mu_);
    if (--in_flight_ == 0) idle_.notify_all();
  }

  RestResponse Dispatch(const Request& request, const Router& router) {
    RestRequest rest;
    rest.method = std::string(Sv(request.method_string()));
    const auto [path, query] = SplitTarget(Sv(request.target()));
    rest.raw_path = std::string(path);
    auto segments = SplitPath(rest.raw_path);
    if (!segments) return ErrorResponse(HttpNotFound());
    rest.segments = std::move(*segments);
    rest.query = ParseQuery(query);
    auto content_type = OptionalHeader(request, "Content-Type");
    if (content_type && !content_type->empty()) rest.content_type = std::move(content_type);
    rest.body = request.body().data;
    std::string host = HeaderOr(request, "Host", "");
    if (!host.empty()) {
      rest.base_uri = "http://" + host;
    } else {
      std::string advertised = AdvertisedUrl();
      if (!advertised.empty() && advertised.back() == '/') advertised.pop_back();
      rest.base_uri = advertised;
    }
    return router.Dispatch(rest);
  }

  void FillResponse(const Request& request, const RestResponse& response, Response& out) const {
    util::HeaderList headers = response.headers;
    const std::string method(Sv(request.method_string()));
    policy_.Apply(util::PolicyRequest{method, OptionalHeader(request, "Origin"),
                                      OptionalHeader(request, "Access-Control-Request-Method"),
                                      OptionalHeader(request, "Access-Control-Request-Headers")},
                  std::chrono::system_clock::now(), headers);
    for (const auto& [name, value] : headers) out.insert(name, value);
    const size_t bytes = response.json_body ? response.json_body->size() : 0;
    if (response.json_body) out.set(bhttp::field::content_type, "application/json");
    // A HEAD answer says how long the body would be, and has none.
    if (method != "HEAD" && response.json_body) out.body() = *response.json_body;
    if (response.status != 204 && response.status != 304) out.content_length(bytes);
  }

  // Jetty's extended NCSA format plus the duration, as Kafka's RestServer
  // logs it.
  void LogAccess(const Request& request, const RestResponse& response, const std::string& remote,
                 std::chrono::steady_clock::time_point started) const {
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now() - started)
                             .count();
    const size_t bytes = response.json_body && request.method() != bhttp::verb::head
                             ? response.json_body->size()
                             : 0;
    const int version = request.version();
    kWorkerRestLog().info("{} - - [{}] \"{} {} HTTP/{}.{}\" {} {} \"{}\" \"{}\" {}", remote,
                          AccessLogTime(), Sv(request.method_string()), Sv(request.target()),
                          version / 10, version % 10, response.status, bytes,
                          HeaderOr(request, "Referer", "-"), HeaderOr(request, "User-Agent", "-"),
                          elapsed);
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
  // Guards advertised_url_, stopping_, in_flight_ and connections_.
  mutable std::mutex mu_;
  std::condition_variable idle_;
  std::string advertised_url_;
  bool stopping_ = false;
  int in_flight_ = 0;
  // Every connection accepted and not yet known to be gone.
  std::map<const Connection*, std::weak_ptr<Connection>> connections_;

  // Declared last: destroyed first, with the handlers still queued in it
  // (which hold connections that refer to the members above).
  asio::io_context io_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_;
  std::vector<std::shared_ptr<Acceptor>> acceptors_;
  std::vector<std::thread> threads_;
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
