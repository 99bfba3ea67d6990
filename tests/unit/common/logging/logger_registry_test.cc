// LoggerRegistry (common/logging): log4j level names, the logger tree's
// inheritance, which loggers a namespace reaches, last_modified, and that
// levels really decide what reaches the root's sinks.

#include "common/logging/logger_registry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <sstream>

namespace kconnect::common::logging {
namespace {

using ::testing::ElementsAre;

class LoggerRegistryTest : public ::testing::Test {
 protected:
  LoggerRegistryTest()
      : sink_(std::make_shared<spdlog::sinks::ostream_sink_st>(out_)),
        root_(std::make_shared<spdlog::logger>("test-root", sink_)),
        registry_(root_, [this] { return now_; }) {
    sink_->set_pattern("%n %l %v");
  }

  // What reached the root's sink since the last call.
  std::string Output() {
    std::string text = out_.str();
    out_.str("");
    return text;
  }
  LoggerLevel Level(const std::string& name) { return registry_.GetLevel(name).value(); }

  std::ostringstream out_;
  std::shared_ptr<spdlog::sinks::ostream_sink_st> sink_;
  std::shared_ptr<spdlog::logger> root_;
  int64_t now_ = 1000;
  LoggerRegistry registry_;
};

TEST(LogLevelTest, ParsesLog4jNamesInAnyCaseOnly) {
  EXPECT_EQ(ParseLogLevel("DEBUG"), LogLevel::kDebug);
  EXPECT_EQ(ParseLogLevel("debug"), LogLevel::kDebug);
  EXPECT_EQ(ParseLogLevel("Fatal"), LogLevel::kFatal);
  EXPECT_EQ(ParseLogLevel("all"), LogLevel::kAll);
  EXPECT_EQ(ParseLogLevel("off"), LogLevel::kOff);
  EXPECT_EQ(ParseLogLevel("WARNING"), std::nullopt);
  EXPECT_EQ(ParseLogLevel("critical"), std::nullopt);  // spdlog's word, not log4j's
  EXPECT_EQ(ParseLogLevel(" INFO"), std::nullopt);
  EXPECT_EQ(ParseLogLevel(""), std::nullopt);
  EXPECT_STREQ(LogLevelName(LogLevel::kWarn), "WARN");
  EXPECT_EQ(ToSpdlogLevel(LogLevel::kAll), spdlog::level::trace);
  EXPECT_EQ(ToSpdlogLevel(LogLevel::kFatal), spdlog::level::critical);
  EXPECT_EQ(ToSpdlogLevel(LogLevel::kOff), spdlog::level::off);
}

TEST_F(LoggerRegistryTest, RootIsAlwaysListedAndStartsAtTheRootLoggersLevel) {
  EXPECT_EQ(registry_.AllLevels(),
            (std::map<std::string, LoggerLevel>{{"root", {"INFO", std::nullopt}}}));
  auto warn_root = std::make_shared<spdlog::logger>("warn-root");
  warn_root->set_level(spdlog::level::warn);
  LoggerRegistry other(warn_root);
  EXPECT_EQ(other.GetLevel("root")->level, "WARN");
}

TEST_F(LoggerRegistryTest, GetFindsExistingLoggersOnlyAndRootInAnyCase) {
  EXPECT_EQ(registry_.GetLevel("a.b"), std::nullopt);
  registry_.Logger("a.b");
  EXPECT_EQ(Level("a.b"), (LoggerLevel{"INFO", std::nullopt}));
  // An ancestor of an existing logger is not itself a logger.
  EXPECT_EQ(registry_.GetLevel("a"), std::nullopt);
  EXPECT_EQ(Level("ROOT"), Level("root"));
  EXPECT_EQ(Level("Root").level, "INFO");
  // Created loggers without a level of their own are not listed.
  EXPECT_EQ(registry_.AllLevels().size(), 1u);
}

TEST_F(LoggerRegistryTest, ALoggerInheritsFromItsNearestAncestorWithALevel) {
  registry_.SetLevel("a", LogLevel::kError);
  registry_.Logger("a.b.c.d");  // created after: it inherits
  EXPECT_EQ(Level("a.b.c.d"), (LoggerLevel{"ERROR", std::nullopt}));
  registry_.SetLevel("a.b.c", LogLevel::kDebug);  // its level changes: now its own
  EXPECT_EQ(Level("a.b.c.d"), (LoggerLevel{"DEBUG", 1000}));
  registry_.Logger("a.b.c.e");
  EXPECT_EQ(Level("a.b.c.e"), (LoggerLevel{"DEBUG", std::nullopt}));
  registry_.Logger("a.x");
  EXPECT_EQ(Level("a.x").level, "ERROR");
  EXPECT_EQ(Level("a").level, "ERROR");
  // Without any set ancestor: root's, followed as root changes.
  registry_.Logger("x.y");
  EXPECT_EQ(Level("x.y").level, "INFO");
  registry_.Logger("q");
  registry_.SetLevel("root", LogLevel::kWarn);
  registry_.Logger("x.z");
  EXPECT_EQ(Level("x.z"), (LoggerLevel{"WARN", std::nullopt}));
}

TEST_F(LoggerRegistryTest, SetReachesTheNamespaceAndItsExistingDescendantsSorted) {
  registry_.Logger("kc.worker.rest");
  registry_.Logger("kc.worker.runtime");
  registry_.Logger("kc.workerx");  // shares a prefix, not a segment
  registry_.Logger("kc.broker");
  EXPECT_THAT(registry_.SetLevel("kc.worker", LogLevel::kDebug),
              ElementsAre("kc.worker", "kc.worker.rest", "kc.worker.runtime"));
  EXPECT_EQ(Level("kc.worker.rest").level, "DEBUG");
  EXPECT_EQ(Level("kc.workerx").level, "INFO");
  EXPECT_EQ(Level("kc.broker").level, "INFO");
  // The namespace did not exist: now it does, with its level listed.
  EXPECT_EQ(Level("kc.worker"), (LoggerLevel{"DEBUG", 1000}));
  // A never-seen name is created even without descendants.
  EXPECT_THAT(registry_.SetLevel("brand.new", LogLevel::kTrace), ElementsAre("brand.new"));
  EXPECT_EQ(Level("brand.new").level, "TRACE");
}

TEST_F(LoggerRegistryTest, LastModifiedMovesOnlyWhenTheLevelChanges) {
  registry_.Logger("a.b");
  registry_.Logger("a.c");
  registry_.SetLevel("a.c", LogLevel::kError);  // at 1000
  now_ = 2000;
  EXPECT_THAT(registry_.SetLevel("a", LogLevel::kError), ElementsAre("a", "a.b", "a.c"));
  EXPECT_EQ(Level("a"), (LoggerLevel{"ERROR", 2000}));
  // Already ERROR on its own: untouched.
  EXPECT_EQ(Level("a.c"), (LoggerLevel{"ERROR", 1000}));
  // It was INFO (inherited from root): ERROR of its own now, and listed.
  EXPECT_EQ(Level("a.b"), (LoggerLevel{"ERROR", 2000}));
  EXPECT_EQ(registry_.AllLevels().count("a.b"), 1u);
  // A descendant inheriting the new level already is left inheriting.
  registry_.Logger("a.d");
  now_ = 2500;
  registry_.SetLevel("a", LogLevel::kError);
  EXPECT_EQ(Level("a.d"), (LoggerLevel{"ERROR", std::nullopt}));

  now_ = 3000;
  registry_.SetLevel("a", LogLevel::kError);  // same level again
  EXPECT_EQ(Level("a").last_modified, 2000);
  // ALL and TRACE filter alike but are different log4j levels.
  registry_.SetLevel("a", LogLevel::kAll);
  EXPECT_EQ(Level("a"), (LoggerLevel{"ALL", 3000}));
  now_ = 4000;
  registry_.SetLevel("a", LogLevel::kTrace);
  EXPECT_EQ(Level("a"), (LoggerLevel{"TRACE", 4000}));
}

TEST_F(LoggerRegistryTest, SettingRootReachesEveryLoggerAndTheRootLogger) {
  registry_.Logger("a.b");
  registry_.SetLevel("x", LogLevel::kError);
  now_ = 5000;
  EXPECT_THAT(registry_.SetLevel("Root", LogLevel::kDebug), ElementsAre("a.b", "root", "x"));
  EXPECT_EQ(Level("root"), (LoggerLevel{"DEBUG", 5000}));
  EXPECT_EQ(Level("x"), (LoggerLevel{"DEBUG", 5000}));
  EXPECT_EQ(Level("a.b"), (LoggerLevel{"DEBUG", 5000}));
  EXPECT_EQ(root_->level(), spdlog::level::debug);
  EXPECT_EQ(registry_.AllLevels(),
            (std::map<std::string, LoggerLevel>{
                {"a.b", {"DEBUG", 5000}}, {"root", {"DEBUG", 5000}}, {"x", {"DEBUG", 5000}}}));
}

TEST_F(LoggerRegistryTest, LevelsDecideWhatReachesTheRootsSinks) {
  spdlog::logger& rest = registry_.Logger("kc.rest");
  spdlog::logger& herder = registry_.Logger("kc.herder");
  rest.info("hello");
  rest.debug("hidden");
  EXPECT_EQ(Output(), "kc.rest info hello\n");

  registry_.SetLevel("kc.rest", LogLevel::kWarn);
  rest.info("dropped");
  rest.warn("kept");
  herder.info("unaffected");
  EXPECT_EQ(Output(), "kc.rest warning kept\nkc.herder info unaffected\n");

  // A named logger set below the root's level still writes: the root's own
  // level filters only what is logged to the root.
  registry_.SetLevel("root", LogLevel::kError);
  registry_.SetLevel("kc.herder", LogLevel::kDebug);
  root_->info("root info");
  herder.debug("herder debug");
  rest.warn("rest warn");  // setting root set it to ERROR too
  rest.error("rest error");
  EXPECT_EQ(Output(), "kc.herder debug herder debug\nkc.rest error rest error\n");

  registry_.SetLevel("kc", LogLevel::kOff);
  herder.critical("silenced");
  EXPECT_EQ(Output(), "");
  registry_.SetLevel("kc.rest", LogLevel::kFatal);
  rest.error("no");
  rest.critical("fatal");
  EXPECT_EQ(Output(), "kc.rest critical fatal\n");
}

TEST_F(LoggerRegistryTest, SinksAddedToTheRootLaterAreWrittenToo) {
  spdlog::logger& named = registry_.Logger("kc.late");
  std::ostringstream later;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_st>(later);
  sink->set_pattern("%v");
  root_->sinks().push_back(sink);
  named.info("to both");
  EXPECT_EQ(later.str(), "to both\n");
  EXPECT_EQ(Output(), "kc.late info to both\n");
}

TEST(GlobalLoggerRegistryTest, ModuleLoggersExistFromTheStart) {
  LoggerRegistry& global = LoggerRegistry::Global();
  for (const char* name : {"kconnect.broker", "kconnect.worker.herder", "kconnect.worker.rest",
                           "kconnect.worker.runtime"}) {
    EXPECT_TRUE(global.GetLevel(name).has_value()) << name;
  }
  EXPECT_EQ(&kWorkerRestLog(), &global.Logger("kconnect.worker.rest"));
}

}  // namespace
}  // namespace kconnect::common::logging
