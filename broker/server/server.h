#pragma once
// Server: the broker's TCP front end. One acceptor per listener, a fixed pool
// of I/O threads running one io_context, one Connection (on its own strand)
// per client. Requests go to a RequestDispatcher; see request_dispatcher.h
// for the contract and connection.h for framing, ordering and idle rules.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "broker/server/listener.h"
#include "broker/server/request_dispatcher.h"
#include "broker/server/responder.h"
#include "broker/server/result.h"

namespace kconnect::broker::server {

class Connection;

struct ServerOptions {
  // `listeners` (parse with ParseListeners). At least one; names unique.
  std::vector<Listener> listeners;
  // I/O threads running the io_context, and so the dispatcher's Dispatch
  // calls (Kafka's num.network.threads plays this part). At least 1.
  int num_threads = 2;
  // socket.request.max.bytes: largest request size accepted (Kafka default
  // 100 MiB). A bigger size closes the connection.
  int32_t socket_request_max_bytes = 104857600;
  // connections.max.idle.ms (Kafka default 10 minutes).
  std::chrono::milliseconds connections_max_idle{600000};
  // Cap on open connections over all listeners; 0 = no cap. A connection
  // accepted above the cap is closed at once (Kafka's max.connections).
  int max_connections = 0;
  // listen(2) backlog (Kafka's socket.listen.backlog.size).
  int listen_backlog = 50;
};

// A listener as bound: `port` is the real port, even when 0 was asked for.
struct BoundListener {
  std::string name;
  std::string host;  // as configured; empty = all interfaces
  std::string address;  // the local address bound, e.g. "127.0.0.1" or "::"
  uint16_t port = 0;
};

// Thread-safety: Start, Stop and the destructor must be called from one
// owning thread that is not one of the server's I/O threads (Stop joins them).
// The const accessors may be called from any thread after Start returned.
class Server {
 public:
  // `dispatcher` must outlive the Server.
  Server(ServerOptions options, RequestDispatcher& dispatcher);
  // Stops the server if running.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds every listener (resolving host names; an empty host binds all
  // interfaces, IPv6 dual-stack where available, else IPv4) and starts the
  // I/O threads. On error nothing is left bound or running and the message
  // names the listener (e.g. address in use); Start may then be tried
  // again. A Server runs at most once: Start after a successful Start or
  // after Stop is an error.
  Result<Empty> Start();

  // Closes the acceptors and every connection, drops the completions of
  // requests still with the dispatcher (their Responders become no-ops), and
  // joins every I/O thread. RequestDispatcher::OnConnectionClosed is called
  // for each connection still open, on this thread. Returns promptly: it
  // does not wait for the dispatcher. Idempotent; a no-op before Start.
  void Stop();

  // The port a listener is bound to; nullopt for an unknown name (matched
  // case-insensitively) or before Start. Still answers after Stop.
  std::optional<uint16_t> BoundPort(std::string_view listener_name) const;
  // Every listener as bound, in configuration order; empty before Start.
  std::vector<BoundListener> BoundListeners() const;
  // Connections currently open.
  size_t ConnectionCount() const;

 private:
  struct Acceptor {
    BoundListener bound;
    boost::asio::ip::tcp::acceptor acceptor;
    boost::asio::steady_timer retry_timer;  // after accept errors such as EMFILE
  };

  Result<Empty> Bind(const Listener& listener);
  void Accept(Acceptor& acceptor);
  void OnAccept(Acceptor& acceptor, const boost::system::error_code& ec,
                boost::asio::ip::tcp::socket socket);
  void Forget(uint64_t connection_id);

  const ServerOptions options_;
  RequestDispatcher& dispatcher_;
  // Declared before every Asio object, so destroyed after them all.
  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::shared_ptr<internal::Lifeline> lifeline_;
  // Owner thread only; the accept handlers use their own Acceptor.
  std::vector<std::unique_ptr<Acceptor>> acceptors_;
  // Filled by a successful Start and never changed after it, so the const
  // accessors read it without a lock (Start happens-before their calls).
  std::vector<BoundListener> bound_;
  std::vector<std::thread> threads_;
  enum class State { kNew, kRunning, kStopped };
  State state_ = State::kNew;  // owner thread only
  // Set by Stop before the threads are stopped; read by accept handlers.
  std::atomic<bool> stopping_{false};

  mutable std::mutex mu_;  // guards connections_ and next_connection_id_
  std::unordered_map<uint64_t, std::shared_ptr<Connection>> connections_;
  uint64_t next_connection_id_ = 1;
};

}  // namespace kconnect::broker::server
