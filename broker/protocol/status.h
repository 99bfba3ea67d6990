#pragma once
// Status: the outcome of decoding a protocol value. Expected failures (truncated
// or malformed input, an unsupported version) are values, never exceptions, so
// a garbage frame from the network can at worst close that one connection.

#include <string>
#include <utility>

namespace kconnect::broker::protocol {

enum class StatusCode {
  kOk = 0,
  // The input ended before the value did.
  kTruncated,
  // The bytes are present but do not form a valid value (negative length, a
  // varint longer than its type, null where the version forbids null, ...).
  kMalformed,
  // The message has no layout for the requested version.
  kUnsupportedVersion,
};

// Thread-safety: a plain value; copies are independent.
class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool IsOk() const { return code_ == StatusCode::kOk; }
  explicit operator bool() const { return IsOk(); }
  StatusCode Code() const { return code_; }
  // Human-readable reason; empty when OK.
  const std::string& Message() const { return message_; }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

}  // namespace kconnect::broker::protocol
