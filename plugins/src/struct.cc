#include "kconnect/data/struct.h"

#include <string>

#include "kconnect/errors.h"

namespace kconnect {

Struct::Struct(SchemaPtr schema) : schema_(std::move(schema)) {
  if (!schema_ || schema_->Type() != SchemaType::kStruct) {
    throw DataException("Not a struct schema: " +
                        (schema_ ? schema_->ToString() : std::string("null")));
  }
  values_.resize(schema_->Fields().size());
}

const Field& Struct::LookupField(const std::string& name) const {
  const Field* field = schema_->FieldByName(name);
  if (field == nullptr) throw DataException(name + " is not a valid field name");
  return *field;
}

Struct& Struct::Put(const std::string& field_name, Value value) {
  return Put(LookupField(field_name), std::move(value));
}

Struct& Struct::Put(const Field& field, Value value) {
  // Java indexes by field.index() blindly; a Field from another schema could
  // then write the wrong slot, so it is checked against this struct's schema.
  const auto index = static_cast<size_t>(field.index);
  if (field.index < 0 || index >= values_.size() || schema_->Fields()[index].name != field.name) {
    throw DataException(field.name + " is not a valid field name");
  }
  Schema::ValidateValue(field.schema, value, field.name);
  values_[index] = std::move(value);
  return *this;
}

const Value& Struct::Get(const std::string& field_name) const {
  return Get(LookupField(field_name));
}

const Value& Struct::Get(const Field& field) const {
  const Value& value = GetWithoutDefault(field);
  if (value.IsNull() && field.schema) return field.schema->DefaultValue();
  return value;
}

const Value& Struct::GetWithoutDefault(const std::string& field_name) const {
  return GetWithoutDefault(LookupField(field_name));
}

const Value& Struct::GetWithoutDefault(const Field& field) const {
  const auto index = static_cast<size_t>(field.index);
  if (field.index < 0 || index >= values_.size() || schema_->Fields()[index].name != field.name) {
    throw DataException(field.name + " is not a valid field name");
  }
  return values_[index];
}

void Struct::Validate() const {
  for (const Field& field : schema_->Fields()) {
    const Value& value = values_[static_cast<size_t>(field.index)];
    if (value.IsNull() && (field.schema->IsOptional() || !field.schema->DefaultValue().IsNull())) {
      continue;
    }
    Schema::ValidateValue(field.schema, value, field.name);
  }
}

std::string Struct::ToString() const {
  std::string out = "Struct{";
  bool first = true;
  const auto& fields = schema_->Fields();
  for (size_t i = 0; i < values_.size(); ++i) {
    if (values_[i].IsNull()) continue;
    if (!first) out += ',';
    first = false;
    out += fields[i].name;
    out += '=';
    out += values_[i].ToJavaString();
  }
  return out + "}";
}

// Friends declared in the class do not pick up the header's visibility
// pragma; the attribute exports them.
__attribute__((visibility("default"))) bool operator==(const Struct& a, const Struct& b) {
  if (&a == &b) return true;
  const bool schemas_equal =
      a.schema_ == b.schema_ || (a.schema_ && b.schema_ && *a.schema_ == *b.schema_);
  return schemas_equal && a.values_ == b.values_;
}

}  // namespace kconnect
