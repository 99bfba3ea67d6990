#include "broker/server/server.h"

#include <pthread.h>

#include <algorithm>
#include <cctype>
#include <exception>
#include <set>

#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/strand.hpp>

#include "broker/server/connection.h"
#include "common/logging/logger_registry.h"

namespace kconnect::broker::server {

using common::logging::kBrokerLog;

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

bool SameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::toupper(static_cast<unsigned char>(x)) ==
                  std::toupper(static_cast<unsigned char>(y));
         });
}

}  // namespace

Server::Server(ServerOptions options, RequestDispatcher& dispatcher)
    : options_(std::move(options)),
      dispatcher_(dispatcher),
      lifeline_(std::make_shared<internal::Lifeline>()) {}

Server::~Server() { Stop(); }

Result<Empty> Server::Start() {
  if (state_ != State::kNew) return Error{"the broker server was already started"};
  if (options_.listeners.empty()) return Error{"no listeners configured"};
  if (options_.num_threads < 1) return Error{"the broker needs at least one network thread"};
  if (options_.socket_request_max_bytes < 8) {
    return Error{"socket.request.max.bytes must be at least 8"};
  }
  if (options_.connections_max_idle.count() <= 0) {
    return Error{"connections.max.idle.ms must be positive"};
  }
  std::set<std::string> names;
  for (const Listener& listener : options_.listeners) {
    std::string upper = listener.name;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (!names.insert(upper).second) {
      return Error{"listener name " + upper + " is configured more than once"};
    }
  }

  for (const Listener& listener : options_.listeners) {
    if (auto bound = Bind(listener); !bound) {
      for (auto& acceptor : acceptors_) {
        boost::system::error_code ignored;
        acceptor->acceptor.close(ignored);
      }
      acceptors_.clear();
      return bound.Error();
    }
  }
  for (auto& acceptor : acceptors_) {
    bound_.push_back(acceptor->bound);
    kBrokerLog().info("Broker listener {} bound to {}:{}", acceptor->bound.name,
                      acceptor->bound.address, acceptor->bound.port);
    Accept(*acceptor);
  }
  work_.emplace(io_.get_executor());
  state_ = State::kRunning;
  for (int i = 0; i < options_.num_threads; ++i) {
    threads_.emplace_back([this, i] {
      const std::string name = "kc-broker-io-" + std::to_string(i);
      pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
      while (true) {
        try {
          io_.run();
          return;
        } catch (const std::exception& e) {
          kBrokerLog().error("Broker network thread caught an exception: {}", e.what());
        } catch (...) {
          kBrokerLog().error("Broker network thread caught an unknown exception");
        }
      }
    });
  }
  return Empty{};
}

Result<Empty> Server::Bind(const Listener& listener) {
  const std::string where = listener.name + " (" + listener.ToString() + ")";
  std::vector<tcp::endpoint> candidates;
  if (listener.host.empty()) {
    // All interfaces: IPv6 dual-stack when the machine has IPv6, else IPv4.
    candidates = {tcp::endpoint(asio::ip::address_v6::any(), listener.port),
                  tcp::endpoint(asio::ip::address_v4::any(), listener.port)};
  } else {
    tcp::resolver resolver(io_);
    boost::system::error_code ec;
    const auto results =
        resolver.resolve(listener.host, std::to_string(listener.port),
                         tcp::resolver::numeric_service, ec);
    if (ec) {
      return Error{"cannot resolve the host of listener " + where + ": " + ec.message()};
    }
    for (const auto& entry : results) candidates.push_back(entry.endpoint());
    // IPv4 first, as the JVM does (java.net.preferIPv6Addresses=false), so
    // "localhost" binds 127.0.0.1, the address clients reach it by first.
    std::stable_partition(candidates.begin(), candidates.end(),
                          [](const tcp::endpoint& e) { return e.address().is_v4(); });
  }

  std::string last_error = "no address";
  for (const tcp::endpoint& endpoint : candidates) {
    auto acceptor = std::make_unique<Acceptor>(
        Acceptor{BoundListener{}, tcp::acceptor(io_), asio::steady_timer(io_)});
    boost::system::error_code ec;
    acceptor->acceptor.open(endpoint.protocol(), ec);
    if (!ec && listener.host.empty() && endpoint.address().is_v6()) {
      acceptor->acceptor.set_option(asio::ip::v6_only(false), ec);
    }
    if (!ec) acceptor->acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor->acceptor.bind(endpoint, ec);
    if (!ec) acceptor->acceptor.listen(options_.listen_backlog, ec);
    tcp::endpoint local;
    if (!ec) local = acceptor->acceptor.local_endpoint(ec);
    if (ec) {
      last_error = endpoint.address().to_string() + ": " + ec.message();
      continue;
    }
    acceptor->bound = BoundListener{listener.name, listener.host, local.address().to_string(),
                                    local.port()};
    acceptors_.push_back(std::move(acceptor));
    return Empty{};
  }
  return Error{"cannot bind listener " + where + ": " + last_error};
}

void Server::Accept(Acceptor& acceptor) {
  // Each connection gets its own strand: its handlers never run concurrently.
  acceptor.acceptor.async_accept(
      asio::make_strand(io_),
      [this, &acceptor](const boost::system::error_code& ec, tcp::socket socket) {
        OnAccept(acceptor, ec, std::move(socket));
      });
}

void Server::OnAccept(Acceptor& acceptor, const boost::system::error_code& ec,
                      tcp::socket socket) {
  if (stopping_.load() || ec == asio::error::operation_aborted) return;
  if (ec) {
    // E.g. out of file descriptors: retry soon rather than spin.
    kBrokerLog().warn("Accepting a connection on listener {} failed: {}", acceptor.bound.name,
                      ec.message());
    acceptor.retry_timer.expires_after(std::chrono::milliseconds(100));
    acceptor.retry_timer.async_wait([this, &acceptor](const boost::system::error_code& wait_ec) {
      if (!wait_ec && !stopping_.load()) Accept(acceptor);
    });
    return;
  }
  boost::system::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  std::shared_ptr<Connection> connection;
  {
    std::lock_guard lock(mu_);
    if (options_.max_connections > 0 &&
        connections_.size() >= static_cast<size_t>(options_.max_connections)) {
      const auto peer = socket.remote_endpoint(ignored);
      kBrokerLog().warn(
          "Refusing connection from {}:{} on listener {}: {} connections are open "
          "(max.connections)",
          peer.address().to_string(), peer.port(), acceptor.bound.name, connections_.size());
      socket.close(ignored);
    } else {
      const uint64_t id = next_connection_id_++;
      ConnectionOptions connection_options;
      connection_options.max_request_bytes = options_.socket_request_max_bytes;
      connection_options.max_idle = options_.connections_max_idle;
      connection = std::make_shared<Connection>(std::move(socket), id, acceptor.bound.name,
                                                connection_options, dispatcher_, lifeline_,
                                                [this](uint64_t closed) { Forget(closed); });
      connections_.emplace(id, connection);
    }
  }
  if (connection) {
    kBrokerLog().debug("Accepted connection {} from {} on listener {}", connection->id(),
                       connection->peer(), acceptor.bound.name);
    connection->Start();
  }
  Accept(acceptor);
}

void Server::Forget(uint64_t connection_id) {
  std::shared_ptr<Connection> last;  // released outside the lock
  std::lock_guard lock(mu_);
  if (auto it = connections_.find(connection_id); it != connections_.end()) {
    last = std::move(it->second);
    connections_.erase(it);
  }
}

void Server::Stop() {
  if (state_ != State::kRunning) return;
  stopping_.store(true);
  {
    // From here on, Responders complete into nothing (see internal::Lifeline).
    std::unique_lock lock(lifeline_->mu);
    lifeline_->alive = false;
  }
  work_.reset();
  io_.stop();
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();

  // No I/O thread runs any more: the Asio objects can be touched from here.
  for (auto& acceptor : acceptors_) {
    boost::system::error_code ignored;
    acceptor->acceptor.close(ignored);
    acceptor->retry_timer.cancel();
  }
  std::vector<std::shared_ptr<Connection>> open;
  {
    std::lock_guard lock(mu_);
    for (auto& [id, connection] : connections_) open.push_back(connection);
  }
  for (auto& connection : open) connection->CloseNow("the broker is stopping");
  open.clear();
  // Run the handlers of the operations just cancelled (and of completions
  // posted before the lifeline was cut) so that they release their
  // references: every Connection is destroyed before Stop returns.
  io_.restart();
  io_.poll();
  acceptors_.clear();
  state_ = State::kStopped;
  kBrokerLog().info("Broker network server stopped");
}

std::optional<uint16_t> Server::BoundPort(std::string_view listener_name) const {
  for (const BoundListener& bound : bound_) {
    if (SameName(bound.name, listener_name)) return bound.port;
  }
  return std::nullopt;
}

std::vector<BoundListener> Server::BoundListeners() const { return bound_; }

size_t Server::ConnectionCount() const {
  std::lock_guard lock(mu_);
  return connections_.size();
}

}  // namespace kconnect::broker::server
