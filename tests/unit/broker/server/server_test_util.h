#pragma once
// Helpers for the broker server tests: a blocking loopback client with
// deadlines, a scriptable dispatcher, and WaitFor (poll with a deadline).

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "broker/server/request_dispatcher.h"

namespace kconnect::broker::server::testing {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

inline bool WaitFor(const std::function<bool()>& condition,
                    std::chrono::milliseconds timeout = 10s) {
  const auto deadline = Clock::now() + timeout;
  while (!condition()) {
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(2ms);
  }
  return true;
}

inline void PutInt32(std::vector<uint8_t>& out, int32_t v) {
  const auto u = static_cast<uint32_t>(v);
  out.push_back(static_cast<uint8_t>(u >> 24));
  out.push_back(static_cast<uint8_t>(u >> 16));
  out.push_back(static_cast<uint8_t>(u >> 8));
  out.push_back(static_cast<uint8_t>(u));
}

inline void PutInt16(std::vector<uint8_t>& out, int16_t v) {
  const auto u = static_cast<uint16_t>(v);
  out.push_back(static_cast<uint8_t>(u >> 8));
  out.push_back(static_cast<uint8_t>(u));
}

inline int32_t GetInt32(const uint8_t* p) {
  return static_cast<int32_t>((uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) |
                              (uint32_t{p[2]} << 8) | uint32_t{p[3]});
}

inline int16_t GetInt16(const uint8_t* p) {
  return static_cast<int16_t>((uint16_t{p[0]} << 8) | uint16_t{p[1]});
}

// A framed request: size, api_key, api_version, correlation_id, body.
inline std::vector<uint8_t> Request(int16_t api_key, int32_t correlation_id,
                                    const std::vector<uint8_t>& body = {},
                                    int16_t api_version = 0) {
  std::vector<uint8_t> out;
  PutInt32(out, static_cast<int32_t>(8 + body.size()));
  PutInt16(out, api_key);
  PutInt16(out, api_version);
  PutInt32(out, correlation_id);
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

inline std::vector<uint8_t> Concat(std::initializer_list<std::vector<uint8_t>> parts) {
  std::vector<uint8_t> out;
  for (const auto& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

// A blocking IPv4 loopback client; every read has a deadline.
class TestClient {
 public:
  explicit TestClient(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw std::runtime_error("socket failed");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
      ::close(fd_);
      fd_ = -1;
      throw std::runtime_error(std::string("connect failed: ") + std::strerror(errno));
    }
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  }
  ~TestClient() { Close(); }
  TestClient(const TestClient&) = delete;
  TestClient& operator=(const TestClient&) = delete;

  // "127.0.0.1:<local port>": how the server names this client.
  std::string LocalAddress() const {
    sockaddr_in addr{};
    socklen_t len = sizeof(addr);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    return "127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
  }

  bool Send(const std::vector<uint8_t>& bytes) { return Send(bytes.data(), bytes.size()); }
  bool Send(const void* data, size_t size) {
    const auto* p = static_cast<const uint8_t*>(data);
    while (size > 0) {
      const ssize_t n = ::send(fd_, p, size, MSG_NOSIGNAL);
      if (n < 0) {
        if (errno == EINTR) continue;
        return false;
      }
      p += n;
      size -= static_cast<size_t>(n);
    }
    return true;
  }

  // One response frame without its size prefix; nullopt on timeout or close.
  std::optional<std::vector<uint8_t>> ReadFrame(std::chrono::milliseconds timeout = 10s) {
    const auto deadline = Clock::now() + timeout;
    uint8_t size_bytes[4];
    if (!ReadExact(size_bytes, 4, deadline)) return std::nullopt;
    const int32_t size = GetInt32(size_bytes);
    if (size < 0) return std::nullopt;
    std::vector<uint8_t> frame(static_cast<size_t>(size));
    if (!ReadExact(frame.data(), frame.size(), deadline)) return std::nullopt;
    return frame;
  }

  // The correlation id of the next response, or -1 on timeout or close.
  int32_t ReadCorrelationId(std::chrono::milliseconds timeout = 10s) {
    auto frame = ReadFrame(timeout);
    if (!frame || frame->size() < 4) return -1;
    return GetInt32(frame->data());
  }

  // True once the server has closed the connection (EOF or reset), within
  // `timeout`; data that arrives meanwhile is discarded.
  bool WaitClosed(std::chrono::milliseconds timeout = 10s) {
    const auto deadline = Clock::now() + timeout;
    uint8_t buffer[4096];
    while (true) {
      const int state = WaitReadable(deadline);
      if (state <= 0) return false;
      const ssize_t n = ::recv(fd_, buffer, sizeof(buffer), 0);
      if (n == 0) return true;
      if (n < 0 && errno != EINTR && errno != EAGAIN) return true;  // ECONNRESET
    }
  }

  // True if nothing is readable and the connection is still open `for_` from now.
  bool StaysOpenAndSilent(std::chrono::milliseconds for_) {
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, static_cast<int>(for_.count())) == 0;
  }

  void ShutdownWrite() { ::shutdown(fd_, SHUT_WR); }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  // 1 readable, 0 timeout, -1 error.
  int WaitReadable(Clock::time_point deadline) {
    while (true) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) return 0;
      pollfd p{fd_, POLLIN, 0};
      const int r = ::poll(&p, 1, static_cast<int>(left.count()));
      if (r < 0 && errno == EINTR) continue;
      return r < 0 ? -1 : (r == 0 ? 0 : 1);
    }
  }

  bool ReadExact(uint8_t* p, size_t size, Clock::time_point deadline) {
    while (size > 0) {
      if (WaitReadable(deadline) <= 0) return false;
      const ssize_t n = ::recv(fd_, p, size, 0);
      if (n == 0) return false;
      if (n < 0) {
        if (errno == EINTR || errno == EAGAIN) continue;
        return false;
      }
      p += n;
      size -= static_cast<size_t>(n);
    }
    return true;
  }

  int fd_ = -1;
};

// What the test dispatcher does, chosen by the request's api_key.
enum TestApi : int16_t {
  kEcho = 1,        // answers at once: correlation_id, api_key, the body
  kNoResponse = 100,  // completes with nullopt (like Produce acks=0)
  kPark = 101,      // keeps the responder until the test completes it
  kClose = 102,     // asks the connection to close
  kDrop = 103,      // drops the responder without completing it
  kThrow = 104,     // throws from Dispatch
  kBig = 105,       // answers with a response of (body as int32) bytes
};

inline std::vector<uint8_t> EchoResponse(const RequestContext& context,
                                         std::span<const uint8_t> frame) {
  std::vector<uint8_t> out;
  PutInt32(out, context.correlation_id);
  PutInt16(out, context.api_key);
  out.insert(out.end(), frame.begin() + 8, frame.end());
  return out;
}

class TestDispatcher : public RequestDispatcher {
 public:
  struct Parked {
    RequestContext context;
    std::vector<uint8_t> frame;
    Responder responder;
  };

  void Dispatch(const RequestContext& context, std::span<const uint8_t> frame,
                Responder responder) override {
    {
      std::lock_guard lock(mu_);
      dispatched_.push_back(context);
      events_.push_back("dispatch " + std::to_string(context.correlation_id));
    }
    switch (context.api_key) {
      case kNoResponse:
        responder.Complete(std::nullopt);
        return;
      case kPark: {
        std::lock_guard lock(mu_);
        // Valid only during the call: a parked request keeps a copy.
        parked_.push_back(
            Parked{context, std::vector<uint8_t>(frame.begin(), frame.end()), std::move(responder)});
        return;
      }
      case kClose:
        responder.CloseConnection("test asked to close");
        return;
      case kDrop:
        return;
      case kThrow:
        throw std::runtime_error("test dispatcher throws");
      case kBig: {
        std::vector<uint8_t> out;
        PutInt32(out, context.correlation_id);
        out.resize(static_cast<size_t>(GetInt32(frame.data() + 8)), 0x5a);
        responder.Complete(std::move(out));
        return;
      }
      default:
        responder.Complete(EchoResponse(context, frame));
        return;
    }
  }

  void OnConnectionClosed(uint64_t connection_id) override {
    std::lock_guard lock(mu_);
    closed_.insert(connection_id);
  }

  size_t DispatchedCount() const {
    std::lock_guard lock(mu_);
    return dispatched_.size();
  }
  std::vector<RequestContext> Dispatched() const {
    std::lock_guard lock(mu_);
    return dispatched_;
  }
  size_t ParkedCount() const {
    std::lock_guard lock(mu_);
    return parked_.size();
  }
  std::vector<Parked> TakeParked() {
    std::lock_guard lock(mu_);
    return std::exchange(parked_, {});
  }
  std::set<uint64_t> Closed() const {
    std::lock_guard lock(mu_);
    return closed_;
  }
  void AddEvent(std::string event) {
    std::lock_guard lock(mu_);
    events_.push_back(std::move(event));
  }
  std::vector<std::string> Events() const {
    std::lock_guard lock(mu_);
    return events_;
  }

 private:
  mutable std::mutex mu_;  // guards everything below
  std::vector<RequestContext> dispatched_;
  std::vector<Parked> parked_;
  std::set<uint64_t> closed_;
  std::vector<std::string> events_;
};

}  // namespace kconnect::broker::server::testing
