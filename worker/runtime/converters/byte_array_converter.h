#pragma once
// ByteArrayConverter (org.apache.kafka.connect.converters.ByteArrayConverter):
// passes bytes through unchanged. Writing requires a null or BYTES schema and
// a Bytes (or null) value; reading gives (OPTIONAL_BYTES schema, the bytes).
// Also a HeaderConverter. Stateless and thread-safe.

#include <optional>
#include <string>
#include <string_view>

#include "kconnect/converter.h"

namespace kconnect::worker::runtime {

class ByteArrayConverter final : public Converter, public HeaderConverter {
 public:
  static constexpr char kClassName[] = "org.apache.kafka.connect.converters.ByteArrayConverter";

  // ConverterConfig: converter.type only.
  static const ConfigDef& ConfigDefinition();
  const ConfigDef& Config() const override { return ConfigDefinition(); }

  // Java ignores its configuration entirely.
  void Configure(const Props& /*configs*/, bool /*is_key*/) override {}
  void Configure(const Props& /*configs*/) override {}

  // Throws DataException "Invalid schema type for ByteArrayConverter: X" or
  // "ByteArrayConverter is not compatible with objects of type class X".
  std::optional<std::string> FromConnectData(const std::string& topic, const Headers* headers,
                                             const SchemaPtr& schema, const Value& value) override;
  SchemaAndValue ToConnectData(const std::string& topic, const Headers* headers,
                               std::optional<std::string_view> data) override;

  std::optional<std::string> FromConnectHeader(const std::string& topic,
                                               const std::string& header_key,
                                               const SchemaPtr& schema,
                                               const Value& value) override;
  SchemaAndValue ToConnectHeader(const std::string& topic, const std::string& header_key,
                                 std::optional<std::string_view> data) override;
};

}  // namespace kconnect::worker::runtime
