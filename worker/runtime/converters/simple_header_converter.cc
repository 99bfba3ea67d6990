#include "worker/runtime/converters/simple_header_converter.h"

#include <exception>

#include "worker/runtime/converters/values.h"

namespace kconnect::worker::runtime {

std::optional<std::string> SimpleHeaderConverter::FromConnectHeader(
    const std::string& /*topic*/, const std::string& /*header_key*/, const SchemaPtr& schema,
    const Value& value) {
  if (value.IsNull()) return std::nullopt;
  return Values::ConvertToString(schema, value);
}

SchemaAndValue SimpleHeaderConverter::ToConnectHeader(const std::string& /*topic*/,
                                                      const std::string& /*header_key*/,
                                                      std::optional<std::string_view> data) {
  if (!data) return SchemaAndValue{nullptr, Value()};
  try {
    return Values::ParseString(*data);
  } catch (const std::exception&) {
    // Java logs and falls back to the raw bytes for anything it cannot parse.
    return SchemaAndValue{Schema::BytesSchema(), Value(Bytes(data->begin(), data->end()))};
  }
}

}  // namespace kconnect::worker::runtime
