#include "http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>

namespace kconnect::worker::rest::testing {
namespace {

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string DecodeChunked(const std::string& raw) {
  std::string out;
  size_t pos = 0;
  while (pos < raw.size()) {
    size_t eol = raw.find("\r\n", pos);
    if (eol == std::string::npos) break;
    size_t length = std::strtoul(raw.substr(pos, eol - pos).c_str(), nullptr, 16);
    if (length == 0) break;
    out += raw.substr(eol + 2, length);
    pos = eol + 2 + length + 2;
  }
  return out;
}

}  // namespace

HttpResult SendHttp(int port, const HttpCall& call) {
  HttpResult result;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return result;
  timeval timeout{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return result;
  }
  std::string request = call.method + " " + call.target + " HTTP/1.1\r\n";
  request += "Host: 127.0.0.1:" + std::to_string(port) + "\r\n";
  request += "Connection: close\r\n";
  if (call.content_type) request += "Content-Type: " + *call.content_type + "\r\n";
  bool chunked = false;
  for (const auto& [name, value] : call.headers) {
    request.append(name).append(": ").append(value).append("\r\n");
    if (Lower(name) == "transfer-encoding") chunked = true;
  }
  if (!call.body.empty() && !chunked) {
    request += "Content-Length: " + std::to_string(call.body.size()) + "\r\n";
  }
  request += "\r\n" + call.body;
  size_t sent = 0;
  while (sent < request.size()) {
    ssize_t n = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) {
      close(fd);
      return result;
    }
    sent += static_cast<size_t>(n);
  }

  std::string raw;
  size_t header_end = std::string::npos;
  std::optional<size_t> content_length;
  char buffer[4096];
  while (true) {
    if (header_end == std::string::npos) {
      header_end = raw.find("\r\n\r\n");
      if (header_end != std::string::npos) {
        // Parse the status line and headers once.
        size_t line_end = raw.find("\r\n");
        std::string status_line = raw.substr(0, line_end);
        size_t space = status_line.find(' ');
        result.status = std::atoi(status_line.c_str() + space + 1);
        size_t pos = line_end + 2;
        while (pos < header_end) {
          size_t eol = raw.find("\r\n", pos);
          std::string line = raw.substr(pos, eol - pos);
          size_t colon = line.find(':');
          std::string name = Lower(line.substr(0, colon));
          std::string value = line.substr(colon + 1);
          while (!value.empty() && value.front() == ' ') value.erase(0, 1);
          result.headers[name] = value;
          pos = eol + 2;
        }
        if (result.HasHeader("content-length")) {
          content_length = std::stoul(result.Header("content-length"));
        }
        if (call.method == "HEAD") content_length = 0;
      }
    }
    if (header_end != std::string::npos && content_length &&
        raw.size() >= header_end + 4 + *content_length) {
      break;
    }
    ssize_t n = recv(fd, buffer, sizeof(buffer), 0);
    if (n <= 0) break;
    raw.append(buffer, static_cast<size_t>(n));
  }
  close(fd);
  if (header_end == std::string::npos) {
    result.status = 0;
    return result;
  }
  std::string body = raw.substr(header_end + 4);
  if (content_length) body = body.substr(0, *content_length);
  if (Lower(result.Header("transfer-encoding")).find("chunked") != std::string::npos) {
    body = DecodeChunked(body);
  }
  result.body = std::move(body);
  return result;
}

HttpResult SendJson(int port, const std::string& method, const std::string& target,
                    const std::string& body) {
  HttpCall call;
  call.method = method;
  call.target = target;
  call.body = body;
  if (!body.empty()) call.content_type = "application/json";
  return SendHttp(port, call);
}

}  // namespace kconnect::worker::rest::testing
