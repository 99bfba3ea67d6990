#pragma once
// The fixed-width number converters of org.apache.kafka.connect.converters:
// ShortConverter, IntegerConverter, LongConverter, FloatConverter and
// DoubleConverter (Java's NumberConverter<T> subclasses). A value is written
// as its big-endian two's complement (integers) or IEEE-754 bits (floats),
// exactly as Kafka's Short/Integer/Long/Float/DoubleSerializer do; the schema
// is ignored. Reading checks the length with the Kafka deserializers' messages
// and returns the optional schema of the type. Also HeaderConverters.
//
// Errors: DataException "Failed to serialize to <type> (was class X): " when
// the value is not exactly that type, "Failed to deserialize <type>: Size of
// data received by <Deserializer> is not <n>" for bytes of the wrong length.
// Stateless and thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "kconnect/converter.h"

namespace kconnect::worker::runtime {

// Per-type constants: T is the C++ type of the Connect value.
template <typename T>
struct NumberConverterTraits;

template <>
struct NumberConverterTraits<int16_t> {
  static constexpr char kClassName[] = "org.apache.kafka.connect.converters.ShortConverter";
  static constexpr char kTypeName[] = "short";
  static constexpr char kDeserializerName[] = "ShortDeserializer";
  static const SchemaPtr& ReadSchema() { return Schema::OptionalInt16(); }
};

template <>
struct NumberConverterTraits<int32_t> {
  static constexpr char kClassName[] = "org.apache.kafka.connect.converters.IntegerConverter";
  static constexpr char kTypeName[] = "integer";
  static constexpr char kDeserializerName[] = "IntegerDeserializer";
  static const SchemaPtr& ReadSchema() { return Schema::OptionalInt32(); }
};

template <>
struct NumberConverterTraits<int64_t> {
  static constexpr char kClassName[] = "org.apache.kafka.connect.converters.LongConverter";
  static constexpr char kTypeName[] = "long";
  static constexpr char kDeserializerName[] = "LongDeserializer";
  static const SchemaPtr& ReadSchema() { return Schema::OptionalInt64(); }
};

// Kafka's FloatDeserializer and DoubleDeserializer name themselves just
// "Deserializer" in their size error.
template <>
struct NumberConverterTraits<float> {
  static constexpr char kClassName[] = "org.apache.kafka.connect.converters.FloatConverter";
  static constexpr char kTypeName[] = "float";
  static constexpr char kDeserializerName[] = "Deserializer";
  static const SchemaPtr& ReadSchema() { return Schema::OptionalFloat32(); }
};

template <>
struct NumberConverterTraits<double> {
  static constexpr char kClassName[] = "org.apache.kafka.connect.converters.DoubleConverter";
  static constexpr char kTypeName[] = "double";
  static constexpr char kDeserializerName[] = "Deserializer";
  static const SchemaPtr& ReadSchema() { return Schema::OptionalFloat64(); }
};

template <typename T>
class NumberConverter final : public Converter, public HeaderConverter {
 public:
  static constexpr const char* kClassName = NumberConverterTraits<T>::kClassName;

  // NumberConverterConfig: converter.type only.
  static const ConfigDef& ConfigDefinition();
  const ConfigDef& Config() const override { return ConfigDefinition(); }

  // Validates converter.type only, as Java does.
  void Configure(const Props& configs, bool is_key) override;
  void Configure(const Props& configs) override;

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

using ShortConverter = NumberConverter<int16_t>;
using IntegerConverter = NumberConverter<int32_t>;
using LongConverter = NumberConverter<int64_t>;
using FloatConverter = NumberConverter<float>;
using DoubleConverter = NumberConverter<double>;

extern template class NumberConverter<int16_t>;
extern template class NumberConverter<int32_t>;
extern template class NumberConverter<int64_t>;
extern template class NumberConverter<float>;
extern template class NumberConverter<double>;

}  // namespace kconnect::worker::runtime
