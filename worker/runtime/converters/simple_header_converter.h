#pragma once
// SimpleHeaderConverter (org.apache.kafka.connect.storage.SimpleHeaderConverter),
// the worker's default header.converter: writes a header value as its
// Values.convertToString text in UTF-8 and reads header bytes back with
// Values.parseString's type inference (see values.h). Bytes that cannot be
// parsed are kept as a BYTES value. Stateless and thread-safe.

#include <optional>
#include <string>
#include <string_view>

#include "kconnect/converter.h"

namespace kconnect::worker::runtime {

class SimpleHeaderConverter final : public HeaderConverter {
 public:
  static constexpr char kClassName[] = "org.apache.kafka.connect.storage.SimpleHeaderConverter";

  // Java's SimpleHeaderConverter has no options; the SDK's empty ConfigDef is used.
  void Configure(const Props& /*configs*/) override {}

  // Null -> nullopt; otherwise Values.convertToString.
  std::optional<std::string> FromConnectHeader(const std::string& topic,
                                               const std::string& header_key,
                                               const SchemaPtr& schema,
                                               const Value& value) override;
  // nullopt -> (null, null); otherwise Values.parseString, or (BYTES, the raw
  // bytes) when parsing fails.
  SchemaAndValue ToConnectHeader(const std::string& topic, const std::string& header_key,
                                 std::optional<std::string_view> data) override;
};

}  // namespace kconnect::worker::runtime
