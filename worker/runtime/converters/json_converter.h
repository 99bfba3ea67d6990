#pragma once
// JsonConverter (org.apache.kafka.connect.json.JsonConverter): Connect data to
// JSON and back, byte-identical to Java's converter (Jackson's compact output).
// Also a HeaderConverter, as in Java.
//
// Writing (FromConnectData):
//   * (null schema, null value) is a Kafka null (nullopt); every other input
//     gives bytes, e.g. an optional schema with a null value gives `null`.
//   * With `schemas.enable=true` the output is the envelope
//     {"schema":<schema JSON or null>,"payload":<payload JSON>}.
//   * The schema JSON has Java's member order: type, items | keys, values |
//     fields, optional, name, version, doc, parameters, default; struct field
//     schemas end with "field".
//   * Floats use Java's Float/Double.toString, NaN/Infinity become strings,
//     bytes are base64, maps with string keys are objects and other maps
//     [[k,v],...], structs follow the schema's field order, and the logical
//     types Decimal (base64 or numeric per `decimal.format`), Date, Time and
//     Timestamp are written as Java writes them.
// Reading (ToConnectData) follows Java's JsonConverter.toConnectData, including
// its DataException texts. Schemaless JSON reads as int64 / double / string /
// bool / Array / Map (string keys, document order).
//
// Errors: DataException with Java's messages for values that do not fit their
// schema and for bytes that are not valid JSON or not a valid envelope.
// ConfigException from Configure for invalid settings.
//
// Thread-safety: not thread-safe; an instance belongs to one task thread (the
// serialized-schema cache is unsynchronised).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "kconnect/converter.h"

namespace kconnect::worker::runtime {

class JsonNode;

// How Decimal values are written (decimal.format).
enum class DecimalFormat { kBase64, kNumeric };

class JsonConverter final : public Converter, public HeaderConverter {
 public:
  static constexpr char kClassName[] = "org.apache.kafka.connect.json.JsonConverter";
  static constexpr char kSchemasEnableConfig[] = "schemas.enable";
  static constexpr char kSchemasCacheSizeConfig[] = "schemas.cache.size";
  static constexpr char kDecimalFormatConfig[] = "decimal.format";
  static constexpr char kReplaceNullWithDefaultConfig[] = "replace.null.with.default";

  // A converter with Java's defaults (schemas enabled, BASE64 decimals,
  // nulls replaced by defaults); usable before Configure.
  JsonConverter() = default;

  // JsonConverterConfig's definition: converter.type, schemas.enable,
  // schemas.cache.size, decimal.format, replace.null.with.default.
  static const ConfigDef& ConfigDefinition();
  const ConfigDef& Config() const override { return ConfigDefinition(); }

  // Throws ConfigException for invalid values (e.g. decimal.format=FOO).
  void Configure(const Props& configs, bool is_key) override;
  // As a header converter; converter.type defaults to "header".
  void Configure(const Props& configs) override;

  std::optional<std::string> FromConnectData(const std::string& topic, const Headers* headers,
                                             const SchemaPtr& schema, const Value& value) override;
  SchemaAndValue ToConnectData(const std::string& topic, const Headers* headers,
                               std::optional<std::string_view> data) override;

  // Same as FromConnectData / ToConnectData (Java does exactly this).
  std::optional<std::string> FromConnectHeader(const std::string& topic,
                                               const std::string& header_key,
                                               const SchemaPtr& schema,
                                               const Value& value) override;
  SchemaAndValue ToConnectHeader(const std::string& topic, const std::string& header_key,
                                 std::optional<std::string_view> data) override;

  // asJsonSchema: the schema's JSON text; "null" for a null schema.
  std::string AsJsonSchema(const SchemaPtr& schema);
  // asConnectSchema: parses schema JSON text. Throws DataException for
  // malformed JSON or an invalid schema ("Unknown schema type: X", ...).
  SchemaPtr AsConnectSchema(std::string_view schema_json);

  bool SchemasEnabled() const { return schemas_enabled_; }
  DecimalFormat GetDecimalFormat() const { return decimal_format_; }
  bool ReplaceNullWithDefault() const { return replace_null_with_default_; }

 private:
  void ApplyConfig(const Props& configs);

  // The envelope up to the payload, `{"schema":<schema JSON>,"payload":`,
  // cached per schema instance.
  const std::string& EnvelopePrefix(const SchemaPtr& schema);
  void AppendSchemaJson(std::string& out, const Schema& schema);
  // convertToJson: appends the JSON of `value` under `schema` (may be null).
  void AppendValue(std::string& out, const Schema* schema, const Value& value);
  // A member name of a map written as a JSON object (string keys).
  void AppendMapKey(std::string& out, const Schema* key_schema, const Value& key);
  // Logical types by schema name; false when the name is not a logical type.
  bool AppendLogicalValue(std::string& out, const Schema& schema, const Value& value);

  // Fast path for the compact envelope `{"schema":S,"payload":P}` that Java
  // and this class write: the schema comes from a cache keyed by its text and
  // only the payload is parsed. nullopt means "take the general path" (any
  // other layout, or bytes that need the general path's error message).
  std::optional<SchemaAndValue> TryReadCompactEnvelope(std::string_view data);
  // asConnectSchema of schema JSON text through the read cache; nullopt if
  // the text is not valid JSON.
  std::optional<SchemaPtr> CachedConnectSchema(std::string_view schema_json);
  SchemaPtr ToConnectSchema(const JsonNode& node);
  // convertToConnect; `node` nullptr is an absent member (Java null).
  Value ToConnectValue(const SchemaPtr& schema, const JsonNode* node);
  Value ToConnectLogicalValue(const Schema& schema, const JsonNode& node, bool& handled);

  bool schemas_enabled_ = true;
  int32_t schema_cache_size_ = 1000;
  DecimalFormat decimal_format_ = DecimalFormat::kBase64;
  bool replace_null_with_default_ = true;

  // Keyed by schema address; the entry holds the SchemaPtr so the address
  // cannot be reused by another schema while it is cached.
  struct CachedPrefix {
    SchemaPtr schema;
    std::string prefix;
  };
  std::unordered_map<const Schema*, CachedPrefix> prefix_cache_;
  // One-entry fast path in front of the map: most tasks use one schema.
  const Schema* last_schema_ = nullptr;
  const std::string* last_prefix_ = nullptr;
  // Used instead of the cache when schemas.cache.size <= 0.
  std::string uncached_prefix_;

  // Read side: schema JSON text -> schema (Java's toConnectSchemaCache), with
  // the same one-entry fast path.
  std::unordered_map<std::string, SchemaPtr> schema_by_json_;
  std::string last_schema_json_;
  SchemaPtr last_read_schema_;
  bool has_last_read_schema_ = false;
};

}  // namespace kconnect::worker::runtime
