#pragma once
// Converter and HeaderConverter (org.apache.kafka.connect.storage). A
// converter turns Connect data into the bytes of a Kafka key/value and back.
// Serialized data is carried in std::string (a byte container); nullopt is a
// Kafka null. Instances are used by one task thread at a time.

#include <optional>
#include <string>
#include <string_view>

#include "kconnect/config_def.h"
#include "kconnect/data/schema.h"
#include "kconnect/header.h"

// SDK types keep default visibility even when the including code is built with
// -fvisibility=hidden: the SDK library exports them, and plugins and the worker
// share one identity for their type_info (exceptions, dynamic_cast).
#pragma GCC visibility push(default)
namespace kconnect {

class Converter {
 public:
  virtual ~Converter() = default;
  // Called once with the converter's own configs (prefix stripped) before use.
  virtual void Configure(const Props& configs, bool is_key) = 0;
  // Throws DataException when the value cannot be serialised.
  virtual std::optional<std::string> FromConnectData(const std::string& topic,
                                                     const Headers* headers,
                                                     const SchemaPtr& schema,
                                                     const Value& value) = 0;
  // Throws DataException when the bytes cannot be parsed.
  virtual SchemaAndValue ToConnectData(const std::string& topic, const Headers* headers,
                                       std::optional<std::string_view> data) = 0;
  virtual const ConfigDef& Config() const;
};

class HeaderConverter {
 public:
  virtual ~HeaderConverter() = default;
  virtual void Configure(const Props& configs) = 0;
  virtual std::optional<std::string> FromConnectHeader(const std::string& topic,
                                                       const std::string& header_key,
                                                       const SchemaPtr& schema,
                                                       const Value& value) = 0;
  virtual SchemaAndValue ToConnectHeader(const std::string& topic, const std::string& header_key,
                                         std::optional<std::string_view> data) = 0;
  virtual const ConfigDef& Config() const;
};

}  // namespace kconnect
#pragma GCC visibility pop
