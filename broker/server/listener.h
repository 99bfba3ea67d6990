#pragma once
// Kafka `listeners` / `advertised.listeners` values: a comma-separated list of
// NAME://host:port entries, e.g. "PLAINTEXT://127.0.0.1:9092,OTHER://:0".
//
// Rules (Kafka's, where Kafka has one):
//  * Entries are trimmed; empty entries are skipped (Kafka parses the value as
//    a CSV list that drops empty items). An empty value yields an empty list:
//    `advertised.listeners` unset means "same as listeners", so the caller
//    decides whether empty is an error.
//  * NAME is the listener name, normalised to upper case (Kafka's
//    ListenerName.normalised); letters, digits, '_' and '-' only; unique in
//    one value.
//  * host may be empty (bind all interfaces), a name, an IPv4 address or an
//    IPv6 address, bracketed ("[::1]") or not ("::1", split at the last ':').
//  * port is 0..65535; 0 asks the kernel for an ephemeral port (the bound
//    port is reported by Server::BoundPort).
//  * Security: the listener's security protocol is looked up in
//    `listener.security.protocol.map`; Kafka's default map sends PLAINTEXT,
//    SSL, SASL_PLAINTEXT and SASL_SSL to themselves. Only PLAINTEXT is
//    supported by this broker: any other protocol is an error. A custom name
//    (e.g. OTHER) missing from the map is taken as PLAINTEXT, which is lenient
//    where Kafka would refuse to start; the bundled broker speaks nothing else.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "broker/server/result.h"

namespace kconnect::broker::server {

struct Listener {
  std::string name;  // upper case, e.g. "PLAINTEXT"
  std::string host;  // without brackets; empty = all interfaces
  uint16_t port = 0;  // 0 = ephemeral

  // "NAME://host:port", IPv6 hosts bracketed. Parses back to the same value.
  std::string ToString() const;
  bool operator==(const Listener&) const = default;
};

// Listener name (upper case) -> security protocol name (upper case).
using SecurityProtocolMap = std::map<std::string, std::string>;

// Parses `listener.security.protocol.map` ("NAME:PROTOCOL,..."). Errors on an
// entry without ':' or with an empty side, and on a name given twice.
Result<SecurityProtocolMap> ParseSecurityProtocolMap(std::string_view value);

// Parses a `listeners` or `advertised.listeners` value; see the rules above.
// The error message names the offending entry.
Result<std::vector<Listener>> ParseListeners(std::string_view value,
                                             const SecurityProtocolMap& protocol_map = {});

// Joins listeners back into a value ParseListeners accepts.
std::string FormatListeners(const std::vector<Listener>& listeners);

}  // namespace kconnect::broker::server
