#include "worker/runtime/converters/json_converter.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

#include "kconnect/data/struct.h"
#include "kconnect/errors.h"
#include "worker/runtime/converters/converter_support.h"
#include "worker/runtime/converters/java_big_decimal.h"
#include "worker/runtime/converters/json_node.h"
#include "worker/util/java_format.h"

namespace kconnect::worker::runtime {
namespace {

constexpr int64_t kMillisPerDay = 24LL * 60 * 60 * 1000;

constexpr char kEnvelopeError[] =
    "JsonConverter with schemas.enable requires \"schema\" and \"payload\" fields and may not "
    "contain additional fields. If you are trying to deserialize plain JSON data, set "
    "schemas.enable=false in your converter configuration.";
constexpr char kNullSchemaPrefix[] = "{\"schema\":null,\"payload\":";

// JsonSchema's type names: FLOAT32/FLOAT64 are "float"/"double".
const char* JsonTypeName(SchemaType type) {
  switch (type) {
    case SchemaType::kFloat32:
      return "float";
    case SchemaType::kFloat64:
      return "double";
    default:
      return SchemaTypeName(type);
  }
}

void AppendInteger(std::string& out, int64_t value) {
  char buf[24];
  const auto res = std::to_chars(buf, buf + sizeof(buf), value);
  out.append(buf, res.ptr);
}

template <typename T>
void AppendFloating(std::string& out, T value) {
  // Jackson's QUOTE_NON_NUMERIC_NUMBERS: NaN and infinities become strings.
  const bool finite = std::isfinite(value);
  if (!finite) out.push_back('"');
  if constexpr (std::is_same_v<T, float>) {
    out += util::JavaFloatToString(value);
  } else {
    out += util::JavaDoubleToString(value);
  }
  if (!finite) out.push_back('"');
}

void AppendBase64(std::string& out, const Bytes& bytes) {
  out.push_back('"');
  out += util::Base64Encode(
      std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  out.push_back('"');
}

[[noreturn]] void ThrowInvalidType(const Schema* schema, const Value& value) {
  const std::string type =
      schema != nullptr ? SchemaTypeEnumName(schema->Type()) : "unknown schema";
  throw DataException("Invalid type for " + type + ": " + JavaClassDescription(value));
}

// ConnectSchema.schemaType(value.getClass()) for schemaless values.
SchemaType InferSchemaType(const Value& value) {
  struct Visitor {
    std::optional<SchemaType> operator()(std::monostate) const { return std::nullopt; }
    std::optional<SchemaType> operator()(bool) const { return SchemaType::kBoolean; }
    std::optional<SchemaType> operator()(int8_t) const { return SchemaType::kInt8; }
    std::optional<SchemaType> operator()(int16_t) const { return SchemaType::kInt16; }
    std::optional<SchemaType> operator()(int32_t) const { return SchemaType::kInt32; }
    std::optional<SchemaType> operator()(int64_t) const { return SchemaType::kInt64; }
    std::optional<SchemaType> operator()(float) const { return SchemaType::kFloat32; }
    std::optional<SchemaType> operator()(double) const { return SchemaType::kFloat64; }
    std::optional<SchemaType> operator()(const std::string&) const { return SchemaType::kString; }
    std::optional<SchemaType> operator()(const Bytes&) const { return SchemaType::kBytes; }
    std::optional<SchemaType> operator()(const Value::Array&) const { return SchemaType::kArray; }
    std::optional<SchemaType> operator()(const Value::Map&) const { return SchemaType::kMap; }
    std::optional<SchemaType> operator()(const Value::StructPtr&) const {
      return SchemaType::kStruct;
    }
    std::optional<SchemaType> operator()(const Decimal&) const { return std::nullopt; }
    std::optional<SchemaType> operator()(const EpochMillis&) const { return std::nullopt; }
  };
  const auto type = std::visit(Visitor{}, value.variant());
  if (!type) {
    throw DataException("Java class " + JavaClassDescription(value) +
                        " does not have corresponding schema type.");
  }
  return *type;
}

// Decimal.scale(schema).
int32_t DecimalScale(const Schema& schema) {
  const std::string* scale = schema.Parameter(logical::kDecimalScaleParam);
  if (scale == nullptr) throw DataException("Invalid Decimal schema: scale parameter not found.");
  int32_t value = 0;
  const auto res = std::from_chars(scale->data(), scale->data() + scale->size(), value);
  if (res.ec != std::errc() || res.ptr != scale->data() + scale->size()) {
    throw DataException("Invalid scale parameter found in Decimal schema: ");
  }
  return value;
}

bool IsJsonWhitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The end (one past) of the schema value starting at `begin`: `null` or an
// object, found by matching braces outside strings. npos for anything else.
size_t EndOfSchemaValue(std::string_view data, size_t begin) {
  if (data.substr(begin, 4) == "null") return begin + 4;
  if (begin >= data.size() || data[begin] != '{') return std::string_view::npos;
  size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (size_t i = begin; i < data.size(); ++i) {
    const char c = data[i];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) return i + 1;
    }
  }
  return std::string_view::npos;
}

bool SchemaEquals(const SchemaPtr& a, const Schema& b) { return a.get() == &b || (a && *a == b); }

}  // namespace

const ConfigDef& JsonConverter::ConfigDefinition() {
  static const ConfigDef def = [] {
    ConfigDef d = NewConverterConfigDef();
    d.Define({.name = kSchemasEnableConfig,
              .type = ConfigDef::Type::kBoolean,
              .default_value = ConfigDef::Parsed{true},
              .importance = ConfigDef::Importance::kHigh,
              .documentation = "Include schemas within each of the serialized values and keys.",
              .group = "Schemas",
              .order_in_group = 0,
              .width = ConfigDef::Width::kMedium,
              .display_name = "Enable Schemas"});
    d.Define({.name = kSchemasCacheSizeConfig,
              .type = ConfigDef::Type::kInt,
              .default_value = ConfigDef::Parsed{int32_t{1000}},
              .importance = ConfigDef::Importance::kHigh,
              .documentation =
                  "The maximum number of schemas that can be cached in this converter instance.",
              .group = "Schemas",
              .order_in_group = 1,
              .width = ConfigDef::Width::kMedium,
              .display_name = "Schema Cache Size"});
    d.Define({.name = kDecimalFormatConfig,
              .type = ConfigDef::Type::kString,
              .default_value = ConfigDef::Parsed{std::string("BASE64")},
              .validator = ConfigDef::CaseInsensitiveValidString({"BASE64", "NUMERIC"}),
              .importance = ConfigDef::Importance::kLow,
              .documentation = "Controls which format this converter will serialize decimals in. "
                               "This value is case insensitive and can be either 'BASE64' "
                               "(default) or 'NUMERIC'",
              .group = "Serialization",
              .order_in_group = 0,
              .width = ConfigDef::Width::kMedium,
              .display_name = "Decimal Format"});
    d.Define({.name = kReplaceNullWithDefaultConfig,
              .type = ConfigDef::Type::kBoolean,
              .default_value = ConfigDef::Parsed{true},
              .importance = ConfigDef::Importance::kLow,
              .documentation = "Whether to replace fields that have a default value and that are "
                               "null to the default value. When set to true, the default value is "
                               "used, otherwise null is used.",
              .group = "Serialization",
              .order_in_group = 1,
              .width = ConfigDef::Width::kMedium,
              .display_name = "Replace null with default"});
    return d;
  }();
  return def;
}

void JsonConverter::Configure(const Props& configs, bool is_key) {
  ApplyConfig(WithConverterType(configs, is_key));
}

void JsonConverter::Configure(const Props& configs) {
  ApplyConfig(WithHeaderConverterType(configs));
}

void JsonConverter::ApplyConfig(const Props& configs) {
  const AbstractConfig config(ConfigDefinition(), configs);
  schemas_enabled_ = config.GetBoolean(kSchemasEnableConfig);
  schema_cache_size_ = config.GetInt(kSchemasCacheSizeConfig);
  std::string format = config.GetString(kDecimalFormatConfig).value_or("BASE64");
  std::transform(format.begin(), format.end(), format.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  decimal_format_ = format == "NUMERIC" ? DecimalFormat::kNumeric : DecimalFormat::kBase64;
  replace_null_with_default_ = config.GetBoolean(kReplaceNullWithDefaultConfig);
  prefix_cache_.clear();
  last_schema_ = nullptr;
  last_prefix_ = nullptr;
  schema_by_json_.clear();
  last_schema_json_.clear();
  last_read_schema_ = nullptr;
  has_last_read_schema_ = false;
}

// ---------------------------------------------------------------------------
// Writing

std::optional<std::string> JsonConverter::FromConnectData(const std::string& /*topic*/,
                                                          const Headers* /*headers*/,
                                                          const SchemaPtr& schema,
                                                          const Value& value) {
  if (!schema && value.IsNull()) return std::nullopt;
  std::string out;
  const std::string* text = value.Get<std::string>();
  const size_t payload_estimate = text != nullptr ? text->size() + 2 : 16;
  if (schemas_enabled_) {
    const std::string& prefix = EnvelopePrefix(schema);
    out.reserve(prefix.size() + payload_estimate + 1);
    out.append(prefix);
    AppendValue(out, schema.get(), value);
    out.push_back('}');
  } else {
    out.reserve(payload_estimate);
    AppendValue(out, schema.get(), value);
  }
  return out;
}

std::optional<std::string> JsonConverter::FromConnectHeader(const std::string& topic,
                                                            const std::string& /*header_key*/,
                                                            const SchemaPtr& schema,
                                                            const Value& value) {
  return FromConnectData(topic, nullptr, schema, value);
}

std::string JsonConverter::AsJsonSchema(const SchemaPtr& schema) {
  if (!schema) return "null";
  std::string out;
  AppendSchemaJson(out, *schema);
  return out;
}

const std::string& JsonConverter::EnvelopePrefix(const SchemaPtr& schema) {
  static const std::string null_prefix = kNullSchemaPrefix;
  if (!schema) return null_prefix;
  if (schema.get() == last_schema_) return *last_prefix_;

  auto build = [&](std::string& prefix) {
    prefix.assign("{\"schema\":");
    AppendSchemaJson(prefix, *schema);
    prefix.append(",\"payload\":");
  };
  if (schema_cache_size_ <= 0) {
    build(uncached_prefix_);
    return uncached_prefix_;
  }
  auto it = prefix_cache_.find(schema.get());
  if (it == prefix_cache_.end()) {
    // Bounded: when full, start over (the cache has no observable effect).
    if (prefix_cache_.size() >= static_cast<size_t>(schema_cache_size_)) prefix_cache_.clear();
    CachedPrefix entry{schema, {}};
    build(entry.prefix);
    it = prefix_cache_.emplace(schema.get(), std::move(entry)).first;
  }
  last_schema_ = schema.get();
  last_prefix_ = &it->second.prefix;
  return it->second.prefix;
}

void JsonConverter::AppendSchemaJson(std::string& out, const Schema& schema) {
  out.append("{\"type\":\"");
  out.append(JsonTypeName(schema.Type()));
  out.push_back('"');
  switch (schema.Type()) {
    case SchemaType::kArray:
      out.append(",\"items\":");
      if (schema.ValueSchema()) {
        AppendSchemaJson(out, *schema.ValueSchema());
      } else {
        out.append("null");
      }
      break;
    case SchemaType::kMap:
      out.append(",\"keys\":");
      if (schema.KeySchema()) {
        AppendSchemaJson(out, *schema.KeySchema());
      } else {
        out.append("null");
      }
      out.append(",\"values\":");
      if (schema.ValueSchema()) {
        AppendSchemaJson(out, *schema.ValueSchema());
      } else {
        out.append("null");
      }
      break;
    case SchemaType::kStruct: {
      out.append(",\"fields\":[");
      bool first = true;
      for (const Field& field : schema.Fields()) {
        if (!first) out.push_back(',');
        first = false;
        // The field's own schema JSON with "field" appended as the last member.
        AppendSchemaJson(out, *field.schema);
        out.pop_back();
        out.append(",\"field\":");
        util::AppendJsonString(out, field.name);
        out.push_back('}');
      }
      out.push_back(']');
      break;
    }
    default:
      break;
  }
  out.append(schema.IsOptional() ? ",\"optional\":true" : ",\"optional\":false");
  if (schema.Name()) {
    out.append(",\"name\":");
    util::AppendJsonString(out, *schema.Name());
  }
  if (schema.Version()) {
    out.append(",\"version\":");
    AppendInteger(out, *schema.Version());
  }
  if (schema.Doc()) {
    out.append(",\"doc\":");
    util::AppendJsonString(out, *schema.Doc());
  }
  if (!schema.Parameters().empty()) {
    out.append(",\"parameters\":{");
    bool first = true;
    for (const auto& [key, value] : schema.Parameters()) {
      if (!first) out.push_back(',');
      first = false;
      util::AppendJsonString(out, key);
      out.push_back(':');
      util::AppendJsonString(out, value);
    }
    out.push_back('}');
  }
  if (!schema.DefaultValue().IsNull()) {
    out.append(",\"default\":");
    AppendValue(out, &schema, schema.DefaultValue());
  }
  out.push_back('}');
}

void JsonConverter::AppendValue(std::string& out, const Schema* schema, const Value& value) {
  if (value.IsNull()) {
    // Schemaless null: Java returns a null node, which Jackson writes as null.
    if (schema == nullptr) {
      out.append("null");
      return;
    }
    if (!schema->DefaultValue().IsNull() && replace_null_with_default_) {
      AppendValue(out, schema, schema->DefaultValue());
      return;
    }
    if (schema->IsOptional()) {
      out.append("null");
      return;
    }
    throw DataException(
        "Conversion error: null value for field that is required and has no default value");
  }

  if (schema != nullptr && schema->Name() && AppendLogicalValue(out, *schema, value)) return;

  const SchemaType type = schema != nullptr ? schema->Type() : InferSchemaType(value);
  switch (type) {
    case SchemaType::kInt8:
      if (const auto* v = value.Get<int8_t>()) return AppendInteger(out, *v);
      break;
    case SchemaType::kInt16:
      if (const auto* v = value.Get<int16_t>()) return AppendInteger(out, *v);
      break;
    case SchemaType::kInt32:
      if (const auto* v = value.Get<int32_t>()) return AppendInteger(out, *v);
      break;
    case SchemaType::kInt64:
      if (const auto* v = value.Get<int64_t>()) return AppendInteger(out, *v);
      break;
    case SchemaType::kFloat32:
      if (const auto* v = value.Get<float>()) return AppendFloating(out, *v);
      break;
    case SchemaType::kFloat64:
      if (const auto* v = value.Get<double>()) return AppendFloating(out, *v);
      break;
    case SchemaType::kBoolean:
      if (const auto* v = value.Get<bool>()) {
        out.append(*v ? "true" : "false");
        return;
      }
      break;
    case SchemaType::kString:
      if (const auto* v = value.Get<std::string>()) return util::AppendJsonString(out, *v);
      break;
    case SchemaType::kBytes:
      if (const auto* v = value.Get<Bytes>()) return AppendBase64(out, *v);
      throw DataException("Invalid type for bytes type: " + JavaClassDescription(value));
    case SchemaType::kArray:
      if (const auto* v = value.Get<Value::Array>()) {
        const Schema* element_schema = schema != nullptr ? schema->ValueSchema().get() : nullptr;
        out.push_back('[');
        bool first = true;
        for (const Value& element : *v) {
          if (!first) out.push_back(',');
          first = false;
          AppendValue(out, element_schema, element);
        }
        out.push_back(']');
        return;
      }
      break;
    case SchemaType::kMap:
      if (const auto* v = value.Get<Value::Map>()) {
        const Schema* key_schema = schema != nullptr ? schema->KeySchema().get() : nullptr;
        const Schema* value_schema = schema != nullptr ? schema->ValueSchema().get() : nullptr;
        bool object_mode;
        if (key_schema != nullptr) {
          object_mode = key_schema->Type() == SchemaType::kString;
        } else {
          object_mode = std::all_of(v->begin(), v->end(), [](const auto& entry) {
            return entry.first.template Is<std::string>();
          });
        }
        out.push_back(object_mode ? '{' : '[');
        bool first = true;
        for (const auto& [key, entry_value] : *v) {
          if (!first) out.push_back(',');
          first = false;
          if (object_mode) {
            AppendMapKey(out, key_schema, key);
            out.push_back(':');
            AppendValue(out, value_schema, entry_value);
          } else {
            out.push_back('[');
            AppendValue(out, key_schema, key);
            out.push_back(',');
            AppendValue(out, value_schema, entry_value);
            out.push_back(']');
          }
        }
        out.push_back(object_mode ? '}' : ']');
        return;
      }
      break;
    case SchemaType::kStruct: {
      // A schemaless Struct fails here too: Java compares its schema to null.
      const auto* v = value.Get<Value::StructPtr>();
      if (v == nullptr || schema == nullptr || !SchemaEquals((*v)->GetSchema(), *schema)) {
        throw DataException("Mismatching schema.");
      }
      out.push_back('{');
      bool first = true;
      for (const Field& field : schema->Fields()) {
        if (!first) out.push_back(',');
        first = false;
        util::AppendJsonString(out, field.name);
        out.push_back(':');
        AppendValue(out, field.schema.get(), (*v)->GetWithoutDefault(field));
      }
      out.push_back('}');
      return;
    }
  }
  ThrowInvalidType(schema, value);
}

void JsonConverter::AppendMapKey(std::string& out, const Schema* key_schema, const Value& key) {
  // Java writes the key's JSON node asText(): the string itself, the default
  // for a null key, or "null" under an optional key schema.
  if (const auto* text = key.Get<std::string>()) return util::AppendJsonString(out, *text);
  if (!key.IsNull() || key_schema == nullptr) ThrowInvalidType(key_schema, key);
  const Value& fallback = key_schema->DefaultValue();
  if (!fallback.IsNull() && replace_null_with_default_)
    return AppendMapKey(out, key_schema, fallback);
  if (key_schema->IsOptional()) return util::AppendJsonString(out, "null");
  throw DataException(
      "Conversion error: null value for field that is required and has no default value");
}

bool JsonConverter::AppendLogicalValue(std::string& out, const Schema& schema, const Value& value) {
  const std::string& name = *schema.Name();
  if (name == logical::kDecimalName) {
    const auto* decimal = value.Get<Decimal>();
    if (decimal == nullptr) {
      throw DataException("Invalid type for Decimal, expected BigDecimal but was " +
                          JavaClassDescription(value));
    }
    if (decimal_format_ == DecimalFormat::kNumeric) {
      out.append(decimal->ToString());
      return true;
    }
    const int32_t scale = DecimalScale(schema);
    if (decimal->scale != scale) {
      throw DataException(
          "Decimal value has mismatching scale for given Decimal schema. Schema has scale " +
          std::to_string(scale) + ", value has scale " + std::to_string(decimal->scale) + ".");
    }
    AppendBase64(out, MinimalTwosComplement(decimal->unscaled));
    return true;
  }
  const bool is_date = name == logical::kDateName;
  const bool is_time = name == logical::kTimeName;
  const bool is_timestamp = name == logical::kTimestampName;
  if (!is_date && !is_time && !is_timestamp) return false;
  const auto* millis = value.Get<EpochMillis>();
  if (millis == nullptr) {
    const char* type = is_date ? "Date" : (is_time ? "Time" : "Timestamp");
    throw DataException(std::string("Invalid type for ") + type + ", expected Date but was " +
                        JavaClassDescription(value));
  }
  if (is_date) {
    if (millis->millis % kMillisPerDay != 0) {
      throw DataException(
          "Kafka Connect Date type should not have any time fields set to non-zero values.");
    }
    AppendInteger(out, static_cast<int32_t>(millis->millis / kMillisPerDay));
  } else if (is_time) {
    if (millis->millis < 0 || millis->millis > kMillisPerDay) {
      throw DataException(
          "Kafka Connect Time type should not have any date fields set to non-zero values.");
    }
    AppendInteger(out, static_cast<int32_t>(millis->millis));
  } else {
    AppendInteger(out, millis->millis);
  }
  return true;
}

// ---------------------------------------------------------------------------
// Reading

SchemaAndValue JsonConverter::ToConnectData(const std::string& /*topic*/,
                                            const Headers* /*headers*/,
                                            std::optional<std::string_view> data) {
  if (!data) return SchemaAndValue{nullptr, Value()};
  if (schemas_enabled_) {
    if (auto fast = TryReadCompactEnvelope(*data)) return std::move(*fast);
  }
  JsonNode root;
  std::string error;
  if (!JsonNode::Parse(*data, root, error)) {
    throw DataException(
        "Converting byte[] to Kafka Connect data failed due to serialization error: " + error);
  }
  if (!schemas_enabled_) return SchemaAndValue{nullptr, ToConnectValue(nullptr, &root)};

  if (!root.IsObject() || root.Size() != 2) throw DataException(kEnvelopeError);
  const JsonNode* schema_node = root.Get("schema");
  const JsonNode* payload_node = root.Get("payload");
  if (schema_node == nullptr || payload_node == nullptr) throw DataException(kEnvelopeError);
  SchemaPtr schema = ToConnectSchema(*schema_node);
  Value value = ToConnectValue(schema, payload_node);
  return SchemaAndValue{std::move(schema), std::move(value)};
}

std::optional<SchemaAndValue> JsonConverter::TryReadCompactEnvelope(std::string_view data) {
  constexpr std::string_view kHead = "{\"schema\":";
  constexpr std::string_view kMiddle = ",\"payload\":";
  if (!data.starts_with(kHead)) return std::nullopt;
  const size_t schema_begin = kHead.size();
  const size_t schema_end = EndOfSchemaValue(data, schema_begin);
  if (schema_end == std::string_view::npos || data.substr(schema_end, kMiddle.size()) != kMiddle) {
    return std::nullopt;
  }
  const size_t payload_begin = schema_end + kMiddle.size();
  const size_t close = data.find_last_of('}');
  if (close == std::string_view::npos || close < payload_begin) return std::nullopt;
  for (size_t i = close + 1; i < data.size(); ++i) {
    if (!IsJsonWhitespace(data[i])) return std::nullopt;
  }
  // The payload must be exactly one value between the separator and the
  // envelope's closing brace; anything else (an extra member, a syntax error)
  // is left to the general path and its error messages.
  JsonNode payload;
  std::string error;
  if (!JsonNode::ParseComplete(data.substr(payload_begin, close - payload_begin), 1, payload,
                               error)) {
    return std::nullopt;
  }
  const auto schema = CachedConnectSchema(data.substr(schema_begin, schema_end - schema_begin));
  if (!schema) return std::nullopt;
  Value value = ToConnectValue(*schema, &payload);
  return SchemaAndValue{*schema, std::move(value)};
}

std::optional<SchemaPtr> JsonConverter::CachedConnectSchema(std::string_view schema_json) {
  if (has_last_read_schema_ && schema_json == last_schema_json_) return last_read_schema_;
  std::string key(schema_json);
  SchemaPtr schema;
  if (auto it = schema_by_json_.find(key); it != schema_by_json_.end()) {
    schema = it->second;
  } else {
    JsonNode node;
    std::string error;
    if (!JsonNode::ParseComplete(schema_json, 1, node, error)) return std::nullopt;
    schema = ToConnectSchema(node);
    if (schema_cache_size_ > 0) {
      if (schema_by_json_.size() >= static_cast<size_t>(schema_cache_size_))
        schema_by_json_.clear();
      schema_by_json_.emplace(key, schema);
    }
  }
  last_schema_json_ = std::move(key);
  last_read_schema_ = schema;
  has_last_read_schema_ = true;
  return schema;
}

SchemaAndValue JsonConverter::ToConnectHeader(const std::string& topic,
                                              const std::string& /*header_key*/,
                                              std::optional<std::string_view> data) {
  return ToConnectData(topic, nullptr, data);
}

SchemaPtr JsonConverter::AsConnectSchema(std::string_view schema_json) {
  JsonNode node;
  std::string error;
  if (!JsonNode::Parse(schema_json, node, error)) {
    throw DataException(
        "Converting byte[] to Kafka Connect data failed due to serialization error: " + error);
  }
  return ToConnectSchema(node);
}

SchemaPtr JsonConverter::ToConnectSchema(const JsonNode& node) {
  if (node.IsNull()) return nullptr;
  const JsonNode* type_node = node.Get("type");
  if (type_node == nullptr || !type_node->IsTextual()) {
    throw DataException("Schema must contain 'type' field");
  }
  const std::string& type = *type_node->TextValue();

  std::optional<SchemaBuilder> builder;
  if (type == "boolean") {
    builder.emplace(SchemaType::kBoolean);
  } else if (type == "int8") {
    builder.emplace(SchemaType::kInt8);
  } else if (type == "int16") {
    builder.emplace(SchemaType::kInt16);
  } else if (type == "int32") {
    builder.emplace(SchemaType::kInt32);
  } else if (type == "int64") {
    builder.emplace(SchemaType::kInt64);
  } else if (type == "float") {
    builder.emplace(SchemaType::kFloat32);
  } else if (type == "double") {
    builder.emplace(SchemaType::kFloat64);
  } else if (type == "bytes") {
    builder.emplace(SchemaType::kBytes);
  } else if (type == "string") {
    builder.emplace(SchemaType::kString);
  } else if (type == "array") {
    const JsonNode* items = node.Get("items");
    if (items == nullptr || items->IsNull()) {
      throw DataException("Array schema did not specify the element type");
    }
    builder.emplace(SchemaBuilder::Array(ToConnectSchema(*items)));
  } else if (type == "map") {
    const JsonNode* keys = node.Get("keys");
    if (keys == nullptr) throw DataException("Map schema did not specify the key type");
    const JsonNode* values = node.Get("values");
    if (values == nullptr) throw DataException("Map schema did not specify the value type");
    SchemaPtr key_schema = ToConnectSchema(*keys);
    SchemaPtr value_schema = ToConnectSchema(*values);
    builder.emplace(SchemaBuilder::Map(std::move(key_schema), std::move(value_schema)));
  } else if (type == "struct") {
    builder.emplace(SchemaType::kStruct);
    const JsonNode* fields = node.Get("fields");
    if (fields == nullptr || !fields->IsArray()) {
      throw DataException("Struct schema's \"fields\" argument is not an array.");
    }
    for (const JsonNode& field : fields->Elements()) {
      const JsonNode* field_name = field.Get("field");
      if (field_name == nullptr || !field_name->IsTextual()) {
        throw DataException("Struct schema's field name not specified properly");
      }
      builder->Field(*field_name->TextValue(), ToConnectSchema(field));
    }
  } else {
    throw DataException("Unknown schema type: " + type);
  }

  const JsonNode* optional = node.Get("optional");
  if (optional != nullptr && optional->BooleanValue()) {
    builder->Optional();
  } else {
    builder->Required();
  }
  if (const JsonNode* name = node.Get("name"); name != nullptr && name->IsTextual()) {
    builder->Name(*name->TextValue());
  }
  if (const JsonNode* version = node.Get("version");
      version != nullptr && version->IsIntegralNumber()) {
    builder->Version(version->IntValue());
  }
  if (const JsonNode* doc = node.Get("doc"); doc != nullptr && doc->IsTextual()) {
    builder->Doc(*doc->TextValue());
  }
  if (const JsonNode* params = node.Get("parameters"); params != nullptr && params->IsObject()) {
    for (size_t i = 0; i < params->Size(); ++i) {
      const JsonNode& param = params->Elements()[i];
      if (!param.IsTextual()) throw DataException("Schema parameters must have string values.");
      builder->Parameter(params->Keys()[i], *param.TextValue());
    }
  }
  if (const JsonNode* default_node = node.Get("default"); default_node != nullptr) {
    // Java converts the default with the builder itself as the schema.
    Value default_value = ToConnectValue(builder->Build(), default_node);
    if (!default_value.IsNull()) builder->DefaultValue(std::move(default_value));
  }
  return builder->Build();
}

Value JsonConverter::ToConnectValue(const SchemaPtr& schema, const JsonNode* node) {
  if (!schema) {
    if (node == nullptr || node->IsNull() || node->IsMissing()) return Value();
    switch (node->GetType()) {
      case JsonNode::Type::kBoolean:
        return Value(node->BooleanValue());
      case JsonNode::Type::kNumber:
        if (node->IsIntegralNumber()) return Value(node->LongValue());
        return Value(node->DoubleValue());
      case JsonNode::Type::kString:
        return Value(*node->TextValue());
      case JsonNode::Type::kArray: {
        Value::Array result;
        result.reserve(node->Size());
        for (const JsonNode& element : node->Elements()) {
          result.push_back(ToConnectValue(nullptr, &element));
        }
        return Value(std::move(result));
      }
      case JsonNode::Type::kObject: {
        Value::Map result;
        result.reserve(node->Size());
        for (size_t i = 0; i < node->Size(); ++i) {
          result.emplace_back(Value(node->Keys()[i]),
                              ToConnectValue(nullptr, &node->Elements()[i]));
        }
        return Value(std::move(result));
      }
      default:
        throw DataException("Unknown schema type: null");
    }
  }

  if (node == nullptr || node->IsNull() || node->IsMissing()) {
    if (!schema->DefaultValue().IsNull() && replace_null_with_default_) {
      return schema->DefaultValue();
    }
    if (schema->IsOptional()) return Value();
    throw DataException(std::string("Invalid null value for required ") +
                        SchemaTypeEnumName(schema->Type()) + " field");
  }

  if (schema->Name()) {
    bool handled = false;
    Value logical_value = ToConnectLogicalValue(*schema, *node, handled);
    if (handled) return logical_value;
  }

  switch (schema->Type()) {
    case SchemaType::kBoolean:
      return Value(node->BooleanValue());
    case SchemaType::kInt8:
      return Value(static_cast<int8_t>(node->IntValue()));
    case SchemaType::kInt16:
      return Value(static_cast<int16_t>(node->IntValue()));
    case SchemaType::kInt32:
      return Value(node->IntValue());
    case SchemaType::kInt64:
      return Value(node->LongValue());
    case SchemaType::kFloat32:
      return Value(node->FloatValue());
    case SchemaType::kFloat64:
      return Value(node->DoubleValue());
    case SchemaType::kString:
      // textValue() is null for anything but a JSON string.
      if (const std::string* text = node->TextValue()) return Value(*text);
      return Value();
    case SchemaType::kBytes: {
      const std::string* text = node->TextValue();
      if (text == nullptr) return Value();  // binaryValue() of a non-text node
      const auto decoded = util::Base64Decode(*text);
      if (!decoded) throw DataException("Invalid bytes field");
      return Value(Bytes(decoded->begin(), decoded->end()));
    }
    case SchemaType::kArray: {
      // Iterating a JsonNode: array elements, object member values, or nothing.
      Value::Array result;
      result.reserve(node->Size());
      for (const JsonNode& element : node->Elements()) {
        result.push_back(ToConnectValue(schema->ValueSchema(), &element));
      }
      return Value(std::move(result));
    }
    case SchemaType::kMap: {
      const SchemaPtr& key_schema = schema->KeySchema();
      const SchemaPtr& value_schema = schema->ValueSchema();
      Value::Map result;
      if (!key_schema || key_schema->Type() == SchemaType::kString) {
        if (!node->IsObject()) {
          throw DataException(
              std::string("Maps with string fields should be encoded as JSON objects, but found ") +
              node->TypeName());
        }
        result.reserve(node->Size());
        for (size_t i = 0; i < node->Size(); ++i) {
          result.emplace_back(Value(node->Keys()[i]),
                              ToConnectValue(value_schema, &node->Elements()[i]));
        }
      } else {
        if (!node->IsArray()) {
          throw DataException(
              std::string("Maps with non-string fields should be encoded as JSON array of "
                          "tuples, but found ") +
              node->TypeName());
        }
        result.reserve(node->Size());
        for (const JsonNode& entry : node->Elements()) {
          if (!entry.IsArray()) {
            throw DataException(std::string("Found invalid map entry instead of array tuple: ") +
                                entry.TypeName());
          }
          if (entry.Size() != 2) {
            throw DataException("Found invalid map entry, expected length 2 but found :" +
                                std::to_string(entry.Size()));
          }
          Value key = ToConnectValue(key_schema, &entry.Elements()[0]);
          Value value = ToConnectValue(value_schema, &entry.Elements()[1]);
          // HashMap.put: a repeated key replaces the earlier value.
          auto existing = std::find_if(result.begin(), result.end(),
                                       [&key](const auto& e) { return e.first == key; });
          if (existing != result.end()) {
            existing->second = std::move(value);
          } else {
            result.emplace_back(std::move(key), std::move(value));
          }
        }
      }
      return Value(std::move(result));
    }
    case SchemaType::kStruct: {
      if (!node->IsObject()) {
        throw DataException(std::string("Structs should be encoded as JSON objects, but found ") +
                            node->TypeName());
      }
      auto result = MakeStruct(schema);
      for (const Field& field : schema->Fields()) {
        result->Put(field, ToConnectValue(field.schema, node->Get(field.name)));
      }
      return Value(std::move(result));
    }
  }
  throw DataException(std::string("Unknown schema type: ") + SchemaTypeEnumName(schema->Type()));
}

Value JsonConverter::ToConnectLogicalValue(const Schema& schema, const JsonNode& node,
                                           bool& handled) {
  const std::string& name = *schema.Name();
  handled = true;
  if (name == logical::kDecimalName) {
    if (node.IsNumber()) return Value(node.DecimalValue());
    if (node.IsTextual()) {
      const auto decoded = util::Base64Decode(*node.TextValue());
      if (!decoded || decoded->empty()) throw DataException("Invalid bytes for Decimal field");
      int32_t scale = 0;
      try {
        scale = DecimalScale(schema);
      } catch (const DataException&) {
        throw DataException("Invalid bytes for Decimal field");
      }
      return Value(Decimal{MinimalTwosComplement(Bytes(decoded->begin(), decoded->end())), scale});
    }
    throw DataException(
        std::string("Invalid type for Decimal, underlying representation should be numeric or "
                    "bytes but was ") +
        node.TypeName());
  }
  if (name == logical::kDateName) {
    if (!node.IsInt()) {
      throw DataException(
          std::string(
              "Invalid type for Date, underlying representation should be integer but was ") +
          node.TypeName());
    }
    return Value(EpochMillis{int64_t{node.IntValue()} * kMillisPerDay});
  }
  if (name == logical::kTimeName) {
    if (!node.IsInt()) {
      throw DataException(
          std::string(
              "Invalid type for Time, underlying representation should be integer but was ") +
          node.TypeName());
    }
    const int32_t millis = node.IntValue();
    if (millis < 0 || millis > kMillisPerDay) {
      throw DataException(
          "Time values must use number of milliseconds greater than 0 and less than 86400000");
    }
    return Value(EpochMillis{millis});
  }
  if (name == logical::kTimestampName) {
    if (!node.IsIntegralNumber()) {
      throw DataException(
          std::string(
              "Invalid type for Timestamp, underlying representation should be integral but was ") +
          node.TypeName());
    }
    return Value(EpochMillis{node.LongValue()});
  }
  handled = false;
  return Value();
}

}  // namespace kconnect::worker::runtime
