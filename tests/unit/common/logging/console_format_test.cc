// ConnectConsoleFormatter (common/logging): Kafka Connect's console layout,
// "[date] LEVEL message (logger)", with log4j's level names.

#include "common/logging/console_format.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <regex>
#include <sstream>

#include "common/logging/logger_registry.h"

namespace kconnect::common::logging {
namespace {

class ConsoleFormatTest : public ::testing::Test {
 protected:
  ConsoleFormatTest()
      : sink_(std::make_shared<spdlog::sinks::ostream_sink_st>(out_)),
        root_(std::make_shared<spdlog::logger>("", sink_)) {
    sink_->set_formatter(ConnectConsoleFormatter());
    root_->set_level(spdlog::level::trace);
  }

  // What reached the sink since the last call, each line's timestamp checked
  // for its layout (log4j's ISO8601: comma before the milliseconds) and
  // replaced by "[T]".
  std::string Output() {
    static const std::regex stamp(
        R"(\[[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2},[0-9]{3}\])");
    std::string text = std::regex_replace(out_.str(), stamp, "[T]");
    out_.str("");
    return text;
  }

  std::ostringstream out_;
  std::shared_ptr<spdlog::sinks::ostream_sink_st> sink_;
  std::shared_ptr<spdlog::logger> root_;
};

TEST_F(ConsoleFormatTest, ANamedLoggersLineEndsWithItsName) {
  LoggerRegistry registry(root_);
  registry.Logger("kconnect.worker.herder").info("Created connector {}", "local-file-source");
  EXPECT_EQ(Output(), "[T] INFO Created connector local-file-source (kconnect.worker.herder)\n");
}

TEST_F(ConsoleFormatTest, TheUnnamedLoggersLineEndsWithTheMessage) {
  root_->warn("careful");
  EXPECT_EQ(Output(), "[T] WARN careful\n");
}

TEST_F(ConsoleFormatTest, LevelsHaveLog4jNames) {
  root_->trace("t");
  root_->debug("d");
  root_->error("e");
  root_->critical("c");
  EXPECT_EQ(Output(), "[T] TRACE t\n[T] DEBUG d\n[T] ERROR e\n[T] FATAL c\n");
}

}  // namespace
}  // namespace kconnect::common::logging
