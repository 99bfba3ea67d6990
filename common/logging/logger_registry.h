#pragma once
// Named, hierarchical loggers over spdlog whose levels can be changed while
// the process runs (Java: log4j's logger repository as Connect's `Loggers`
// class drives it for the /admin/loggers endpoints, KIP-495 and KIP-976).
// See README.md for the names kconnect's modules log under.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <spdlog/logger.h>

namespace kconnect::common::logging {

// log4j's levels: the REST API accepts and reports these names.
enum class LogLevel { kAll, kTrace, kDebug, kInfo, kWarn, kError, kFatal, kOff };

// A log4j level name in any case ("debug", "Warn"); nullopt for anything else.
std::optional<LogLevel> ParseLogLevel(std::string_view name);
// "ALL", "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "OFF".
const char* LogLevelName(LogLevel level);
// What spdlog filters with: ALL and TRACE are trace, FATAL is critical.
spdlog::level::level_enum ToSpdlogLevel(LogLevel level);
// The log4j level of an spdlog level: trace is TRACE rather than ALL (both
// filter alike, and TRACE is what log4j would report), critical is FATAL.
LogLevel FromSpdlogLevel(spdlog::level::level_enum level);

// A logger's level as GET /admin/loggers reports it (E/LoggerLevel).
struct LoggerLevel {
  std::string level;  // a LogLevelName
  // When the level was last changed through the registry (epoch ms); nullopt
  // if it never was.
  std::optional<int64_t> last_modified;
  bool operator==(const LoggerLevel&) const = default;
};

// The loggers of one process. A logger name is dot-separated ("a.b.c" is a
// descendant of "a.b" and "a"); "root" (any case) is the root logger, which
// always exists. A logger exists once code asked for it (Logger()) or a level
// was set on its name; a logger without a level of its own takes the level of
// its nearest ancestor that has one, else the root's.
//
// Output: every named logger is an spdlog logger that writes to the root
// logger's sinks (looked up at each message, so a root whose sinks or pattern
// change later is followed) and filters by its own effective level; the root
// level is the root logger's spdlog level. A level change reaches the
// affected spdlog loggers before SetLevel returns.
//
// Thread-safe: a mutex guards the tree; logging through a logger takes no
// lock of the registry. Loggers are never removed, so references returned by
// Logger() stay valid for the registry's lifetime.
class LoggerRegistry {
 public:
  using Clock = std::function<int64_t()>;  // epoch ms

  // The process-wide registry, rooted at spdlog's default logger, with the
  // module loggers of README.md already created.
  static LoggerRegistry& Global();

  // `root`: the logger that is the root; nullptr means spdlog's default
  // logger, whichever it is when a message is written. The root level starts
  // as that logger's current level. `clock` stamps last_modified.
  explicit LoggerRegistry(std::shared_ptr<spdlog::logger> root = nullptr, Clock clock = nullptr);
  ~LoggerRegistry();
  LoggerRegistry(const LoggerRegistry&) = delete;
  LoggerRegistry& operator=(const LoggerRegistry&) = delete;

  // The logger `name`, created on first use. REQUIRES: `name` is not empty
  // and not "root" in any case.
  spdlog::logger& Logger(const std::string& name);

  // R-LOGGERS: every logger with a level of its own, and root, by name.
  std::map<std::string, LoggerLevel> AllLevels() const;
  // R-LOGGER: the level of an existing logger (its own, else the inherited
  // one); nullopt if no logger of that name exists.
  std::optional<LoggerLevel> GetLevel(const std::string& name) const;
  // R-SETLOGGER: sets `level` on the logger `ns` (created if new) and on every
  // existing descendant of it (on every logger for root), and returns their
  // names, sorted. Each is compared with the level it had before the call: one
  // already at `level` (its own or inherited) is left as it was, last_modified
  // included; every other one gets `level` as its own and last_modified = now.
  std::vector<std::string> SetLevel(const std::string& ns, LogLevel level);

  static bool IsRootName(std::string_view name);

 private:
  struct Entry {
    std::optional<LogLevel> level;  // nullopt: inherited
    std::optional<int64_t> last_modified;
    std::shared_ptr<spdlog::logger> logger;
  };

  // REQUIRES: mu_ held.
  LogLevel EffectiveLevel(const std::string& name) const;
  Entry& CreateLocked(const std::string& name);
  void ApplyLevelsLocked();
  spdlog::logger* RootLogger() const;

  const std::shared_ptr<spdlog::logger> root_;  // null: spdlog's default logger
  const Clock clock_;
  mutable std::mutex mu_;  // guards root_level_, root_modified_ and loggers_
  LogLevel root_level_;
  std::optional<int64_t> root_modified_;
  std::map<std::string, Entry> loggers_;
};

// A module's logger, resolved in the global registry on first use and cached:
//   inline constinit const NamedLogger kMyLog{"kconnect.my.module"};
//   kMyLog().info("...");
class NamedLogger {
 public:
  constexpr explicit NamedLogger(const char* name) : name_(name) {}
  const char* Name() const { return name_; }
  spdlog::logger& operator()() const {
    spdlog::logger* logger = logger_.load(std::memory_order_acquire);
    return logger != nullptr ? *logger : Resolve();
  }

 private:
  spdlog::logger& Resolve() const;

  const char* name_;
  mutable std::atomic<spdlog::logger*> logger_{nullptr};
};

// The loggers kconnect's own modules write through (README.md). They exist
// from the start in the global registry, so /admin/loggers finds them before
// they logged anything.
inline constinit const NamedLogger kBrokerLog{"kconnect.broker"};
inline constinit const NamedLogger kWorkerHerderLog{"kconnect.worker.herder"};
inline constinit const NamedLogger kWorkerRestLog{"kconnect.worker.rest"};
inline constinit const NamedLogger kWorkerRuntimeLog{"kconnect.worker.runtime"};

}  // namespace kconnect::common::logging
