#include "worker/runtime/converters/number_converter.h"

#include <bit>

#include "kconnect/errors.h"
#include "worker/runtime/converters/converter_support.h"

namespace kconnect::worker::runtime {
namespace {

// The unsigned integer with T's bit pattern.
template <typename T>
using BitsOf = std::conditional_t<sizeof(T) == 2, uint16_t,
                                  std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>>;

template <typename T>
std::string EncodeBigEndian(T value) {
  auto bits = std::bit_cast<BitsOf<T>>(value);
  std::string out(sizeof(T), '\0');
  for (size_t i = sizeof(T); i-- > 0;) {
    out[i] = static_cast<char>(bits & 0xFF);
    bits = static_cast<BitsOf<T>>(bits >> 8);
  }
  return out;
}

template <typename T>
T DecodeBigEndian(std::string_view data) {
  BitsOf<T> bits = 0;
  for (const char c : data) {
    bits = static_cast<BitsOf<T>>((bits << 8) | static_cast<unsigned char>(c));
  }
  return std::bit_cast<T>(bits);
}

}  // namespace

template <typename T>
const ConfigDef& NumberConverter<T>::ConfigDefinition() {
  static const ConfigDef def = NewConverterConfigDef();
  return def;
}

template <typename T>
void NumberConverter<T>::Configure(const Props& configs, bool is_key) {
  const AbstractConfig config(ConfigDefinition(), WithConverterType(configs, is_key));
}

template <typename T>
void NumberConverter<T>::Configure(const Props& configs) {
  const AbstractConfig config(ConfigDefinition(), WithHeaderConverterType(configs));
}

template <typename T>
std::optional<std::string> NumberConverter<T>::FromConnectData(const std::string& /*topic*/,
                                                               const Headers* /*headers*/,
                                                               const SchemaPtr& /*schema*/,
                                                               const Value& value) {
  if (value.IsNull()) return std::nullopt;
  const T* number = value.Get<T>();
  if (number == nullptr) {
    throw DataException(std::string("Failed to serialize to ") +
                        NumberConverterTraits<T>::kTypeName + " (was " +
                        JavaClassDescription(value) + "): ");
  }
  return EncodeBigEndian(*number);
}

template <typename T>
SchemaAndValue NumberConverter<T>::ToConnectData(const std::string& /*topic*/,
                                                 const Headers* /*headers*/,
                                                 std::optional<std::string_view> data) {
  const SchemaPtr& schema = NumberConverterTraits<T>::ReadSchema();
  if (!data) return SchemaAndValue{schema, Value()};
  if (data->size() != sizeof(T)) {
    throw DataException(std::string("Failed to deserialize ") +
                        NumberConverterTraits<T>::kTypeName + ": Size of data received by " +
                        NumberConverterTraits<T>::kDeserializerName + " is not " +
                        std::to_string(sizeof(T)));
  }
  return SchemaAndValue{schema, Value(DecodeBigEndian<T>(*data))};
}

template <typename T>
std::optional<std::string> NumberConverter<T>::FromConnectHeader(const std::string& topic,
                                                                 const std::string& /*header_key*/,
                                                                 const SchemaPtr& schema,
                                                                 const Value& value) {
  return FromConnectData(topic, nullptr, schema, value);
}

template <typename T>
SchemaAndValue NumberConverter<T>::ToConnectHeader(const std::string& topic,
                                                   const std::string& /*header_key*/,
                                                   std::optional<std::string_view> data) {
  return ToConnectData(topic, nullptr, data);
}

template class NumberConverter<int16_t>;
template class NumberConverter<int32_t>;
template class NumberConverter<int64_t>;
template class NumberConverter<float>;
template class NumberConverter<double>;

}  // namespace kconnect::worker::runtime
