#pragma once
// A minimal blocking HTTP/1.1 client for tests and benchmarks, over a plain
// loopback socket: every byte sent is under the test's control, and no HTTP
// library is needed.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>

namespace kctest {

struct LoopbackReply {
  int status = 0;  // 0: no answer
  std::string body;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
  }
};

namespace loopback_detail {

inline std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Decodes a complete chunked body; nullopt while the final chunk is missing.
inline std::optional<std::string> Dechunk(const std::string& raw) {
  std::string out;
  size_t pos = 0;
  for (;;) {
    size_t eol = raw.find("\r\n", pos);
    if (eol == std::string::npos) return std::nullopt;
    size_t length = std::strtoul(raw.substr(pos, eol - pos).c_str(), nullptr, 16);
    if (length == 0) return out;
    if (raw.size() < eol + 2 + length + 2) return std::nullopt;
    out += raw.substr(eol + 2, length);
    pos = eol + 2 + length + 2;
  }
}

}  // namespace loopback_detail

// A TCP connection to 127.0.0.1:<port> whose sends and receives time out
// after `timeout_seconds`; -1 when it cannot be made.
inline int LoopbackConnect(int port, int timeout_seconds) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  timeval timeout{timeout_seconds, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// Sends one request to 127.0.0.1:<port> and returns the status and body.
// Gives up (status 0) after 120 s without an answer.
// A body is sent as `content_type` (none when nullopt).
inline LoopbackReply LoopbackHttpAs(int port, const std::string& method, const std::string& path,
                                    const std::string& body,
                                    const std::optional<std::string>& content_type) {
  LoopbackReply reply;
  int fd = LoopbackConnect(port, 120);
  if (fd < 0) return reply;
  std::string request = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" +
                        std::to_string(port) + "\r\nConnection: close\r\n";
  if (content_type) request += "Content-Type: " + *content_type + "\r\n";
  request += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  for (size_t sent = 0; sent < request.size();) {
    ssize_t n = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) {
      close(fd);
      return reply;
    }
    sent += static_cast<size_t>(n);
  }

  std::string raw;
  char buffer[4096];
  for (;;) {
    size_t header_end = raw.find("\r\n\r\n");
    if (header_end != std::string::npos) {
      std::string headers = loopback_detail::Lower(raw.substr(0, header_end));
      std::string rest = raw.substr(header_end + 4);
      size_t cl = headers.find("\r\ncontent-length:");
      if (cl != std::string::npos) {
        size_t length = std::strtoul(headers.c_str() + cl + 17, nullptr, 10);
        if (rest.size() >= length) {
          reply.body = rest.substr(0, length);
          break;
        }
      } else if (headers.find("\r\ntransfer-encoding: chunked") != std::string::npos) {
        if (auto decoded = loopback_detail::Dechunk(rest)) {
          reply.body = *decoded;
          break;
        }
      }
    }
    ssize_t n = recv(fd, buffer, sizeof(buffer), 0);
    if (n <= 0) {
      // Closed by the server: whatever follows the headers is the body.
      size_t end = raw.find("\r\n\r\n");
      if (end == std::string::npos) {
        close(fd);
        return reply;
      }
      reply.body = raw.substr(end + 4);
      break;
    }
    raw.append(buffer, static_cast<size_t>(n));
  }
  close(fd);
  size_t space = raw.find(' ');
  if (space != std::string::npos) reply.status = std::atoi(raw.c_str() + space + 1);
  const size_t head_end = raw.find("\r\n\r\n");
  for (size_t pos = raw.find("\r\n"); pos != std::string::npos && pos < head_end;) {
    size_t next = raw.find("\r\n", pos + 2);
    std::string line = raw.substr(pos + 2, next - pos - 2);
    if (size_t colon = line.find(':'); colon != std::string::npos) {
      size_t value = line.find_first_not_of(' ', colon + 1);
      reply.headers[loopback_detail::Lower(line.substr(0, colon))] =
          value == std::string::npos ? "" : line.substr(value);
    }
    pos = next;
  }
  return reply;
}

// Sends one request to 127.0.0.1:<port>; a non-empty body goes as
// application/json.
inline LoopbackReply LoopbackHttp(int port, const std::string& method, const std::string& path,
                                  const std::string& body = "") {
  return LoopbackHttpAs(port, method, path, body,
                        body.empty() ? std::nullopt : std::optional<std::string>("application/json"));
}

}  // namespace kctest
