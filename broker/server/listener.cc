#include "broker/server/listener.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

namespace kconnect::broker::server {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Splits on ',' and drops entries that are empty after trimming.
std::vector<std::string_view> SplitCsv(std::string_view value) {
  std::vector<std::string_view> out;
  while (true) {
    const size_t comma = value.find(',');
    std::string_view item = Trim(value.substr(0, comma));
    if (!item.empty()) out.push_back(item);
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return out;
}

bool ValidName(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
}

bool ValidHostChar(char c) {
  // Kafka's listener regex allows [0-9a-zA-Z-%._:] in a host (':' for IPv6,
  // '%' for an IPv6 scope id).
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '%' || c == '.' ||
         c == '_' || c == ':';
}

Result<Listener> ParseOne(std::string_view entry, const SecurityProtocolMap& protocol_map) {
  const auto fail = [&](std::string_view why) {
    return Error{"invalid listener '" + std::string(entry) + "': " + std::string(why)};
  };
  const size_t scheme = entry.find("://");
  if (scheme == std::string_view::npos) return fail("expected NAME://host:port");
  Listener listener;
  const std::string_view name = Trim(entry.substr(0, scheme));
  if (!ValidName(name)) {
    return fail("the listener name must be letters, digits, '_' or '-'");
  }
  listener.name = Upper(name);

  std::string_view rest = entry.substr(scheme + 3);
  std::string_view host;
  std::string_view port;
  if (!rest.empty() && rest.front() == '[') {
    const size_t close = rest.find(']');
    if (close == std::string_view::npos) return fail("unterminated '[' in the host");
    host = rest.substr(1, close - 1);
    const std::string_view after = rest.substr(close + 1);
    if (after.empty() || after.front() != ':') return fail("expected ':port' after ']'");
    port = after.substr(1);
  } else {
    const size_t colon = rest.rfind(':');
    if (colon == std::string_view::npos) return fail("missing ':port'");
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
  }
  if (!std::all_of(host.begin(), host.end(), ValidHostChar)) return fail("invalid character in the host");
  listener.host = std::string(host);

  if (port.empty()) return fail("missing port");
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc() || end != port.data() + port.size() || value > 65535) {
    return fail("the port must be a number from 0 to 65535");
  }
  listener.port = static_cast<uint16_t>(value);

  std::string protocol = listener.name;
  if (const auto it = protocol_map.find(listener.name); it != protocol_map.end()) {
    protocol = it->second;
  } else if (protocol != "SSL" && protocol != "SASL_PLAINTEXT" && protocol != "SASL_SSL") {
    protocol = "PLAINTEXT";
  }
  if (protocol != "PLAINTEXT") {
    return fail("security protocol " + protocol + " is not supported (only PLAINTEXT)");
  }
  return listener;
}

}  // namespace

std::string Listener::ToString() const {
  const bool v6 = host.find(':') != std::string::npos;
  return name + "://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Result<SecurityProtocolMap> ParseSecurityProtocolMap(std::string_view value) {
  SecurityProtocolMap map;
  for (const std::string_view item : SplitCsv(value)) {
    const size_t colon = item.find(':');
    const std::string_view name = colon == std::string_view::npos ? "" : Trim(item.substr(0, colon));
    const std::string_view protocol = colon == std::string_view::npos ? "" : Trim(item.substr(colon + 1));
    if (name.empty() || protocol.empty()) {
      return Error{"invalid listener.security.protocol.map entry '" + std::string(item) +
                   "': expected NAME:PROTOCOL"};
    }
    if (!map.emplace(Upper(name), Upper(protocol)).second) {
      return Error{"listener.security.protocol.map names " + Upper(name) + " twice"};
    }
  }
  return map;
}

Result<std::vector<Listener>> ParseListeners(std::string_view value,
                                             const SecurityProtocolMap& protocol_map) {
  std::vector<Listener> listeners;
  std::set<std::string> names;
  for (const std::string_view item : SplitCsv(value)) {
    auto listener = ParseOne(item, protocol_map);
    if (!listener) return listener.Error();
    if (!names.insert(listener->name).second) {
      return Error{"listener name " + listener->name + " appears more than once in '" +
                   std::string(value) + "'"};
    }
    listeners.push_back(std::move(listener).Value());
  }
  return listeners;
}

std::string FormatListeners(const std::vector<Listener>& listeners) {
  std::string out;
  for (const Listener& listener : listeners) {
    if (!out.empty()) out += ',';
    out += listener.ToString();
  }
  return out;
}

}  // namespace kconnect::broker::server
