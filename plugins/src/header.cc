#include "kconnect/header.h"

#include <algorithm>
#include <string>

#include "kconnect/errors.h"

namespace kconnect {

Headers& Headers::Add(std::string key, Value value, SchemaPtr schema) {
  // ConnectHeaders.checkSchemaMatches: a header with a schema must carry a
  // value that fits it.
  if (schema) {
    try {
      Schema::ValidateValue(schema, value);
    } catch (const DataException& e) {
      throw DataException("The value " + value.ToJavaString() + " is not valid for the schema " +
                          schema->ToString() + ": " + e.what());
    }
  }
  headers_.push_back(Header{std::move(key), std::move(schema), std::move(value)});
  return *this;
}

Headers& Headers::AddString(std::string key, std::string value) {
  return Add(std::move(key), Value(std::move(value)), Schema::String());
}

const Header* Headers::LastWithName(const std::string& key) const {
  for (auto it = headers_.rbegin(); it != headers_.rend(); ++it) {
    if (it->key == key) return &*it;
  }
  return nullptr;
}

std::vector<const Header*> Headers::AllWithName(const std::string& key) const {
  std::vector<const Header*> out;
  for (const Header& h : headers_) {
    if (h.key == key) out.push_back(&h);
  }
  return out;
}

Headers& Headers::Remove(const std::string& key) {
  std::erase_if(headers_, [&key](const Header& h) { return h.key == key; });
  return *this;
}

}  // namespace kconnect
