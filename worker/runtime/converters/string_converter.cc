#include "worker/runtime/converters/string_converter.h"

#include <algorithm>
#include <cctype>

#include "kconnect/errors.h"
#include "worker/runtime/converters/converter_support.h"

namespace kconnect::worker::runtime {
namespace {

// Java's Charset.forName is case-insensitive and knows "UTF8" as an alias.
bool IsUtf8(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return name == "UTF-8" || name == "UTF8";
}

}  // namespace

const ConfigDef& StringConverter::ConfigDefinition() {
  static const ConfigDef def = [] {
    ConfigDef d = NewConverterConfigDef();
    d.Define({.name = kEncodingConfig,
              .type = ConfigDef::Type::kString,
              .default_value = ConfigDef::Parsed{std::string("UTF-8")},
              .importance = ConfigDef::Importance::kHigh,
              .documentation =
                  "The name of the Java character set to use for encoding strings as byte arrays.",
              .width = ConfigDef::Width::kMedium,
              .display_name = "Encoding"});
    return d;
  }();
  return def;
}

void StringConverter::Configure(const Props& configs, bool is_key) {
  ApplyConfig(WithConverterType(configs, is_key));
}

void StringConverter::Configure(const Props& configs) {
  ApplyConfig(WithHeaderConverterType(configs));
}

void StringConverter::ApplyConfig(const Props& configs) {
  const AbstractConfig config(ConfigDefinition(), configs);
  const std::string encoding = config.GetString(kEncodingConfig).value_or("UTF-8");
  if (!IsUtf8(encoding)) {
    throw ConfigException(kEncodingConfig, encoding,
                          "Unsupported encoding " + encoding + "; only UTF-8 is supported");
  }
}

std::optional<std::string> StringConverter::FromConnectData(const std::string& /*topic*/,
                                                            const Headers* /*headers*/,
                                                            const SchemaPtr& /*schema*/,
                                                            const Value& value) {
  if (value.IsNull()) return std::nullopt;
  if (const auto* text = value.Get<std::string>()) return *text;
  return value.ToJavaString();
}

SchemaAndValue StringConverter::ToConnectData(const std::string& /*topic*/,
                                              const Headers* /*headers*/,
                                              std::optional<std::string_view> data) {
  if (!data) return SchemaAndValue{Schema::OptionalString(), Value()};
  return SchemaAndValue{Schema::OptionalString(), Value(std::string(*data))};
}

std::optional<std::string> StringConverter::FromConnectHeader(const std::string& topic,
                                                              const std::string& /*header_key*/,
                                                              const SchemaPtr& schema,
                                                              const Value& value) {
  return FromConnectData(topic, nullptr, schema, value);
}

SchemaAndValue StringConverter::ToConnectHeader(const std::string& topic,
                                                const std::string& /*header_key*/,
                                                std::optional<std::string_view> data) {
  return ToConnectData(topic, nullptr, data);
}

}  // namespace kconnect::worker::runtime
