#pragma once
// The seam between the network layer and the broker's request handling.
// The server reads one whole request frame from a connection, hands it to the
// RequestDispatcher with a Responder, and reads the connection's next request
// only after that Responder has completed and any response has been written
// (Kafka mutes a channel while its request is being handled, broker.md §2
// rule 6), so responses leave in request order.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "broker/server/responder.h"

namespace kconnect::broker::server {

// What the server knows about one request before any codec looks at it.
struct RequestContext {
  uint64_t connection_id = 0;  // unique per Server, never reused
  std::string peer;            // "127.0.0.1:53412" or "[::1]:53412"
  std::string listener;        // listener name, e.g. "PLAINTEXT"
  // The fixed prefix of every request header (v0..v2): the first 8 bytes of
  // the frame. The frame itself still starts with them.
  int16_t api_key = 0;
  int16_t api_version = 0;
  int32_t correlation_id = 0;
};

// Implemented by the broker (the handler table). Thread-safety: Dispatch and
// OnConnectionClosed are called concurrently from the server's I/O threads,
// though never concurrently for the same connection.
class RequestDispatcher {
 public:
  virtual ~RequestDispatcher() = default;

  // Handles one request. `frame` is the whole request after the 4-byte size
  // prefix: request header (api_key, api_version, correlation_id, client_id,
  // tagged fields for header v2) then the body; it is at least 8 bytes long.
  // `frame` lies in the connection's own buffer and is valid only during
  // the call: decode or copy what a later completion needs. (The buffer is
  // reused, so a request costs no allocation and no copy of its bytes.)
  //
  // The dispatcher must complete `responder` exactly once, now or later and
  // from any thread (a long-polling Fetch completes after max_wait_ms): with
  // the response (response header + body, no size prefix), with nullopt for a
  // request that gets no response (Produce with acks=0), or with
  // CloseConnection (a request the codec cannot decode). Until then the
  // connection reads nothing more. Dropping every copy of the responder
  // without completing it closes the connection, so a lost request cannot
  // wedge a client.
  //
  // Called on the connection's strand, an I/O thread: must not block. Must
  // not throw; an exception is logged and closes the connection.
  virtual void Dispatch(const RequestContext& context, std::span<const uint8_t> frame,
                        Responder responder) = 0;

  // The connection has closed, for whatever reason (peer, framing error,
  // idle, CloseConnection, Server::Stop). Lets the broker drop per-connection
  // state or release a parked request early; completing its responder
  // afterwards is harmless. Called exactly once for every accepted
  // connection, on its strand or, during Server::Stop, on the thread calling
  // Stop. Must not block or throw. Default: nothing.
  virtual void OnConnectionClosed(uint64_t connection_id) { (void)connection_id; }
};

}  // namespace kconnect::broker::server
