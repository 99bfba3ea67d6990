#pragma once
// HandlerTable: the broker's one table of API handlers. It is the server's
// RequestDispatcher: it parses the request header, finds the handler for the
// API key, checks the version against the handler's range, and answers
// ApiVersions itself from the same table, so the advertised versions are
// exactly the ones served.
//
// Protocol rules it implements (spec broker.md §2):
//  * ApiVersions is answered at any version: an unsupported one gets a v0
//    body with UNSUPPORTED_VERSION (35) and our ranges, always behind a v0
//    response header;
//  * another API at a version outside its range, an unknown API key or an
//    undecodable header closes the connection (Kafka does the same: it cannot
//    encode a response the client would understand).
//
// Thread-safety: Register() only before the server starts; Dispatch() from any
// number of connection threads.

#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <utility>
#include <vector>

#include "broker/protocol/api_versions.h"
#include "broker/protocol/apis.h"
#include "broker/protocol/codec.h"
#include "broker/protocol/request_header.h"
#include "broker/protocol/response_header.h"
#include "broker/server/request_dispatcher.h"
#include "broker/server/responder.h"

namespace kconnect::broker::server {

// A handler gets the parsed header, the body (the frame after the header) and
// the responder; it must not block (park instead, see FetchPurgatory).
using HandlerFn = std::function<void(const RequestContext& ctx,
                                     const protocol::RequestHeader& header,
                                     std::span<const uint8_t> body, Responder responder)>;

class HandlerTable : public RequestDispatcher {
 public:
  // Serves `api_key` for versions [min_version, max_version], which must be
  // within the codec's range.
  void Register(protocol::ApiKey api_key, int16_t min_version, int16_t max_version, HandlerFn fn);

  void Dispatch(const RequestContext& ctx, std::span<const uint8_t> frame,
                Responder responder) override;
  void OnConnectionClosed(uint64_t connection_id) override;

  // Called when a connection closes (e.g. to drop parked fetches).
  void SetConnectionClosedHook(std::function<void(uint64_t)> hook) { closed_hook_ = std::move(hook); }

  // The ApiVersions response for this table.
  protocol::ApiVersionsResponse ApiVersions(int16_t error_code) const;

 private:
  struct Entry {
    int16_t min_version;
    int16_t max_version;
    HandlerFn fn;
  };
  void HandleApiVersions(const RequestContext& ctx, const protocol::RequestHeader& header,
                         std::span<const uint8_t> body, const Responder& responder);

  std::map<int16_t, Entry> handlers_;
  std::function<void(uint64_t)> closed_hook_;
};

// Response bytes (without the size prefix): the response header the API and
// version call for, then the body. They are written into `buffer` (cleared
// first), e.g. Responder::TakeBuffer(), to reuse its capacity.
//
// With `records_positions`, the response's records fields are left out of
// the bytes (protocol::Writer::PlaceRecordsOutside): the i-th gets length
// records_sizes[i], and where its bytes belong is appended to
// *records_positions.
template <typename Response>
std::vector<uint8_t> EncodeResponse(int16_t api_key, int16_t api_version, int32_t correlation_id,
                                    const Response& response, std::vector<uint8_t> buffer = {},
                                    std::span<const uint64_t> records_sizes = {},
                                    std::vector<size_t>* records_positions = nullptr) {
  protocol::ResponseHeader header;
  header.correlation_id = correlation_id;
  const int16_t header_version = protocol::ResponseHeaderVersion(api_key, api_version);
  std::vector<uint8_t> out = std::move(buffer);
  out.clear();
  out.reserve(header.Size(header_version) + response.Size(api_version));
  protocol::Writer w(&out);
  header.Write(w, header_version);
  if (records_positions != nullptr) w.PlaceRecordsOutside(records_sizes, records_positions);
  response.Write(w, api_version);
  return out;
}

// A handler for request/response APIs that answer at once:
// fn(const RequestContext&, const Request&, int16_t version) -> Response.
// A body that does not decode closes the connection with the decoder's reason.
template <typename Request, typename Fn>
HandlerFn Unary(Fn fn) {
  return [fn = std::move(fn)](const RequestContext& ctx, const protocol::RequestHeader& header,
                              std::span<const uint8_t> body, Responder responder) {
    Request request;
    protocol::Status status = protocol::DecodeExact(body, header.request_api_version, &request);
    if (!status.IsOk()) {
      responder.CloseConnection(std::string(Request::kName) + " v" +
                                std::to_string(header.request_api_version) +
                                " could not be decoded: " + status.Message());
      return;
    }
    auto response = fn(ctx, request, header.request_api_version);
    responder.Complete(EncodeResponse(header.request_api_key, header.request_api_version,
                                      header.correlation_id, response, responder.TakeBuffer()));
  };
}

}  // namespace kconnect::broker::server
