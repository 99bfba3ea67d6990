#pragma once
// Whole-buffer helpers over the generated messages' Read/Write.
//
//   std::vector<uint8_t> bytes = Encode(response, version);
//   FetchRequest req;
//   Status s = DecodeExact(body, version, &req);  // fails on trailing bytes
//
// Thread-safety: pure functions.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "broker/protocol/reader.h"
#include "broker/protocol/status.h"
#include "broker/protocol/writer.h"

namespace kconnect::broker::protocol {

// Encodes `message` at `version` into a new buffer sized exactly once.
template <typename Message>
std::vector<uint8_t> Encode(const Message& message, int16_t version) {
  std::vector<uint8_t> out;
  out.reserve(message.Size(version));
  Writer w(&out);
  message.Write(w, version);
  return out;
}

// Decodes `bytes` as one `Message` at `version`; bytes left over are an error
// (kMalformed), since a framed request or response holds exactly one body.
template <typename Message>
Status DecodeExact(std::span<const uint8_t> bytes, int16_t version, Message* out) {
  Reader r(bytes);
  Status s = out->Read(r, version);
  if (!s.IsOk()) return s;
  if (r.Remaining() != 0) {
    return Status(StatusCode::kMalformed, std::string(Message::kName) + ": " +
                                              std::to_string(r.Remaining()) +
                                              " unexpected trailing bytes");
  }
  return Status::Ok();
}

}  // namespace kconnect::broker::protocol
