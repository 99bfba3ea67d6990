#pragma once
// Minimal logging for the FileStream connectors. The SDK has no logging API and
// plugins may depend on the SDK only, so warnings go to standard error, one
// write(2) per message so that lines from concurrent tasks do not interleave.

#include <string>

namespace kconnect::file {

enum class LogLevel { kInfo, kWarn, kError };

// Writes "<ISO-8601 UTC time> <LEVEL> <component>: <message>\n" to stderr.
// Thread-safe.
void Log(LogLevel level, const char* component, const std::string& message);

}  // namespace kconnect::file
