#pragma once
// LogManager: every partition log of the broker across `log.dirs`, and the
// registry of topics (name, partition count, config overrides) persisted in
// `<first log dir>/kconnect-topics.json` (FORMAT.md), which is the source of
// truth at start-up: partition directories it does not list are leftovers of
// an interrupted create/delete and are removed.
//
// Thread-safety: all methods may be called from any thread. mu_ (shared)
// guards the topic map; admin_mu_ serialises the topic-changing operations
// (create/delete/partitions/configs), which do their file work under it and
// publish under mu_. The Logs handed out are shared_ptrs: a deleted
// partition's Log answers UNKNOWN_TOPIC_OR_PARTITION to holders that still
// have it.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "broker/storage/log.h"
#include "broker/storage/log_config.h"
#include "broker/storage/storage_result.h"

namespace kconnect::broker::storage {

struct TopicInfo {
  std::string name;
  int32_t partitions = 0;
  ConfigMap configs;  // topic-level overrides only
};

struct LogManagerOptions {
  std::vector<std::string> log_dirs;  // at least one; created if absent
  LogConfig defaults;                 // broker-wide topic defaults
  int32_t default_partitions = 1;     // num.partitions, used for CreateTopic(-1)
  Clock clock;                        // default SystemClock()
  int64_t producer_id_expiration_ms = 24LL * 3600 * 1000;
};

class LogManager {
 public:
  static constexpr const char* kTopicsFile = "kconnect-topics.json";

  // Loads every topic and partition (recovering each log, see Log::Open).
  static Result<std::unique_ptr<LogManager>> Open(LogManagerOptions options);
  // Close()s every log.
  ~LogManager();
  LogManager(const LogManager&) = delete;
  LogManager& operator=(const LogManager&) = delete;

  // Creates a topic with `partitions` partitions (-1 = default_partitions) and
  // topic config overrides. Errors: INVALID_TOPIC_EXCEPTION (17) for a bad
  // name, TOPIC_ALREADY_EXISTS (36), INVALID_PARTITIONS (37), INVALID_CONFIG
  // (40), KAFKA_STORAGE_ERROR. `validate_only` checks without creating.
  Result<Ok> CreateTopic(const std::string& name, int32_t partitions, const ConfigMap& configs,
                         bool validate_only = false);
  // Removes the topic and the files of all its partitions.
  // UNKNOWN_TOPIC_OR_PARTITION (3) if absent.
  Result<Ok> DeleteTopic(const std::string& name);
  // Grows a topic to `total` partitions. INVALID_PARTITIONS if total <= current.
  Result<Ok> CreatePartitions(const std::string& name, int32_t total, bool validate_only = false);
  // Replaces all of a topic's overrides (AlterConfigs semantics: keys not
  // given revert to defaults) and applies them to its live logs.
  Result<Ok> AlterTopicConfig(const std::string& name, const ConfigMap& configs, bool validate_only = false);

  // The partition's log, or null if the topic/partition does not exist.
  std::shared_ptr<Log> GetLog(const std::string& topic, int32_t partition) const;
  std::optional<TopicInfo> GetTopic(const std::string& name) const;
  // All topics, sorted by name.
  std::vector<TopicInfo> ListTopics() const;
  // Broker defaults with the topic's overrides applied.
  Result<LogConfig> EffectiveConfig(const std::string& name) const;
  const LogConfig& default_config() const { return options_.defaults; }

  // Called on the appending thread after every successful append, outside
  // the log's locks, with (topic, partition, new log end offset): the hook to
  // wake long-polling fetches. Keep it short (e.g. post to an executor).
  void SetAppendListener(Log::AppendListener listener);

  // Log::RunRetention on every log; returns the segments deleted. Call
  // periodically (log.retention.check.interval.ms). Errors are logged and
  // the remaining logs still processed; the first error is returned.
  Result<int> RunRetention();
  // Log::Clean on every compacted log (each decides by its dirty ratio);
  // returns the segments rewritten. Call periodically (log.cleaner.backoff.ms).
  // Errors are logged per log and the rest still cleaned; the first is returned.
  Result<int> RunCleaner();
  Result<Ok> FlushAll();
  // Seals and fsyncs every log. Idempotent.
  void Close();

  // Kafka's topic name rule: 1..249 of [a-zA-Z0-9._-], not "." or "..".
  static Result<Ok> ValidateTopicName(const std::string& name);

 private:
  // Runs `fn` on every log outside the topic lock, logging failures (`what`
  // names the task) and summing the counts; the first error is returned.
  Result<int> ForEachLog(const char* what, const std::function<Result<int>(Log&)>& fn);
  struct Topic {
    TopicInfo info;
    std::vector<std::shared_ptr<Log>> logs;
  };
  struct ListenerSlot {
    std::mutex mu;
    Log::AppendListener fn;
  };

  explicit LogManager(LogManagerOptions options);
  Result<Ok> Load();
  // REQUIRES admin_mu_ held.
  Result<Ok> PersistTopicsLocked(const std::map<std::string, Topic>& topics);
  // The topic map as it is now, for an admin operation to edit and publish
  // (copy-on-write under admin_mu_).
  std::map<std::string, Topic> CopyTopics() const;
  static Error UnknownTopic();
  Result<std::shared_ptr<Log>> OpenLog(const std::string& dir, const std::string& topic, int32_t partition,
                                       const LogConfig& config);
  std::string PickLogDir();

  LogManagerOptions options_;
  std::shared_ptr<ListenerSlot> listener_ = std::make_shared<ListenerSlot>();
  std::mutex admin_mu_;
  mutable std::shared_mutex mu_;
  std::map<std::string, Topic> topics_;           // guarded by mu_
  std::map<std::string, int> partitions_per_dir_;  // guarded by admin_mu_
  bool closed_ = false;                            // guarded by admin_mu_
};

}  // namespace kconnect::broker::storage
