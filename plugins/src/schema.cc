#include "kconnect/data/schema.h"

#include <algorithm>
#include <string>

#include "kconnect/data/struct.h"
#include "kconnect/errors.h"

namespace kconnect {
namespace {

bool SchemaPtrEquals(const SchemaPtr& a, const SchemaPtr& b) {
  if (a == b) return true;
  if (!a || !b) return false;
  return *a == *b;
}

// Java compares parameters as maps: order does not matter.
bool ParametersEqual(const std::vector<std::pair<std::string, std::string>>& a,
                     const std::vector<std::pair<std::string, std::string>>& b) {
  if (a.size() != b.size()) return false;
  auto sa = a;
  auto sb = b;
  std::sort(sa.begin(), sa.end());
  std::sort(sb.begin(), sb.end());
  return sa == sb;
}

// The C++ type names of Value alternatives, as shown in validation messages
// where Java prints value.getClass().
const char* ValueClassName(const Value& value) {
  struct Visitor {
    const char* operator()(std::monostate) const { return "null"; }
    const char* operator()(bool) const { return "bool"; }
    const char* operator()(int8_t) const { return "int8_t"; }
    const char* operator()(int16_t) const { return "int16_t"; }
    const char* operator()(int32_t) const { return "int32_t"; }
    const char* operator()(int64_t) const { return "int64_t"; }
    const char* operator()(float) const { return "float"; }
    const char* operator()(double) const { return "double"; }
    const char* operator()(const std::string&) const { return "std::string"; }
    const char* operator()(const Bytes&) const { return "kconnect::Bytes"; }
    const char* operator()(const Value::Array&) const { return "kconnect::Value::Array"; }
    const char* operator()(const Value::Map&) const { return "kconnect::Value::Map"; }
    const char* operator()(const Value::StructPtr&) const { return "kconnect::Struct"; }
    const char* operator()(const Decimal&) const { return "kconnect::Decimal"; }
    const char* operator()(const EpochMillis&) const { return "kconnect::EpochMillis"; }
  };
  return std::visit(Visitor{}, value.variant());
}

// ConnectSchema.expectedClassesFor: logical types by name first, then the
// schema type.
bool HasExpectedType(const Schema& schema, const Value& value) {
  if (const auto& name = schema.Name()) {
    if (*name == logical::kDecimalName) return value.Is<Decimal>();
    if (*name == logical::kDateName || *name == logical::kTimeName ||
        *name == logical::kTimestampName) {
      return value.Is<EpochMillis>();
    }
  }
  switch (schema.Type()) {
    case SchemaType::kInt8:
      return value.Is<int8_t>();
    case SchemaType::kInt16:
      return value.Is<int16_t>();
    case SchemaType::kInt32:
      return value.Is<int32_t>();
    case SchemaType::kInt64:
      return value.Is<int64_t>();
    case SchemaType::kFloat32:
      return value.Is<float>();
    case SchemaType::kFloat64:
      return value.Is<double>();
    case SchemaType::kBoolean:
      return value.Is<bool>();
    case SchemaType::kString:
      return value.Is<std::string>();
    case SchemaType::kBytes:
      return value.Is<Bytes>();
    case SchemaType::kArray:
      return value.Is<Value::Array>();
    case SchemaType::kMap:
      return value.Is<Value::Map>();
    case SchemaType::kStruct:
      return value.Is<Value::StructPtr>();
  }
  return false;
}

const SchemaPtr& AssertSchemaNotNull(const SchemaPtr& schema, const std::string& location) {
  if (!schema) throw DataException("No schema defined for " + location);
  return schema;
}

void ValidateAt(const Schema& schema, const Value& value, const std::string& location) {
  if (value.IsNull()) {
    if (!schema.IsOptional()) {
      throw DataException("Invalid value: null used for required " + location +
                          ", schema type: " + SchemaTypeEnumName(schema.Type()));
    }
    return;
  }
  if (!HasExpectedType(schema, value)) {
    std::string msg = "Invalid Java object for schema";
    if (schema.Name()) msg += " \"" + *schema.Name() + "\"";
    msg += std::string(" with type ") + SchemaTypeEnumName(schema.Type()) + ": " +
           ValueClassName(value) + " for " + location;
    throw DataException(msg);
  }
  switch (schema.Type()) {
    case SchemaType::kStruct: {
      const auto& s = value.As<Value::StructPtr>();
      if (!s->GetSchema() || !(*s->GetSchema() == schema)) {
        throw DataException("Struct schemas do not match.");
      }
      s->Validate();
      break;
    }
    case SchemaType::kArray: {
      const std::string entry_location = "element of array " + location;
      const SchemaPtr& element = AssertSchemaNotNull(schema.ValueSchema(), entry_location);
      for (const Value& entry : value.As<Value::Array>())
        ValidateAt(*element, entry, entry_location);
      break;
    }
    case SchemaType::kMap: {
      const std::string key_location = "key of map " + location;
      const std::string value_location = "value of map " + location;
      const SchemaPtr& key_schema = AssertSchemaNotNull(schema.KeySchema(), key_location);
      const SchemaPtr& value_schema = AssertSchemaNotNull(schema.ValueSchema(), value_location);
      for (const auto& [k, v] : value.As<Value::Map>()) {
        ValidateAt(*key_schema, k, key_location);
        ValidateAt(*value_schema, v, value_location);
      }
      break;
    }
    default:
      break;
  }
}

SchemaPtr MakePrimitive(SchemaType type, bool optional) {
  SchemaBuilder builder(type);
  if (optional) builder.Optional();
  return builder.Build();
}

// Builders are values in C++: a copied builder must not change the original,
// so the shared draft is cloned before the first write after a copy.
Schema& Draft(std::shared_ptr<Schema>& schema) {
  if (schema.use_count() > 1) schema = std::make_shared<Schema>(*schema);
  return *schema;
}

[[noreturn]] void ThrowAlreadySet(const char* field) {
  throw DataException(std::string("Invalid SchemaBuilder call: ") + field +
                      " has already been set.");
}

}  // namespace

const char* SchemaTypeName(SchemaType type) {
  switch (type) {
    case SchemaType::kInt8:
      return "int8";
    case SchemaType::kInt16:
      return "int16";
    case SchemaType::kInt32:
      return "int32";
    case SchemaType::kInt64:
      return "int64";
    case SchemaType::kFloat32:
      return "float32";
    case SchemaType::kFloat64:
      return "float64";
    case SchemaType::kBoolean:
      return "boolean";
    case SchemaType::kString:
      return "string";
    case SchemaType::kBytes:
      return "bytes";
    case SchemaType::kArray:
      return "array";
    case SchemaType::kMap:
      return "map";
    case SchemaType::kStruct:
      return "struct";
  }
  return "unknown";
}

const char* SchemaTypeEnumName(SchemaType type) {
  switch (type) {
    case SchemaType::kInt8:
      return "INT8";
    case SchemaType::kInt16:
      return "INT16";
    case SchemaType::kInt32:
      return "INT32";
    case SchemaType::kInt64:
      return "INT64";
    case SchemaType::kFloat32:
      return "FLOAT32";
    case SchemaType::kFloat64:
      return "FLOAT64";
    case SchemaType::kBoolean:
      return "BOOLEAN";
    case SchemaType::kString:
      return "STRING";
    case SchemaType::kBytes:
      return "BYTES";
    case SchemaType::kArray:
      return "ARRAY";
    case SchemaType::kMap:
      return "MAP";
    case SchemaType::kStruct:
      return "STRUCT";
  }
  return "UNKNOWN";
}

bool IsPrimitive(SchemaType type) {
  return type != SchemaType::kArray && type != SchemaType::kMap && type != SchemaType::kStruct;
}

// Friends declared in the class do not pick up the header's visibility
// pragma; the attribute exports them.
__attribute__((visibility("default"))) bool operator==(const Field& a, const Field& b) {
  return a.name == b.name && a.index == b.index && SchemaPtrEquals(a.schema, b.schema);
}

const std::string* Schema::Parameter(const std::string& key) const {
  for (const auto& [k, v] : parameters_) {
    if (k == key) return &v;
  }
  return nullptr;
}

const Field* Schema::FieldByName(const std::string& name) const {
  for (const auto& f : fields_) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

// Friends declared in the class do not pick up the header's visibility
// pragma; the attribute exports them.
__attribute__((visibility("default"))) bool operator==(const Schema& a, const Schema& b) {
  if (&a == &b) return true;
  return a.optional_ == b.optional_ && a.version_ == b.version_ && a.name_ == b.name_ &&
         a.doc_ == b.doc_ && a.type_ == b.type_ && a.default_ == b.default_ &&
         a.fields_ == b.fields_ && SchemaPtrEquals(a.key_schema_, b.key_schema_) &&
         SchemaPtrEquals(a.value_schema_, b.value_schema_) &&
         ParametersEqual(a.parameters_, b.parameters_);
}

void Schema::ValidateValue(const SchemaPtr& schema, const Value& value,
                           const std::string& field_name) {
  if (!schema) return;  // schemaless: anything goes
  ValidateAt(*schema, value, field_name.empty() ? "value" : "field: \"" + field_name + "\"");
}

std::string Schema::ToString() const {
  if (name_) return "Schema{" + *name_ + ":" + SchemaTypeEnumName(type_) + "}";
  return std::string("Schema{") + SchemaTypeEnumName(type_) + "}";
}

#define KCONNECT_PREDEFINED_SCHEMA_(Fn, type, optional)            \
  const SchemaPtr& Schema::Fn() {                                  \
    static const SchemaPtr schema = MakePrimitive(type, optional); \
    return schema;                                                 \
  }
KCONNECT_PREDEFINED_SCHEMA_(Int8, SchemaType::kInt8, false)
KCONNECT_PREDEFINED_SCHEMA_(Int16, SchemaType::kInt16, false)
KCONNECT_PREDEFINED_SCHEMA_(Int32, SchemaType::kInt32, false)
KCONNECT_PREDEFINED_SCHEMA_(Int64, SchemaType::kInt64, false)
KCONNECT_PREDEFINED_SCHEMA_(Float32, SchemaType::kFloat32, false)
KCONNECT_PREDEFINED_SCHEMA_(Float64, SchemaType::kFloat64, false)
KCONNECT_PREDEFINED_SCHEMA_(Boolean, SchemaType::kBoolean, false)
KCONNECT_PREDEFINED_SCHEMA_(String, SchemaType::kString, false)
KCONNECT_PREDEFINED_SCHEMA_(BytesSchema, SchemaType::kBytes, false)
KCONNECT_PREDEFINED_SCHEMA_(OptionalInt8, SchemaType::kInt8, true)
KCONNECT_PREDEFINED_SCHEMA_(OptionalInt16, SchemaType::kInt16, true)
KCONNECT_PREDEFINED_SCHEMA_(OptionalInt32, SchemaType::kInt32, true)
KCONNECT_PREDEFINED_SCHEMA_(OptionalInt64, SchemaType::kInt64, true)
KCONNECT_PREDEFINED_SCHEMA_(OptionalFloat32, SchemaType::kFloat32, true)
KCONNECT_PREDEFINED_SCHEMA_(OptionalFloat64, SchemaType::kFloat64, true)
KCONNECT_PREDEFINED_SCHEMA_(OptionalBoolean, SchemaType::kBoolean, true)
KCONNECT_PREDEFINED_SCHEMA_(OptionalString, SchemaType::kString, true)
KCONNECT_PREDEFINED_SCHEMA_(OptionalBytes, SchemaType::kBytes, true)
#undef KCONNECT_PREDEFINED_SCHEMA_

// ---------------------------------------------------------------------------
// SchemaBuilder

SchemaBuilder::SchemaBuilder(SchemaType type) : schema_(new Schema()) { schema_->type_ = type; }

SchemaBuilder SchemaBuilder::Array(SchemaPtr value_schema) {
  if (!value_schema) throw DataException("valueSchema cannot be null.");
  SchemaBuilder builder(SchemaType::kArray);
  builder.schema_->value_schema_ = std::move(value_schema);
  return builder;
}

SchemaBuilder SchemaBuilder::Map(SchemaPtr key_schema, SchemaPtr value_schema) {
  if (!key_schema) throw DataException("keySchema cannot be null.");
  if (!value_schema) throw DataException("valueSchema cannot be null.");
  SchemaBuilder builder(SchemaType::kMap);
  builder.schema_->key_schema_ = std::move(key_schema);
  builder.schema_->value_schema_ = std::move(value_schema);
  return builder;
}

// Java's checkCanSet compares the old and new value, so optional() twice is
// fine but optional() then required() is not.
SchemaBuilder& SchemaBuilder::Optional() {
  if (optional_set_ && !schema_->optional_) ThrowAlreadySet("optional");
  optional_set_ = true;
  Draft(schema_).optional_ = true;
  return *this;
}

SchemaBuilder& SchemaBuilder::Required() {
  if (optional_set_ && schema_->optional_) ThrowAlreadySet("optional");
  optional_set_ = true;
  Draft(schema_).optional_ = false;
  return *this;
}

SchemaBuilder& SchemaBuilder::DefaultValue(Value value) {
  if (default_set_) ThrowAlreadySet("default");
  try {
    ValidateAt(*schema_, value, "value");
  } catch (const DataException& e) {
    throw DataException(std::string("Invalid default value: ") + e.what());
  }
  Draft(schema_).default_ = std::move(value);
  default_set_ = true;
  return *this;
}

SchemaBuilder& SchemaBuilder::Name(std::string name) {
  if (name_set_) ThrowAlreadySet("name");
  Draft(schema_).name_ = std::move(name);
  name_set_ = true;
  return *this;
}

SchemaBuilder& SchemaBuilder::Version(int32_t version) {
  if (version_set_) ThrowAlreadySet("version");
  Draft(schema_).version_ = version;
  version_set_ = true;
  return *this;
}

SchemaBuilder& SchemaBuilder::Doc(std::string doc) {
  if (doc_set_) ThrowAlreadySet("doc");
  Draft(schema_).doc_ = std::move(doc);
  doc_set_ = true;
  return *this;
}

SchemaBuilder& SchemaBuilder::Parameter(std::string key, std::string value) {
  // LinkedHashMap.put: a repeated key keeps its position and takes the new value.
  for (auto& [k, v] : Draft(schema_).parameters_) {
    if (k == key) {
      v = std::move(value);
      return *this;
    }
  }
  Draft(schema_).parameters_.emplace_back(std::move(key), std::move(value));
  return *this;
}

SchemaBuilder& SchemaBuilder::Field(std::string name, SchemaPtr schema) {
  if (schema_->type_ != SchemaType::kStruct) {
    throw DataException(std::string("Cannot create fields on type ") +
                        SchemaTypeEnumName(schema_->type_));
  }
  if (name.empty()) throw DataException("fieldName cannot be null.");
  if (!schema) throw DataException("fieldSchema for field " + name + " cannot be null.");
  if (schema_->FieldByName(name) != nullptr) {
    throw DataException("Cannot create field because of field name duplication " + name);
  }
  const int index = static_cast<int>(schema_->fields_.size());
  Draft(schema_).fields_.push_back(kconnect::Field{std::move(name), index, std::move(schema)});
  return *this;
}

SchemaPtr SchemaBuilder::Build() const { return std::make_shared<const Schema>(*schema_); }

// ---------------------------------------------------------------------------
// Logical types

namespace logical {

SchemaBuilder DecimalBuilder(int32_t scale) {
  SchemaBuilder builder = SchemaBuilder::BytesType();
  builder.Name(kDecimalName).Parameter(kDecimalScaleParam, std::to_string(scale)).Version(1);
  return builder;
}

SchemaPtr DecimalSchema(int32_t scale) { return DecimalBuilder(scale).Build(); }

SchemaBuilder DateBuilder() {
  SchemaBuilder builder = SchemaBuilder::Int32();
  builder.Name(kDateName).Version(1);
  return builder;
}

SchemaPtr DateSchema() {
  static const SchemaPtr schema = DateBuilder().Build();
  return schema;
}

SchemaBuilder TimeBuilder() {
  SchemaBuilder builder = SchemaBuilder::Int32();
  builder.Name(kTimeName).Version(1);
  return builder;
}

SchemaPtr TimeSchema() {
  static const SchemaPtr schema = TimeBuilder().Build();
  return schema;
}

SchemaBuilder TimestampBuilder() {
  SchemaBuilder builder = SchemaBuilder::Int64();
  builder.Name(kTimestampName).Version(1);
  return builder;
}

SchemaPtr TimestampSchema() {
  static const SchemaPtr schema = TimestampBuilder().Build();
  return schema;
}

}  // namespace logical
}  // namespace kconnect
