#include "worker/runtime/converters/converter_support.h"

#include <variant>

namespace kconnect::worker::runtime {

ConfigDef NewConverterConfigDef() {
  ConfigDef def;
  def.Define({.name = kConverterTypeConfig,
              .type = ConfigDef::Type::kString,
              .default_value = std::nullopt,
              .validator = ConfigDef::ValidString({"key", "value", "header"}),
              .importance = ConfigDef::Importance::kLow,
              .documentation = "How this converter will be used."});
  return def;
}

Props WithConverterType(const Props& configs, bool is_key) {
  Props result = configs;
  result[kConverterTypeConfig] = is_key ? "key" : "value";
  return result;
}

Props WithHeaderConverterType(const Props& configs) {
  Props result = configs;
  result.emplace(kConverterTypeConfig, "header");
  return result;
}

const char* JavaClassName(const Value& value) {
  struct Visitor {
    const char* operator()(std::monostate) const { return "null"; }
    const char* operator()(bool) const { return "java.lang.Boolean"; }
    const char* operator()(int8_t) const { return "java.lang.Byte"; }
    const char* operator()(int16_t) const { return "java.lang.Short"; }
    const char* operator()(int32_t) const { return "java.lang.Integer"; }
    const char* operator()(int64_t) const { return "java.lang.Long"; }
    const char* operator()(float) const { return "java.lang.Float"; }
    const char* operator()(double) const { return "java.lang.Double"; }
    const char* operator()(const std::string&) const { return "java.lang.String"; }
    const char* operator()(const Bytes&) const { return "[B"; }
    const char* operator()(const Value::Array&) const { return "java.util.ArrayList"; }
    const char* operator()(const Value::Map&) const { return "java.util.HashMap"; }
    const char* operator()(const Value::StructPtr&) const {
      return "org.apache.kafka.connect.data.Struct";
    }
    const char* operator()(const Decimal&) const { return "java.math.BigDecimal"; }
    const char* operator()(const EpochMillis&) const { return "java.util.Date"; }
  };
  return std::visit(Visitor{}, value.variant());
}

std::string JavaClassDescription(const Value& value) {
  return std::string("class ") + JavaClassName(value);
}

}  // namespace kconnect::worker::runtime
