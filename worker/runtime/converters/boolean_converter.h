#pragma once
// BooleanConverter (org.apache.kafka.connect.converters.BooleanConverter):
// one byte, 0x01 for true and 0x00 for false (Kafka's BooleanSerializer).
// Writing requires a null or BOOLEAN schema and a bool (or null) value;
// reading returns an OPTIONAL_BOOLEAN schema and rejects any other length or
// byte with the BooleanDeserializer's messages. Also a HeaderConverter.
// Stateless and thread-safe.

#include <optional>
#include <string>
#include <string_view>

#include "kconnect/converter.h"

namespace kconnect::worker::runtime {

class BooleanConverter final : public Converter, public HeaderConverter {
 public:
  static constexpr char kClassName[] = "org.apache.kafka.connect.converters.BooleanConverter";

  // BooleanConverterConfig: converter.type only.
  static const ConfigDef& ConfigDefinition();
  const ConfigDef& Config() const override { return ConfigDefinition(); }

  void Configure(const Props& configs, bool is_key) override;
  void Configure(const Props& configs) override;

  // Throws DataException "Invalid schema type for BooleanConverter: X" or
  // "BooleanConverter is not compatible with objects of type class X".
  std::optional<std::string> FromConnectData(const std::string& topic, const Headers* headers,
                                             const SchemaPtr& schema, const Value& value) override;
  // Throws DataException "Failed to deserialize boolean: Size of data received
  // by BooleanDeserializer is not 1" / "...: Unexpected byte received by
  // BooleanDeserializer: N".
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
