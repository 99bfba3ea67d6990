#include "connectors/file/log.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>

namespace kconnect::file {

void Log(LogLevel level, const char* component, const std::string& message) {
  const auto now = std::chrono::system_clock::now();
  const std::time_t secs = std::chrono::system_clock::to_time_t(now);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  localtime_r(&secs, &tm);
  char stamp[64];
  std::snprintf(stamp, sizeof(stamp), "[%04d-%02d-%02d %02d:%02d:%02d,%03d]", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(millis));
  const char* level_name = level == LogLevel::kInfo   ? "INFO"
                           : level == LogLevel::kWarn ? "WARN"
                                                      : "ERROR";
  std::string line =
      std::string(stamp) + " " + level_name + " " + message + " (" + component + ")\n";
  // A single write keeps the line whole; a failure to log is not worth failing over.
  const ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
  (void)ignored;
}

}  // namespace kconnect::file
