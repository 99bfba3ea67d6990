#include "common/logging/logger_registry.h"

#include <algorithm>
#include <cctype>
#include <chrono>

#include <spdlog/sinks/sink.h>
#include <spdlog/spdlog.h>

namespace kconnect::common::logging {
namespace {

struct LevelInfo {
  LogLevel level;
  const char* name;
  spdlog::level::level_enum spdlog_level;
};

constexpr LevelInfo kLevels[] = {
    {LogLevel::kAll, "ALL", spdlog::level::trace},
    {LogLevel::kTrace, "TRACE", spdlog::level::trace},
    {LogLevel::kDebug, "DEBUG", spdlog::level::debug},
    {LogLevel::kInfo, "INFO", spdlog::level::info},
    {LogLevel::kWarn, "WARN", spdlog::level::warn},
    {LogLevel::kError, "ERROR", spdlog::level::err},
    {LogLevel::kFatal, "FATAL", spdlog::level::critical},
    {LogLevel::kOff, "OFF", spdlog::level::off},
};

const LevelInfo& InfoOf(LogLevel level) {
  return kLevels[static_cast<size_t>(level)];
}

int64_t SystemNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool IsDescendant(const std::string& name, const std::string& ns) {
  return name.size() > ns.size() && name.compare(0, ns.size(), ns) == 0 && name[ns.size()] == '.';
}

// Writes a named logger's messages to the root logger's sinks, like a log4j
// logger whose appenders are its ancestors'. The root is looked up per
// message, so sinks added to it (or a new default logger) are followed. The
// named logger has already filtered by level; the root's own level does not
// apply, only each sink's.
class RootSink final : public spdlog::sinks::sink {
 public:
  explicit RootSink(std::shared_ptr<spdlog::logger> root) : root_(std::move(root)) {}

  void log(const spdlog::details::log_msg& msg) override {
    spdlog::logger* root = Root();
    if (root == nullptr) return;
    for (const auto& sink : root->sinks()) {
      if (sink->should_log(msg.level)) sink->log(msg);
    }
    if (msg.level >= root->flush_level() && msg.level != spdlog::level::off) flush();
  }
  void flush() override {
    spdlog::logger* root = Root();
    if (root == nullptr) return;
    for (const auto& sink : root->sinks()) sink->flush();
  }
  // The root's sinks format; this one has nothing to format.
  void set_pattern(const std::string&) override {}
  void set_formatter(std::unique_ptr<spdlog::formatter>) override {}

 private:
  spdlog::logger* Root() const { return root_ ? root_.get() : spdlog::default_logger_raw(); }

  const std::shared_ptr<spdlog::logger> root_;
};

}  // namespace

std::optional<LogLevel> ParseLogLevel(std::string_view name) {
  std::string upper(name);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  for (const LevelInfo& info : kLevels) {
    if (upper == info.name) return info.level;
  }
  return std::nullopt;
}

const char* LogLevelName(LogLevel level) { return InfoOf(level).name; }

spdlog::level::level_enum ToSpdlogLevel(LogLevel level) { return InfoOf(level).spdlog_level; }

LogLevel FromSpdlogLevel(spdlog::level::level_enum level) {
  for (const LevelInfo& info : kLevels) {
    if (info.spdlog_level == level && info.level != LogLevel::kAll) return info.level;
  }
  return LogLevel::kInfo;
}

bool LoggerRegistry::IsRootName(std::string_view name) {
  constexpr std::string_view kRoot = "root";
  return name.size() == kRoot.size() &&
         std::equal(name.begin(), name.end(), kRoot.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == b;
         });
}

LoggerRegistry& LoggerRegistry::Global() {
  static LoggerRegistry* const registry = [] {
    // Never destroyed: modules may log from static destructors.
    auto* r = new LoggerRegistry();
    for (const NamedLogger* module :
         {&kBrokerLog, &kWorkerHerderLog, &kWorkerRestLog, &kWorkerRuntimeLog}) {
      r->Logger(module->Name());
    }
    return r;
  }();
  return *registry;
}

LoggerRegistry::LoggerRegistry(std::shared_ptr<spdlog::logger> root, Clock clock)
    : root_(std::move(root)), clock_(clock ? std::move(clock) : Clock(SystemNowMs)) {
  spdlog::logger* r = RootLogger();
  root_level_ = r != nullptr ? FromSpdlogLevel(r->level()) : LogLevel::kInfo;
}

LoggerRegistry::~LoggerRegistry() = default;

spdlog::logger* LoggerRegistry::RootLogger() const {
  return root_ ? root_.get() : spdlog::default_logger_raw();
}

spdlog::logger& LoggerRegistry::Logger(const std::string& name) {
  std::lock_guard lock(mu_);
  return *CreateLocked(name).logger;
}

LoggerRegistry::Entry& LoggerRegistry::CreateLocked(const std::string& name) {
  auto [it, inserted] = loggers_.try_emplace(name);
  if (inserted) {
    // Not registered with spdlog's own registry: names are this registry's,
    // and spdlog::set_pattern reaches the output through the root's sinks.
    it->second.logger = std::make_shared<spdlog::logger>(name, std::make_shared<RootSink>(root_));
    it->second.logger->set_level(ToSpdlogLevel(EffectiveLevel(name)));
  }
  return it->second;
}

LogLevel LoggerRegistry::EffectiveLevel(const std::string& name) const {
  std::string ancestor = name;
  for (;;) {
    auto it = loggers_.find(ancestor);
    if (it != loggers_.end() && it->second.level) return *it->second.level;
    const size_t dot = ancestor.rfind('.');
    if (dot == std::string::npos) return root_level_;
    ancestor.resize(dot);
  }
}

void LoggerRegistry::ApplyLevelsLocked() {
  if (spdlog::logger* root = RootLogger()) root->set_level(ToSpdlogLevel(root_level_));
  for (auto& [name, entry] : loggers_) {
    entry.logger->set_level(ToSpdlogLevel(EffectiveLevel(name)));
  }
}

std::map<std::string, LoggerLevel> LoggerRegistry::AllLevels() const {
  std::lock_guard lock(mu_);
  std::map<std::string, LoggerLevel> out;
  for (const auto& [name, entry] : loggers_) {
    if (entry.level) out[name] = LoggerLevel{LogLevelName(*entry.level), entry.last_modified};
  }
  out["root"] = LoggerLevel{LogLevelName(root_level_), root_modified_};
  return out;
}

std::optional<LoggerLevel> LoggerRegistry::GetLevel(const std::string& name) const {
  std::lock_guard lock(mu_);
  if (IsRootName(name)) return LoggerLevel{LogLevelName(root_level_), root_modified_};
  auto it = loggers_.find(name);
  if (it == loggers_.end()) return std::nullopt;
  return LoggerLevel{LogLevelName(EffectiveLevel(name)), it->second.last_modified};
}

std::vector<std::string> LoggerRegistry::SetLevel(const std::string& ns, LogLevel level) {
  std::lock_guard lock(mu_);
  const int64_t now = clock_();
  const bool root = IsRootName(ns);
  if (!root) CreateLocked(ns);
  // Every target is compared with its level before this call, so a
  // descendant that inherited something else gets `level` (and a
  // last_modified) of its own even though its ancestor is set too.
  std::vector<Entry*> changed;
  std::vector<std::string> affected;
  for (auto& [name, entry] : loggers_) {
    if (!root && name != ns && !IsDescendant(name, ns)) continue;
    affected.push_back(name);
    if (EffectiveLevel(name) != level) changed.push_back(&entry);
  }
  for (Entry* entry : changed) {
    entry->level = level;
    entry->last_modified = now;
  }
  if (root) {
    affected.emplace_back("root");
    if (root_level_ != level) {
      root_level_ = level;
      root_modified_ = now;
    }
  }
  ApplyLevelsLocked();
  std::sort(affected.begin(), affected.end());
  return affected;
}

spdlog::logger& NamedLogger::Resolve() const {
  spdlog::logger& logger = LoggerRegistry::Global().Logger(name_);
  logger_.store(&logger, std::memory_order_release);
  return logger;
}

}  // namespace kconnect::common::logging
