#include "broker/server/connection.h"

#include <sys/sendfile.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <limits>
#include <utility>

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include "common/logging/logger_registry.h"

namespace kconnect::broker::server {

using common::logging::kBrokerLog;

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

// The input buffer starts small (most connections are idle or send small
// requests) and grows up to kMaxInputBufferBytes; a request that would not
// fit in that gets a buffer of its own.
constexpr size_t kInitialInputBufferBytes = 8 * 1024;
constexpr size_t kMaxInputBufferBytes = 64 * 1024;
// A connection keeps its big-request buffer, and its response buffer, up to
// this size (producers' requests are about 1 MB: max.request.size,
// message.max.bytes; a Fetch response's records are not in its buffer but
// sent from the segment files).
constexpr size_t kMaxRetainedBufferBytes = 16 * 1024 * 1024;
// api_key, api_version, correlation_id: the part of every request header
// version the server reads itself.
constexpr size_t kHeaderPrefixBytes = 8;

int32_t ReadInt32(const uint8_t* p) {
  return static_cast<int32_t>((uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) |
                              (uint32_t{p[2]} << 8) | uint32_t{p[3]});
}

int16_t ReadInt16(const uint8_t* p) {
  return static_cast<int16_t>((uint16_t{p[0]} << 8) | uint16_t{p[1]});
}

std::string PeerOf(const tcp::socket& socket) {
  boost::system::error_code ec;
  const tcp::endpoint endpoint = socket.remote_endpoint(ec);
  if (ec) return "unknown";
  const asio::ip::address address = endpoint.address();
  if (address.is_v6() && !address.to_v6().is_v4_mapped()) {
    return "[" + address.to_string() + "]:" + std::to_string(endpoint.port());
  }
  const std::string text =
      address.is_v6() ? address.to_v6().to_v4().to_string() : address.to_string();
  return text + ":" + std::to_string(endpoint.port());
}

}  // namespace

Connection::Connection(tcp::socket socket, uint64_t id, std::string listener,
                       ConnectionOptions options, RequestDispatcher& dispatcher,
                       std::shared_ptr<internal::Lifeline> lifeline,
                       std::function<void(uint64_t)> on_closed)
    : strand_(socket.get_executor()),
      socket_(std::move(socket)),
      idle_timer_(strand_),
      id_(id),
      listener_(std::move(listener)),
      peer_(PeerOf(socket_)),
      options_(options),
      dispatcher_(dispatcher),
      lifeline_(std::move(lifeline)),
      on_closed_(std::move(on_closed)),
      in_(kInitialInputBufferBytes) {}

void Connection::Start() {
  asio::post(strand_, [self = shared_from_this()] {
    if (self->closed_) return;
    // Responses are written with send(2) and sendfile(2) directly, which
    // must not block the io thread when the peer reads slowly.
    boost::system::error_code ec;
    self->socket_.native_non_blocking(true, ec);
    if (ec) {
      self->Close("cannot make the socket non-blocking: " + ec.message(), spdlog::level::warn);
      return;
    }
    self->last_activity_ = std::chrono::steady_clock::now();
    self->ArmIdleTimer();
    self->ProcessInput();
  });
}

void Connection::PostCompletion(uint64_t sequence, internal::Outcome outcome,
                                std::optional<OutgoingResponse> response, std::string reason) {
  asio::post(strand_, [self = shared_from_this(), sequence, outcome, response = std::move(response),
                       reason = std::move(reason)]() mutable {
    self->OnCompletion(sequence, outcome, std::move(response), reason);
  });
}

void Connection::ProcessInput() {
  if (closed_ || in_flight_ || reading_big_) return;
  const size_t available = in_end_ - in_begin_;
  if (available >= 4) {
    const int32_t size = ReadInt32(in_.data() + in_begin_);
    if (size <= 0 || size > options_.max_request_bytes) {
      Close("invalid request size " + std::to_string(size) + " (socket.request.max.bytes is " +
                std::to_string(options_.max_request_bytes) + ")",
            spdlog::level::warn);
      return;
    }
    if (static_cast<size_t>(size) < kHeaderPrefixBytes) {
      Close("request of " + std::to_string(size) + " bytes is shorter than a request header",
            spdlog::level::warn);
      return;
    }
    const size_t frame_size = static_cast<size_t>(size);
    const uint8_t* frame_begin = in_.data() + in_begin_ + 4;
    if (available - 4 >= frame_size) {
      // The frame is handed over in place: in_ is not touched again before
      // the dispatcher returns, since nothing is read while it is in flight.
      in_begin_ += 4 + frame_size;
      DispatchFrame(std::span<const uint8_t>(frame_begin, frame_size));
      return;
    }
    const size_t needed = 4 + frame_size;
    if (needed > in_.size() && needed <= kMaxInputBufferBytes) {
      in_.resize(std::min(kMaxInputBufferBytes, std::max(needed, 2 * in_.size())));
    } else if (needed > in_.size()) {
      // Too big for the input buffer: read the rest straight into a buffer
      // of its own. What follows it is still in the socket, since in_ held
      // less than this one request. The buffer is kept for the next big
      // request (a producer sends many of similar size): a fresh one each
      // time cost a zero-fill and a page fault per 4 KiB.
      if (big_frame_.size() < frame_size) {
        big_frame_.clear();
        big_frame_.resize(frame_size);
      }
      big_size_ = frame_size;
      big_filled_ = available - 4;
      std::memcpy(big_frame_.data(), frame_begin, big_filled_);
      in_begin_ = in_end_ = 0;
      reading_big_ = true;
    }
  }
  ReadMore();
}

void Connection::ReadMore() {
  if (closed_ || reading_) return;
  asio::mutable_buffer target;
  if (reading_big_) {
    target = asio::buffer(big_frame_.data() + big_filled_, big_size_ - big_filled_);
  } else {
    if (in_begin_ > 0) {
      // Keep the partial request at the front so it can grow in place.
      std::memmove(in_.data(), in_.data() + in_begin_, in_end_ - in_begin_);
      in_end_ -= in_begin_;
      in_begin_ = 0;
    }
    target = asio::buffer(in_.data() + in_end_, in_.size() - in_end_);
  }
  reading_ = true;
  socket_.async_read_some(target, [self = shared_from_this()](const boost::system::error_code& ec,
                                                              size_t n) { self->OnRead(ec, n); });
}

void Connection::OnRead(const boost::system::error_code& ec, size_t n) {
  reading_ = false;
  if (closed_) return;
  if (ec) {
    const bool partial = reading_big_ || in_end_ > in_begin_;
    if (ec == asio::error::eof || ec == asio::error::connection_reset) {
      if (partial) {
        Close("the peer disconnected in the middle of a request", spdlog::level::warn);
      } else {
        Close("the peer disconnected", spdlog::level::debug);
      }
    } else {
      Close("read failed: " + ec.message(), partial ? spdlog::level::warn : spdlog::level::debug);
    }
    return;
  }
  last_activity_ = std::chrono::steady_clock::now();
  if (reading_big_) {
    big_filled_ += n;
    if (big_filled_ < big_size_) {
      ReadMore();
      return;
    }
    reading_big_ = false;
    big_filled_ = 0;
    DispatchFrame(std::span<const uint8_t>(big_frame_.data(), big_size_));
    // Only a buffer of ordinary size is worth keeping for the next one.
    if (big_frame_.size() > kMaxRetainedBufferBytes) big_frame_ = {};
    return;
  }
  in_end_ += n;
  ProcessInput();
}

void Connection::DispatchFrame(std::span<const uint8_t> frame) {
  RequestContext context;
  context.connection_id = id_;
  context.peer = peer_;
  context.listener = listener_;
  context.api_key = ReadInt16(frame.data());
  context.api_version = ReadInt16(frame.data() + 2);
  context.correlation_id = ReadInt32(frame.data() + 4);
  in_flight_ = true;
  ++sequence_;
  // The previous response is written by now: its buffer goes to this
  // request's handler to be reused.
  out_.clear();
  Responder responder(std::make_shared<internal::PendingRequest>(
      weak_from_this(), lifeline_, sequence_, std::exchange(out_, {})));
  try {
    dispatcher_.Dispatch(context, frame, std::move(responder));
  } catch (const std::exception& e) {
    Close(std::string("the dispatcher threw: ") + e.what(), spdlog::level::warn);
  } catch (...) {
    Close("the dispatcher threw", spdlog::level::warn);
  }
}

void Connection::OnCompletion(uint64_t sequence, internal::Outcome outcome,
                              std::optional<OutgoingResponse> response, const std::string& reason) {
  if (closed_ || !in_flight_ || sequence != sequence_) return;
  if (outcome != internal::Outcome::kRespond) {
    // A dropped request is a broker bug, a close request a client's fault.
    Close(reason, outcome == internal::Outcome::kDropped ? spdlog::level::warn
                                                         : spdlog::level::info);
    return;
  }
  if (!response) {
    in_flight_ = false;
    ProcessInput();
    return;
  }
  uint64_t total = response->bytes.size();
  for (const Splice& splice : response->splices) total += splice.slice.size;
  if (total > static_cast<uint64_t>(std::numeric_limits<int32_t>::max())) {
    Close("response of " + std::to_string(total) + " bytes does not fit a frame",
          spdlog::level::warn);
    return;
  }
  const auto size = static_cast<uint32_t>(total);
  out_size_ = {static_cast<uint8_t>(size >> 24), static_cast<uint8_t>(size >> 16),
               static_cast<uint8_t>(size >> 8), static_cast<uint8_t>(size)};
  out_ = std::move(response->bytes);
  splices_ = std::move(response->splices);
  pieces_.clear();
  pieces_.push_back(Piece{out_size_.data(), -1, 0, out_size_.size()});
  size_t at = 0;
  for (const Splice& splice : splices_) {
    const size_t until = std::min(splice.at, out_.size());
    if (until > at) pieces_.push_back(Piece{out_.data() + at, -1, 0, until - at});
    at = std::max(at, until);
    if (splice.slice.size > 0) {
      pieces_.push_back(Piece{nullptr, splice.slice.fd, splice.slice.offset, splice.slice.size});
    }
  }
  if (out_.size() > at) pieces_.push_back(Piece{out_.data() + at, -1, 0, out_.size() - at});
  piece_ = 0;
  piece_sent_ = 0;
  WriteSome();
}

void Connection::WriteSome() {
  // One sendfile call moves at most this much, so a huge slice cannot hold
  // the strand (and the io thread) for long.
  constexpr uint64_t kMaxSendfileBytes = 8 * 1024 * 1024;
  const int sock = socket_.native_handle();
  while (!closed_ && piece_ < pieces_.size()) {
    const Piece& piece = pieces_[piece_];
    const uint64_t left = piece.size - piece_sent_;
    ssize_t n;
    if (piece.fd < 0) {
      // MSG_MORE: the prefix and a response's small pieces between file
      // slices join the bytes after them instead of leaving as tiny segments.
      const int flags = MSG_NOSIGNAL | (piece_ + 1 < pieces_.size() ? MSG_MORE : 0);
      n = ::send(sock, piece.data + piece_sent_, left, flags);
    } else {
      auto offset = static_cast<off_t>(piece.offset + piece_sent_);
      n = ::sendfile(sock, piece.fd, &offset, std::min(left, kMaxSendfileBytes));
    }
    if (n > 0) {
      piece_sent_ += static_cast<uint64_t>(n);
      if (piece_sent_ == piece.size) {
        ++piece_;
        piece_sent_ = 0;
      }
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      socket_.async_wait(tcp::socket::wait_write,
                         [self = shared_from_this()](const boost::system::error_code& ec) {
                           if (self->closed_) return;
                           if (ec) {
                             self->Close("write failed: " + ec.message(), spdlog::level::debug);
                             return;
                           }
                           self->WriteSome();
                         });
      return;
    }
    if (n == 0) {
      // The frame's size is already promised: nothing can stand in for the
      // missing bytes.
      Close("a segment file ended before the bytes of a response were sent", spdlog::level::warn);
    } else {
      Close(std::string("write failed: ") + std::strerror(errno), spdlog::level::debug);
    }
    return;
  }
  if (!closed_) OnWritten();
}

void Connection::OnWritten() {
  pieces_.clear();
  splices_.clear();  // lets go of the files
  // The buffer is lent to the next request's handler (Responder::TakeBuffer);
  // only one of ordinary size is worth keeping.
  if (out_.capacity() > kMaxRetainedBufferBytes) out_ = {};
  in_flight_ = false;
  last_activity_ = std::chrono::steady_clock::now();
  ProcessInput();
}

void Connection::ArmIdleTimer() {
  idle_timer_.expires_at(last_activity_ + options_.max_idle);
  idle_timer_.async_wait(
      [self = shared_from_this()](const boost::system::error_code& ec) { self->OnIdleTimer(ec); });
}

void Connection::OnIdleTimer(const boost::system::error_code& ec) {
  if (closed_ || ec == asio::error::operation_aborted) return;
  const auto now = std::chrono::steady_clock::now();
  if (in_flight_) {
    // Not idle while the broker holds a request: count from now on.
    last_activity_ = now;
  } else if (now >= last_activity_ + options_.max_idle) {
    Close("idle for longer than connections.max.idle.ms (" +
              std::to_string(options_.max_idle.count()) + " ms)",
          spdlog::level::debug);
    return;
  }
  // Activity moved last_activity_ on without touching the timer; one wait
  // per period is cheaper than re-arming on every read.
  ArmIdleTimer();
}

void Connection::CloseNow(std::string_view reason) { Close(reason, spdlog::level::debug); }

void Connection::Close(std::string_view reason, spdlog::level::level_enum level) {
  if (closed_) return;
  closed_ = true;
  kBrokerLog().log(level, "Closing connection {} from {} on listener {}: {}", id_, peer_, listener_,
                   reason);
  boost::system::error_code ignored;
  socket_.shutdown(tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  idle_timer_.cancel();
  in_ = {};
  big_frame_ = {};
  out_ = {};
  try {
    dispatcher_.OnConnectionClosed(id_);
  } catch (...) {
    kBrokerLog().error("RequestDispatcher::OnConnectionClosed threw for connection {}", id_);
  }
  if (auto on_closed = std::exchange(on_closed_, nullptr)) on_closed(id_);
}

}  // namespace kconnect::broker::server
