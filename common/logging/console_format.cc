#include "common/logging/console_format.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/spdlog.h>

#include <string_view>

#include "common/logging/logger_registry.h"

namespace kconnect::common::logging {

namespace {

void Append(std::string_view text, spdlog::memory_buf_t& dest) {
  dest.append(text.data(), text.data() + text.size());
}

class Log4jLevelFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    Append(LogLevelName(FromSpdlogLevel(msg.level)), dest);
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<Log4jLevelFlag>();
  }
};

// " (name)", or nothing for a logger without a name.
class LoggerNameSuffixFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    if (msg.logger_name.size() == 0) return;
    Append(" (", dest);
    Append(std::string_view(msg.logger_name.data(), msg.logger_name.size()), dest);
    Append(")", dest);
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<LoggerNameSuffixFlag>();
  }
};

}  // namespace

std::unique_ptr<spdlog::formatter> ConnectConsoleFormatter() {
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<Log4jLevelFlag>('*').add_flag<LoggerNameSuffixFlag>('&');
  formatter->set_pattern("[%Y-%m-%d %H:%M:%S,%e] %^%*%$ %v%&");
  return formatter;
}

void UseConnectConsoleFormat() { spdlog::set_formatter(ConnectConsoleFormatter()); }

}  // namespace kconnect::common::logging
