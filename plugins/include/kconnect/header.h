#pragma once
// Record headers (org.apache.kafka.connect.header.Headers). Insertion-ordered;
// a key may repeat. Not thread-safe.

#include <string>
#include <vector>

#include "kconnect/data/schema.h"

// SDK types keep default visibility even when the including code is built with
// -fvisibility=hidden: the SDK library exports them, and plugins and the worker
// share one identity for their type_info (exceptions, dynamic_cast).
#pragma GCC visibility push(default)
namespace kconnect {

struct Header {
  std::string key;
  SchemaPtr schema;  // may be null (schemaless)
  Value value;
  friend bool operator==(const Header& a, const Header& b) {
    return a.key == b.key && a.value == b.value &&
           ((!a.schema && !b.schema) || (a.schema && b.schema && *a.schema == *b.schema));
  }
};

class Headers {
 public:
  Headers& Add(std::string key, Value value, SchemaPtr schema = nullptr);
  // Adds a UTF-8 string header with the STRING schema.
  Headers& AddString(std::string key, std::string value);
  // The last header with this key, or nullptr.
  const Header* LastWithName(const std::string& key) const;
  // All headers with this key, in order.
  std::vector<const Header*> AllWithName(const std::string& key) const;
  // Removes every header with this key.
  Headers& Remove(const std::string& key);
  Headers& Clear() {
    headers_.clear();
    return *this;
  }
  size_t Size() const { return headers_.size(); }
  bool Empty() const { return headers_.empty(); }
  // Range-for support: the names are fixed by the language.
  std::vector<Header>::const_iterator begin() const {  // NOLINT(readability-identifier-naming)
    return headers_.begin();
  }
  std::vector<Header>::const_iterator end() const {  // NOLINT(readability-identifier-naming)
    return headers_.end();
  }
  friend bool operator==(const Headers&, const Headers&) = default;

 private:
  std::vector<Header> headers_;
};

}  // namespace kconnect
#pragma GCC visibility pop
