#pragma once
// Small pieces shared by the built-in converters: the `converter.type` key
// every Java converter config has (ConverterConfig), and the Java class names
// that Java's error messages print for a value (`value.getClass()`).
// All functions are pure and thread-safe.

#include <string>

#include "kconnect/config_def.h"
#include "kconnect/data/value.h"

namespace kconnect::worker::runtime {

// ConverterConfig.TYPE_CONFIG: "key", "value" or "header".
inline constexpr char kConverterTypeConfig[] = "converter.type";

// A ConfigDef holding only `converter.type` (ConverterConfig.newConfigDef):
// required, one of key/value/header. Converter configs extend it.
ConfigDef NewConverterConfigDef();

// `configs` with `converter.type` set as Java's Converter.configure(map, isKey)
// does: forced to "key"/"value" for key/value converters.
Props WithConverterType(const Props& configs, bool is_key);

// `configs` for HeaderConverter::Configure: Java's worker always passes
// `converter.type=header`; the C++ worker may not, so it is filled in when absent.
Props WithHeaderConverterType(const Props& configs);

// The Java class a value of this alternative would have, as `Class.getName()`
// prints it: "java.lang.Integer", "[B", "org.apache.kafka.connect.data.Struct".
// "null" for a null value.
const char* JavaClassName(const Value& value);

// "class " + JavaClassName(value): what Java prints for `value.getClass()`.
std::string JavaClassDescription(const Value& value);

}  // namespace kconnect::worker::runtime
