#pragma once
// Connect schemas (org.apache.kafka.connect.data.Schema / ConnectSchema /
// SchemaBuilder / Field) and the logical types Decimal, Date, Time, Timestamp.
//
// Schemas are immutable once built and shared by pointer (SchemaPtr); a null
// SchemaPtr means "schemaless", exactly like a null Schema in Java.
// Thread-safety: immutable, safe to share across threads.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kconnect/data/value.h"

// SDK types keep default visibility even when the including code is built with
// -fvisibility=hidden: the SDK library exports them, and plugins and the worker
// share one identity for their type_info (exceptions, dynamic_cast).
#pragma GCC visibility push(default)
namespace kconnect {

enum class SchemaType {
  kInt8,
  kInt16,
  kInt32,
  kInt64,
  kFloat32,
  kFloat64,
  kBoolean,
  kString,
  kBytes,
  kArray,
  kMap,
  kStruct,
};

// Java's Schema.Type names in lower case, as JsonConverter writes them except
// for FLOAT32/FLOAT64 ("float32", "float64"; JsonConverter says float/double).
const char* SchemaTypeName(SchemaType type);
// Upper-case enum name as Java prints it ("INT32", "STRUCT").
const char* SchemaTypeEnumName(SchemaType type);
bool IsPrimitive(SchemaType type);

class Schema;
using SchemaPtr = std::shared_ptr<const Schema>;

struct Field {
  std::string name;
  int index = 0;
  SchemaPtr schema;
  friend bool operator==(const Field& a, const Field& b);
};

class Schema {
 public:
  SchemaType Type() const { return type_; }
  bool IsOptional() const { return optional_; }
  // The default value; null Value when there is none.
  const Value& DefaultValue() const { return default_; }
  const std::optional<std::string>& Name() const { return name_; }
  const std::optional<int32_t>& Version() const { return version_; }
  const std::optional<std::string>& Doc() const { return doc_; }
  // Insertion-ordered parameters (JsonConverter writes them in this order).
  const std::vector<std::pair<std::string, std::string>>& Parameters() const {
    return parameters_;
  }
  const std::string* Parameter(const std::string& key) const;
  // MAP only.
  const SchemaPtr& KeySchema() const { return key_schema_; }
  // MAP and ARRAY.
  const SchemaPtr& ValueSchema() const { return value_schema_; }
  // STRUCT only; in declaration order.
  const std::vector<Field>& Fields() const { return fields_; }
  // STRUCT only; nullptr if there is no such field.
  const Field* FieldByName(const std::string& name) const;

  // Deep equality as ConnectSchema.equals.
  friend bool operator==(const Schema& a, const Schema& b);

  // ConnectSchema.validateValue: throws DataException describing the mismatch
  // (e.g. "Invalid value: null used for required field: \"id\", schema type: INT32").
  static void ValidateValue(const SchemaPtr& schema, const Value& value,
                            const std::string& field_name = "");

  // Java Schema.toString-ish description, used in error messages.
  std::string ToString() const;

  // Predefined schemas (Schema.INT8_SCHEMA ... Schema.OPTIONAL_BYTES_SCHEMA).
  static const SchemaPtr& Int8();
  static const SchemaPtr& Int16();
  static const SchemaPtr& Int32();
  static const SchemaPtr& Int64();
  static const SchemaPtr& Float32();
  static const SchemaPtr& Float64();
  static const SchemaPtr& Boolean();
  static const SchemaPtr& String();
  static const SchemaPtr& BytesSchema();
  static const SchemaPtr& OptionalInt8();
  static const SchemaPtr& OptionalInt16();
  static const SchemaPtr& OptionalInt32();
  static const SchemaPtr& OptionalInt64();
  static const SchemaPtr& OptionalFloat32();
  static const SchemaPtr& OptionalFloat64();
  static const SchemaPtr& OptionalBoolean();
  static const SchemaPtr& OptionalString();
  static const SchemaPtr& OptionalBytes();

 private:
  friend class SchemaBuilder;
  Schema() = default;

  SchemaType type_ = SchemaType::kString;
  bool optional_ = false;
  Value default_;
  std::optional<std::string> name_;
  std::optional<int32_t> version_;
  std::optional<std::string> doc_;
  std::vector<std::pair<std::string, std::string>> parameters_;
  SchemaPtr key_schema_;
  SchemaPtr value_schema_;
  std::vector<Field> fields_;
};

// Fluent builder, as Java's SchemaBuilder. Each setter may be called once
// (a second call throws SchemaBuilderException-like DataException, as Java).
// Build() validates the default against the schema.
class SchemaBuilder {
 public:
  explicit SchemaBuilder(SchemaType type);

  static SchemaBuilder Int8() { return SchemaBuilder(SchemaType::kInt8); }
  static SchemaBuilder Int16() { return SchemaBuilder(SchemaType::kInt16); }
  static SchemaBuilder Int32() { return SchemaBuilder(SchemaType::kInt32); }
  static SchemaBuilder Int64() { return SchemaBuilder(SchemaType::kInt64); }
  static SchemaBuilder Float32() { return SchemaBuilder(SchemaType::kFloat32); }
  static SchemaBuilder Float64() { return SchemaBuilder(SchemaType::kFloat64); }
  static SchemaBuilder Bool() { return SchemaBuilder(SchemaType::kBoolean); }
  static SchemaBuilder String() { return SchemaBuilder(SchemaType::kString); }
  static SchemaBuilder BytesType() { return SchemaBuilder(SchemaType::kBytes); }
  static SchemaBuilder Struct() { return SchemaBuilder(SchemaType::kStruct); }
  static SchemaBuilder Array(SchemaPtr value_schema);
  static SchemaBuilder Map(SchemaPtr key_schema, SchemaPtr value_schema);

  SchemaBuilder& Optional();
  SchemaBuilder& Required();
  SchemaBuilder& DefaultValue(Value value);
  SchemaBuilder& Name(std::string name);
  SchemaBuilder& Version(int32_t version);
  SchemaBuilder& Doc(std::string doc);
  SchemaBuilder& Parameter(std::string key, std::string value);
  // STRUCT only; throws DataException on a duplicate name ("Cannot create field
  // because of field name duplication <name>").
  SchemaBuilder& Field(std::string name, SchemaPtr schema);

  SchemaPtr Build() const;

 private:
  std::shared_ptr<Schema> schema_;
  bool optional_set_ = false, default_set_ = false, name_set_ = false, version_set_ = false,
       doc_set_ = false;
};

// Logical types. Each has the Java logical name, a builder and a ready schema.
namespace logical {
inline constexpr const char* kDecimalName = "org.apache.kafka.connect.data.Decimal";
inline constexpr const char* kDecimalScaleParam = "scale";
inline constexpr const char* kDateName = "org.apache.kafka.connect.data.Date";
inline constexpr const char* kTimeName = "org.apache.kafka.connect.data.Time";
inline constexpr const char* kTimestampName = "org.apache.kafka.connect.data.Timestamp";

// BYTES, name Decimal, version 1, parameter scale=<scale>.
SchemaBuilder DecimalBuilder(int32_t scale);
SchemaPtr DecimalSchema(int32_t scale);
// INT32 days since epoch.
SchemaBuilder DateBuilder();
SchemaPtr DateSchema();
// INT32 millis since midnight.
SchemaBuilder TimeBuilder();
SchemaPtr TimeSchema();
// INT64 epoch millis.
SchemaBuilder TimestampBuilder();
SchemaPtr TimestampSchema();
}  // namespace logical

// A schema and a value, as returned by Converter::ToConnectData.
struct SchemaAndValue {
  SchemaPtr schema;
  Value value;
};

}  // namespace kconnect
#pragma GCC visibility pop
