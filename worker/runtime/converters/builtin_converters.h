#pragma once
// The converters built into the worker, exposed to the plugin registry under
// their Java class names so that configs written for a Java worker
// (key.converter=org.apache.kafka.connect.json.JsonConverter, ...) work as is.
// Thread-safe: the list is built once and never changes.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "kconnect/converter.h"

namespace kconnect::worker::runtime {

// The Kafka version whose converter behaviour the built-ins mirror; reported
// as the plugins' version.
inline constexpr char kBuiltinPluginVersion[] = "3.9.0";

struct BuiltinConverter {
  std::string class_name;    // Java fully-qualified class name
  bool is_converter;         // usable as key/value converter
  bool is_header_converter;  // usable as header.converter
  // Each call returns a new, unconfigured instance. Null when the matching
  // is_* flag is false.
  std::function<std::unique_ptr<Converter>()> new_converter;
  std::function<std::unique_ptr<HeaderConverter>()> new_header_converter;
};

// JsonConverter, StringConverter, ByteArrayConverter, the Short/Integer/Long/
// Float/Double/Boolean converters and SimpleHeaderConverter, in that order.
const std::vector<BuiltinConverter>& BuiltinConverters();

}  // namespace kconnect::worker::runtime
