#pragma once
// StringConverter (org.apache.kafka.connect.storage.StringConverter): writes
// any value as its Java toString() text and reads bytes back as an optional
// string. The schema is ignored when writing. Also a HeaderConverter.
//
// `converter.encoding` (default UTF-8) must name UTF-8 (any spelling Java
// accepts: "UTF-8", "utf8", ...); other charsets are rejected with a
// ConfigException because the worker only handles UTF-8 text.
//
// Thread-safety: stateless after Configure; safe to share for reading.

#include <optional>
#include <string>
#include <string_view>

#include "kconnect/converter.h"

namespace kconnect::worker::runtime {

class StringConverter final : public Converter, public HeaderConverter {
 public:
  static constexpr char kClassName[] = "org.apache.kafka.connect.storage.StringConverter";
  static constexpr char kEncodingConfig[] = "converter.encoding";

  // StringConverterConfig: converter.type and converter.encoding.
  static const ConfigDef& ConfigDefinition();
  const ConfigDef& Config() const override { return ConfigDefinition(); }

  // Throws ConfigException for an encoding other than UTF-8.
  void Configure(const Props& configs, bool is_key) override;
  void Configure(const Props& configs) override;

  // Null -> nullopt; strings as they are; anything else as
  // Value::ToJavaString() (a Struct as "Struct{...}").
  std::optional<std::string> FromConnectData(const std::string& topic, const Headers* headers,
                                             const SchemaPtr& schema, const Value& value) override;
  // (OPTIONAL_STRING schema, the text), or a null value for a Kafka null.
  SchemaAndValue ToConnectData(const std::string& topic, const Headers* headers,
                               std::optional<std::string_view> data) override;

  std::optional<std::string> FromConnectHeader(const std::string& topic,
                                               const std::string& header_key,
                                               const SchemaPtr& schema,
                                               const Value& value) override;
  SchemaAndValue ToConnectHeader(const std::string& topic, const std::string& header_key,
                                 std::optional<std::string_view> data) override;

 private:
  void ApplyConfig(const Props& configs);
};

}  // namespace kconnect::worker::runtime
