#include "worker/runtime/converters/boolean_converter.h"

#include "kconnect/errors.h"
#include "worker/runtime/converters/converter_support.h"

namespace kconnect::worker::runtime {

const ConfigDef& BooleanConverter::ConfigDefinition() {
  static const ConfigDef def = NewConverterConfigDef();
  return def;
}

void BooleanConverter::Configure(const Props& configs, bool is_key) {
  const AbstractConfig config(ConfigDefinition(), WithConverterType(configs, is_key));
}

void BooleanConverter::Configure(const Props& configs) {
  const AbstractConfig config(ConfigDefinition(), WithHeaderConverterType(configs));
}

std::optional<std::string> BooleanConverter::FromConnectData(const std::string& /*topic*/,
                                                             const Headers* /*headers*/,
                                                             const SchemaPtr& schema,
                                                             const Value& value) {
  if (schema && schema->Type() != SchemaType::kBoolean) {
    throw DataException(std::string("Invalid schema type for BooleanConverter: ") +
                        SchemaTypeEnumName(schema->Type()));
  }
  if (value.IsNull()) return std::nullopt;
  const bool* flag = value.Get<bool>();
  if (flag == nullptr) {
    throw DataException("BooleanConverter is not compatible with objects of type " +
                        JavaClassDescription(value));
  }
  return std::string(1, *flag ? '\x01' : '\x00');
}

SchemaAndValue BooleanConverter::ToConnectData(const std::string& /*topic*/,
                                               const Headers* /*headers*/,
                                               std::optional<std::string_view> data) {
  if (!data) return SchemaAndValue{Schema::OptionalBoolean(), Value()};
  if (data->size() != 1) {
    throw DataException(
        "Failed to deserialize boolean: Size of data received by BooleanDeserializer is not 1");
  }
  const char byte = (*data)[0];
  if (byte != 0 && byte != 1) {
    // Java prints the signed byte.
    throw DataException(
        "Failed to deserialize boolean: Unexpected byte received by BooleanDeserializer: " +
        std::to_string(static_cast<int>(static_cast<signed char>(byte))));
  }
  return SchemaAndValue{Schema::OptionalBoolean(), Value(byte == 1)};
}

std::optional<std::string> BooleanConverter::FromConnectHeader(const std::string& topic,
                                                               const std::string& /*header_key*/,
                                                               const SchemaPtr& schema,
                                                               const Value& value) {
  return FromConnectData(topic, nullptr, schema, value);
}

SchemaAndValue BooleanConverter::ToConnectHeader(const std::string& topic,
                                                 const std::string& /*header_key*/,
                                                 std::optional<std::string_view> data) {
  return ToConnectData(topic, nullptr, data);
}

}  // namespace kconnect::worker::runtime
