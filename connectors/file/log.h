#pragma once
// Minimal logging for the FileStream connectors. The SDK has no logging API and
// plugins may depend on the SDK only, so warnings go to standard error, one
// write(2) per message so that lines from concurrent tasks do not interleave.

#include <string>

namespace kconnect::file {

enum class LogLevel { kInfo, kWarn, kError };

// Writes "[<local time>] <LEVEL> <message> (<component>)\n" to stderr, the
// layout the worker's own lines have (Kafka Connect's console layout), e.g.
// "[2026-12-03 16:36:46,317] WARN File test.txt was truncated ... (FileStreamSourceTask)".
// Thread-safe.
void Log(LogLevel level, const char* component, const std::string& message);

}  // namespace kconnect::file
