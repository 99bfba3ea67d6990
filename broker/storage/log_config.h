#pragma once
// LogConfig: the per-partition settings of a Log (Kafka topic configs,
// ak LogConfig.java), built from broker-wide defaults plus topic overrides.

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "broker/protocol/record_batch.h"
#include "broker/storage/storage_result.h"

namespace kconnect::broker::storage {

using ConfigMap = std::map<std::string, std::string>;

struct LogConfig {
  static constexpr int64_t kNever = std::numeric_limits<int64_t>::max();

  int64_t segment_bytes = 1LL << 30;                 // segment.bytes
  int64_t segment_ms = 7LL * 24 * 3600 * 1000;       // segment.ms
  int64_t retention_ms = 7LL * 24 * 3600 * 1000;     // retention.ms, -1 = forever
  int64_t retention_bytes = -1;                      // retention.bytes, -1 = unlimited
  int64_t max_message_bytes = 1048588;               // max.message.bytes
  int64_t index_interval_bytes = 4096;               // index.interval.bytes
  int64_t flush_messages = kNever;                   // flush.messages
  int64_t flush_ms = kNever;                         // flush.ms
  protocol::TimestampType timestamp_type = protocol::TimestampType::kCreateTime;  // message.timestamp.type
  int64_t timestamp_before_max_ms = kNever;          // message.timestamp.before.max.ms
  int64_t timestamp_after_max_ms = kNever;           // message.timestamp.after.max.ms
  bool cleanup_delete = true;                        // cleanup.policy contains delete
  bool cleanup_compact = false;                      // cleanup.policy contains compact
  int64_t delete_retention_ms = 24LL * 3600 * 1000;  // delete.retention.ms
  int64_t min_compaction_lag_ms = 0;                 // min.compaction.lag.ms
  double min_cleanable_dirty_ratio = 0.5;            // min.cleanable.dirty.ratio
  std::string compression_type = "producer";         // compression.type (stored, batches kept as produced)

  // *this with topic-level overrides (Kafka topic config names) applied.
  // INVALID_CONFIG (40) for an unknown key or a value that does not parse or is
  // out of range. Keys Kafka knows but a single node ignores
  // (min.insync.replicas, unclean.leader.election.enable, ...) are accepted.
  Result<LogConfig> WithOverrides(const ConfigMap& overrides) const;

  // Broker-wide defaults from broker properties (log.segment.bytes,
  // log.roll.ms/hours, log.retention.ms/minutes/hours, log.retention.bytes,
  // message.max.bytes, log.index.interval.bytes, log.flush.interval.messages,
  // log.flush.interval.ms, log.message.timestamp.type, log.cleanup.policy,
  // log.cleaner.delete.retention.ms, log.cleaner.min.compaction.lag.ms,
  // log.cleaner.min.cleanable.ratio, compression.type). Other keys are ignored.
  // INVALID_CONFIG for a bad value.
  static Result<LogConfig> FromBrokerProperties(const ConfigMap& props);

  // Every topic config key with its effective value, in Kafka's names and
  // string forms, for DescribeConfigs.
  std::vector<std::pair<std::string, std::string>> Entries() const;

  // True if `key` is a topic config name Kafka defines.
  static bool IsKnownTopicKey(const std::string& key);
};

}  // namespace kconnect::broker::storage
