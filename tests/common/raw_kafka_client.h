#pragma once
// A blocking Kafka-protocol client on one loopback connection, with no test
// framework in it: the broker tests (RawClient, which adds decoding with
// gtest failures) and the broker benchmark send requests whose exact bytes
// or timing matter through it.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <optional>
#include <vector>

#include "broker/protocol/apis.h"
#include "broker/protocol/request_header.h"
#include "broker/protocol/writer.h"

namespace kctest {

class RawKafkaClient {
 public:
  explicit RawKafkaClient(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  }
  ~RawKafkaClient() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawKafkaClient(const RawKafkaClient&) = delete;
  RawKafkaClient& operator=(const RawKafkaClient&) = delete;
  bool connected() const { return connected_; }

  // Sends one request (header v1/v2 as the API and version call for).
  template <typename Request>
  bool Send(const Request& request, int16_t version, int32_t correlation_id) {
    kconnect::broker::protocol::RequestHeader header;
    header.request_api_key = Request::kApiKey;
    header.request_api_version = version;
    header.correlation_id = correlation_id;
    header.client_id = "raw-test";
    const int16_t hv = kconnect::broker::protocol::RequestHeaderVersion(Request::kApiKey, version);
    std::vector<uint8_t> frame(4);
    kconnect::broker::protocol::Writer w(&frame);
    header.Write(w, hv);
    request.Write(w, version);
    const uint32_t size = htonl(static_cast<uint32_t>(frame.size() - 4));
    std::memcpy(frame.data(), &size, 4);
    return WriteAll(frame.data(), frame.size());
  }

  // Reads one response frame (correlation id, then body) into `frame`,
  // reusing its memory, within `timeout`; false on timeout or EOF.
  bool ReadFrame(std::chrono::milliseconds timeout, std::vector<uint8_t>* frame) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    uint8_t size_bytes[4];
    if (!ReadAll(size_bytes, 4, end)) return false;
    uint32_t size;
    std::memcpy(&size, size_bytes, 4);
    frame->resize(ntohl(size));
    return ReadAll(frame->data(), frame->size(), end);
  }
  std::optional<std::vector<uint8_t>> ReadFrame(std::chrono::milliseconds timeout) {
    std::vector<uint8_t> frame;
    if (!ReadFrame(timeout, &frame)) return std::nullopt;
    return frame;
  }

  // True if the peer closed the connection within `timeout`.
  bool ClosedWithin(std::chrono::milliseconds timeout) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    uint8_t b;
    while (std::chrono::steady_clock::now() < end) {
      pollfd p{fd_, POLLIN, 0};
      int r = ::poll(&p, 1, 50);
      if (r > 0) {
        ssize_t n = ::recv(fd_, &b, 1, 0);
        if (n == 0) return true;
        if (n < 0) return true;
        return false;  // data, not a close
      }
    }
    return false;
  }

 private:
  bool WriteAll(const uint8_t* p, size_t n) {
    while (n > 0) {
      ssize_t w = ::send(fd_, p, n, MSG_NOSIGNAL);
      if (w <= 0) return false;
      p += w;
      n -= static_cast<size_t>(w);
    }
    return true;
  }
  bool ReadAll(uint8_t* p, size_t n, std::chrono::steady_clock::time_point end) {
    while (n > 0) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          end - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      pollfd pfd{fd_, POLLIN, 0};
      int r = ::poll(&pfd, 1, static_cast<int>(left.count()));
      if (r <= 0) continue;
      ssize_t got = ::recv(fd_, p, n, 0);
      if (got <= 0) return false;
      p += got;
      n -= static_cast<size_t>(got);
    }
    return true;
  }

  int fd_ = -1;
  bool connected_ = false;
};

}  // namespace kctest
