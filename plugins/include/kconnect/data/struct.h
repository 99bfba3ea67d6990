#pragma once
// Struct: a value of a STRUCT schema (org.apache.kafka.connect.data.Struct).
// Not thread-safe for concurrent mutation; values are usually built once by a
// connector and then only read.

#include <string>
#include <vector>

#include "kconnect/data/schema.h"
#include "kconnect/data/value.h"

// SDK types keep default visibility even when the including code is built with
// -fvisibility=hidden: the SDK library exports them, and plugins and the worker
// share one identity for their type_info (exceptions, dynamic_cast).
#pragma GCC visibility push(default)
namespace kconnect {

class Struct {
 public:
  // REQUIRES: schema->Type() == SchemaType::kStruct; otherwise throws DataException
  // "Not a struct schema: <schema>".
  explicit Struct(SchemaPtr schema);

  const SchemaPtr& GetSchema() const { return schema_; }

  // Sets a field after validating the value against the field's schema; throws
  // DataException for an unknown field ("<name> is not a valid field name") or a
  // value of the wrong type. Returns *this for chaining.
  Struct& Put(const std::string& field_name, Value value);
  Struct& Put(const Field& field, Value value);

  // The field's value, or its schema default when unset/null (Struct.get).
  const Value& Get(const std::string& field_name) const;
  const Value& Get(const Field& field) const;
  // The raw value, without falling back to the default (getWithoutDefault).
  const Value& GetWithoutDefault(const std::string& field_name) const;
  const Value& GetWithoutDefault(const Field& field) const;

  // Checks that every required field without default has a value: throws
  // DataException otherwise (Struct.validate).
  void Validate() const;

  // Java Struct.toString: "Struct{f1=v1,f2=v2}", null fields omitted.
  std::string ToString() const;

  friend bool operator==(const Struct& a, const Struct& b);

 private:
  const Field& LookupField(const std::string& name) const;
  SchemaPtr schema_;
  std::vector<Value> values_;
};

// Convenience: makes a shared Struct for use as a Value.
inline std::shared_ptr<Struct> MakeStruct(SchemaPtr schema) {
  return std::make_shared<Struct>(std::move(schema));
}

}  // namespace kconnect
#pragma GCC visibility pop
