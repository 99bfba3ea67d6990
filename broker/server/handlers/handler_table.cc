#include "broker/server/handlers/handler_table.h"

#include "broker/protocol/error_code.h"
#include "common/logging/logger_registry.h"

namespace kconnect::broker::server {

using common::logging::kBrokerLog;

void HandlerTable::Register(protocol::ApiKey api_key, int16_t min_version, int16_t max_version,
                            HandlerFn fn) {
  handlers_[static_cast<int16_t>(api_key)] = Entry{min_version, max_version, std::move(fn)};
}

void HandlerTable::OnConnectionClosed(uint64_t connection_id) {
  if (closed_hook_) closed_hook_(connection_id);
}

protocol::ApiVersionsResponse HandlerTable::ApiVersions(int16_t error_code) const {
  protocol::ApiVersionsResponse response;
  response.error_code = error_code;
  // ApiVersions itself is served by the table.
  std::map<int16_t, protocol::ApiVersionsResponse::ApiVersion> entries;
  for (const auto& [key, entry] : handlers_) {
    protocol::ApiVersionsResponse::ApiVersion v;
    v.api_key = key;
    v.min_version = entry.min_version;
    v.max_version = entry.max_version;
    entries[key] = v;
  }
  protocol::ApiVersionsResponse::ApiVersion self;
  self.api_key = static_cast<int16_t>(protocol::ApiKey::kApiVersions);
  self.min_version = protocol::ApiVersionsRequest::kMinVersion;
  self.max_version = protocol::ApiVersionsRequest::kMaxVersion;
  entries[self.api_key] = self;
  for (auto& [key, v] : entries) response.api_keys.push_back(v);
  return response;
}

void HandlerTable::HandleApiVersions(const RequestContext& ctx,
                                     const protocol::RequestHeader& header,
                                     std::span<const uint8_t> body, const Responder& responder) {
  const int16_t version = header.request_api_version;
  const bool supported = version >= protocol::ApiVersionsRequest::kMinVersion &&
                         version <= protocol::ApiVersionsRequest::kMaxVersion;
  if (!supported) {
    // KIP-511: a v0 body (error + our ranges) behind a v0 header, so that a
    // client newer than us learns what to fall back to.
    auto response = ApiVersions(static_cast<int16_t>(protocol::ErrorCode::kUnsupportedVersion));
    responder.Complete(EncodeResponse(header.request_api_key, 0, header.correlation_id, response));
    return;
  }
  protocol::ApiVersionsRequest request;
  protocol::Status status = protocol::DecodeExact(body, version, &request);
  if (!status.IsOk()) {
    // Kafka answers INVALID_REQUEST here rather than closing.
    kBrokerLog().debug("ApiVersions v{} from {} did not decode: {}", version, ctx.peer,
                       status.Message());
    auto response = ApiVersions(static_cast<int16_t>(protocol::ErrorCode::kInvalidRequest));
    responder.Complete(EncodeResponse(header.request_api_key, version, header.correlation_id, response));
    return;
  }
  responder.Complete(EncodeResponse(header.request_api_key, version, header.correlation_id,
                                    ApiVersions(0), responder.TakeBuffer()));
}

void HandlerTable::Dispatch(const RequestContext& ctx, std::span<const uint8_t> frame,
                            Responder responder) {
  const int16_t header_version = protocol::RequestHeaderVersion(ctx.api_key, ctx.api_version);
  if (header_version < 0) {
    responder.CloseConnection("unknown API key " + std::to_string(ctx.api_key));
    return;
  }
  protocol::Reader reader(frame.data(), frame.size());
  protocol::RequestHeader header;
  protocol::Status status = header.Read(reader, header_version);
  if (!status.IsOk()) {
    responder.CloseConnection("request header could not be decoded: " + status.Message());
    return;
  }
  const std::span<const uint8_t> body(frame.data() + reader.Position(),
                                      frame.size() - reader.Position());
  if (ctx.api_key == static_cast<int16_t>(protocol::ApiKey::kApiVersions)) {
    HandleApiVersions(ctx, header, body, responder);
    return;
  }
  auto it = handlers_.find(ctx.api_key);
  if (it == handlers_.end()) {
    responder.CloseConnection("API key " + std::to_string(ctx.api_key) + " is not served");
    return;
  }
  const Entry& entry = it->second;
  if (ctx.api_version < entry.min_version || ctx.api_version > entry.max_version) {
    const protocol::ApiInfo* info = protocol::FindApi(ctx.api_key);
    responder.CloseConnection(std::string(info ? info->name : "API") + " v" +
                              std::to_string(ctx.api_version) + " is not supported (versions " +
                              std::to_string(entry.min_version) + "-" +
                              std::to_string(entry.max_version) + ")");
    return;
  }
  entry.fn(ctx, header, body, std::move(responder));
}

}  // namespace kconnect::broker::server
