#pragma once
// Connection: one accepted client socket, Kafka framing, one request at a
// time. Created and owned by Server; not meant to be used on its own.
//
// Framing: each request is an int32 big-endian size followed by that many
// bytes, whose first 8 are api_key (int16), api_version (int16) and
// correlation_id (int32). A size <= 0 or above socket.request.max.bytes, a
// request shorter than those 8 bytes, or end of stream inside a request
// closes this connection (and only it), with a log line naming the peer.
//
// Ordering: after a whole request is read it is dispatched and nothing more
// is read until its Responder completes and any response is fully written
// (broker.md §2 rule 6). Pipelined requests already received wait in the
// input buffer; the rest wait in the kernel's socket buffer.
//
// Idle: a connection with no request being handled and no socket traffic for
// connections.max.idle.ms is closed (Kafka's rule). A request parked in the
// dispatcher (e.g. a long-polling Fetch) keeps it open.
//
// Threads: every member is confined to the connection's strand. The only
// entry points from other threads are Start (posted by the server) and
// PostCompletion (via Responder), which post onto that strand.

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <spdlog/common.h>

#include "broker/server/request_dispatcher.h"
#include "broker/server/responder.h"

namespace kconnect::broker::server {

struct ConnectionOptions {
  int32_t max_request_bytes = 104857600;           // socket.request.max.bytes
  std::chrono::milliseconds max_idle{600000};      // connections.max.idle.ms
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  // `socket` must be open and its executor a strand. `dispatcher` must
  // outlive the connection's handlers (the Server guarantees it: Stop drains
  // them). `on_closed` runs once, on the strand, when the connection closes.
  Connection(boost::asio::ip::tcp::socket socket, uint64_t id, std::string listener,
             ConnectionOptions options, RequestDispatcher& dispatcher,
             std::shared_ptr<internal::Lifeline> lifeline,
             std::function<void(uint64_t)> on_closed);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Begins reading requests. Thread-safe (posts to the strand).
  void Start();

  // Closes the socket now. REQUIRES: running on the strand, or no thread is
  // running the io_context (Server::Stop after joining its threads).
  void CloseNow(std::string_view reason);

  // Delivers the completion of request `sequence`. Thread-safe. Called by
  // internal::PendingRequest only, under the Lifeline's shared lock.
  void PostCompletion(uint64_t sequence, internal::Outcome outcome,
                      std::optional<OutgoingResponse> response, std::string reason);

  uint64_t id() const { return id_; }
  const std::string& peer() const { return peer_; }

 private:
  void ProcessInput();
  void ReadMore();
  void OnRead(const boost::system::error_code& ec, size_t n);
  void DispatchFrame(std::span<const uint8_t> frame);
  void OnCompletion(uint64_t sequence, internal::Outcome outcome,
                    std::optional<OutgoingResponse> response, const std::string& reason);
  // Sends what is left of the response's pieces with non-blocking send(2)
  // and sendfile(2), waiting for the socket to be writable when it is full.
  void WriteSome();
  void OnWritten();
  void ArmIdleTimer();
  void OnIdleTimer(const boost::system::error_code& ec);
  void Close(std::string_view reason, spdlog::level::level_enum level);

  const boost::asio::any_io_executor strand_;
  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer idle_timer_;
  const uint64_t id_;
  const std::string listener_;
  const std::string peer_;
  const ConnectionOptions options_;
  RequestDispatcher& dispatcher_;
  const std::shared_ptr<internal::Lifeline> lifeline_;
  std::function<void(uint64_t)> on_closed_;

  // Received bytes not yet consumed: [in_begin_, in_end_) of in_, which
  // grows from 8 KiB to at most 64 KiB.
  std::vector<uint8_t> in_;
  size_t in_begin_ = 0;
  size_t in_end_ = 0;
  // A request too big for in_ is read straight into its own buffer, the
  // first big_size_ bytes of big_frame_ (kept between requests).
  std::vector<uint8_t> big_frame_;
  size_t big_size_ = 0;
  size_t big_filled_ = 0;
  bool reading_big_ = false;

  bool reading_ = false;    // an async_read_some is outstanding
  bool in_flight_ = false;  // a request is with the dispatcher or being written
  uint64_t sequence_ = 0;   // of the latest dispatched request
  std::array<uint8_t, 4> out_size_{};
  // The response being written; once written, kept (cleared) and lent to the
  // next request's handler.
  std::vector<uint8_t> out_;
  // What goes on the wire, in order: the size prefix, then out_ with the
  // response's file slices in their places.
  struct Piece {
    const uint8_t* data = nullptr;  // memory, or
    int fd = -1;                    // a file slice
    uint64_t offset = 0;
    uint64_t size = 0;
  };
  std::vector<Piece> pieces_;
  std::vector<Splice> splices_;  // keep the slices' files open
  size_t piece_ = 0;             // the piece being sent
  uint64_t piece_sent_ = 0;      // bytes of it already sent
  bool closed_ = false;
  std::chrono::steady_clock::time_point last_activity_;
};

}  // namespace kconnect::broker::server
