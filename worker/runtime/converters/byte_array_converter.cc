#include "worker/runtime/converters/byte_array_converter.h"

#include "kconnect/errors.h"
#include "worker/runtime/converters/converter_support.h"

namespace kconnect::worker::runtime {

const ConfigDef& ByteArrayConverter::ConfigDefinition() {
  static const ConfigDef def = NewConverterConfigDef();
  return def;
}

std::optional<std::string> ByteArrayConverter::FromConnectData(const std::string& /*topic*/,
                                                               const Headers* /*headers*/,
                                                               const SchemaPtr& schema,
                                                               const Value& value) {
  if (schema && schema->Type() != SchemaType::kBytes) {
    throw DataException(std::string("Invalid schema type for ByteArrayConverter: ") +
                        SchemaTypeEnumName(schema->Type()));
  }
  if (value.IsNull()) return std::nullopt;
  const auto* bytes = value.Get<Bytes>();
  if (bytes == nullptr) {
    throw DataException("ByteArrayConverter is not compatible with objects of type " +
                        JavaClassDescription(value));
  }
  return std::string(bytes->begin(), bytes->end());
}

SchemaAndValue ByteArrayConverter::ToConnectData(const std::string& /*topic*/,
                                                 const Headers* /*headers*/,
                                                 std::optional<std::string_view> data) {
  if (!data) return SchemaAndValue{Schema::OptionalBytes(), Value()};
  return SchemaAndValue{Schema::OptionalBytes(), Value(Bytes(data->begin(), data->end()))};
}

std::optional<std::string> ByteArrayConverter::FromConnectHeader(const std::string& topic,
                                                                 const std::string& /*header_key*/,
                                                                 const SchemaPtr& schema,
                                                                 const Value& value) {
  return FromConnectData(topic, nullptr, schema, value);
}

SchemaAndValue ByteArrayConverter::ToConnectHeader(const std::string& topic,
                                                   const std::string& /*header_key*/,
                                                   std::optional<std::string_view> data) {
  return ToConnectData(topic, nullptr, data);
}

}  // namespace kconnect::worker::runtime
