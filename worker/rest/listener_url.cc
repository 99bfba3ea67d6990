#include "worker/rest/listener_url.h"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>

namespace kconnect::worker::rest {

util::Result<ListenerUrl> ParseListenerUrl(const std::string& url) {
  auto invalid = [&url](const std::string& why) {
    return util::BadRequest("Invalid listener '" + url + "': " + why);
  };
  size_t sep = url.find("://");
  if (sep == std::string::npos) return invalid("expected protocol://host:port");
  ListenerUrl out;
  out.scheme = url.substr(0, sep);
  for (char& c : out.scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (out.scheme != "http" && out.scheme != "https") {
    return invalid("protocol must be http or https");
  }
  std::string rest = url.substr(sep + 3);
  if (!rest.empty() && rest.back() == '/') rest.pop_back();
  std::string port_text;
  if (!rest.empty() && rest.front() == '[') {
    size_t close = rest.find(']');
    if (close == std::string::npos || close + 1 >= rest.size() || rest[close + 1] != ':') {
      return invalid("expected [ipv6-address]:port");
    }
    out.host = rest.substr(1, close - 1);
    port_text = rest.substr(close + 2);
  } else {
    size_t colon = rest.rfind(':');
    if (colon == std::string::npos) return invalid("missing port");
    out.host = rest.substr(0, colon);
    port_text = rest.substr(colon + 1);
  }
  if (port_text.empty() || port_text.size() > 5) return invalid("invalid port");
  int port = 0;
  for (char c : port_text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return invalid("invalid port");
    port = port * 10 + (c - '0');
  }
  if (port > 65535) return invalid("port out of range");
  out.port = port;
  return out;
}

std::string BindHost(const ListenerUrl& url) { return url.host.empty() ? "0.0.0.0" : url.host; }

util::Result<int> PickFreePort(const std::string& bind_host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  int rc = getaddrinfo(bind_host.c_str(), "0", &hints, &found);
  if (rc != 0 || found == nullptr) {
    return util::Internal("Cannot resolve listener host '" + bind_host + "': " + gai_strerror(rc));
  }
  std::string error;
  int port = -1;
  int fd = socket(found->ai_family, found->ai_socktype, found->ai_protocol);
  if (fd < 0) {
    error = std::strerror(errno);
  } else {
    sockaddr_storage bound{};
    socklen_t length = sizeof(bound);
    if (bind(fd, found->ai_addr, found->ai_addrlen) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &length) != 0) {
      error = std::strerror(errno);
    } else if (bound.ss_family == AF_INET) {
      port = ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
    } else {
      port = ntohs(reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port);
    }
    close(fd);
  }
  freeaddrinfo(found);
  if (port <= 0) {
    return util::Internal("Cannot find a free port on '" + bind_host + "': " + error);
  }
  return port;
}

std::string LocalHostName() {
  char name[256] = {};
  if (gethostname(name, sizeof(name) - 1) != 0 || name[0] == '\0') return "localhost";
  return name;
}

}  // namespace kconnect::worker::rest
