#include "broker/storage/log_config.h"

#include <algorithm>
#include <charconv>
#include <climits>
#include <cstdlib>
#include <cstdio>
#include <optional>
#include <set>

namespace kconnect::broker::storage {
namespace {

// Topic config names Kafka defines (ak TopicConfig.java) that a single node
// accepts but does not act on; accepting them keeps Java-style admin calls working.
const std::set<std::string>& IgnoredKeys() {
  static const std::set<std::string> keys = {
      "min.insync.replicas", "unclean.leader.election.enable", "preallocate", "segment.jitter.ms",
      "segment.index.bytes", "file.delete.delay.ms", "max.compaction.lag.ms",
      "message.downconversion.enable", "message.format.version", "message.timestamp.difference.max.ms",
      "leader.replication.throttled.replicas", "follower.replication.throttled.replicas",
      "local.retention.ms", "local.retention.bytes", "remote.storage.enable",
      "compression.gzip.level", "compression.lz4.level", "compression.zstd.level"};
  return keys;
}

const std::set<std::string>& UsedKeys() {
  static const std::set<std::string> keys = {
      "segment.bytes", "segment.ms", "retention.ms", "retention.bytes", "max.message.bytes",
      "index.interval.bytes", "flush.messages", "flush.ms", "message.timestamp.type",
      "message.timestamp.before.max.ms", "message.timestamp.after.max.ms", "cleanup.policy",
      "delete.retention.ms", "min.compaction.lag.ms", "min.cleanable.dirty.ratio", "compression.type"};
  return keys;
}

Error Invalid(const std::string& key, const std::string& value, const std::string& why) {
  return Error{kafka_error::kInvalidConfig, "Invalid value " + value + " for configuration " + key + ": " + why};
}

bool ParseLong(const std::string& s, int64_t& out) {
  auto b = s.data(), e = s.data() + s.size();
  while (b < e && *b == ' ') ++b;
  while (e > b && e[-1] == ' ') --e;
  if (b < e && *b == '+') ++b;
  auto [p, ec] = std::from_chars(b, e, out);
  return ec == std::errc() && p == e && b != e;
}

// Applies one key; `min` is the smallest accepted value.
std::optional<Error> SetLong(const std::string& key, const std::string& value, int64_t min, int64_t& field,
                             int64_t scale = 1) {
  int64_t v = 0;
  if (!ParseLong(value, v)) return Invalid(key, value, "not a number");
  if (v < min) return Invalid(key, value, "must be at least " + std::to_string(min));
  if (scale != 1 && v > LogConfig::kNever / scale) v = LogConfig::kNever / scale;
  field = v * scale;
  return std::nullopt;
}

std::optional<Error> Apply(LogConfig& c, const std::string& key, const std::string& value) {
  if (key == "segment.bytes") {
    // Index entries hold 32-bit file positions.
    if (auto e = SetLong(key, value, 14, c.segment_bytes)) return e;
    if (c.segment_bytes > INT32_MAX) return Invalid(key, value, "must be at most " + std::to_string(INT32_MAX));
    return std::nullopt;
  }
  if (key == "segment.ms") return SetLong(key, value, 1, c.segment_ms);
  if (key == "retention.ms") return SetLong(key, value, -1, c.retention_ms);
  if (key == "retention.bytes") return SetLong(key, value, -1, c.retention_bytes);
  if (key == "max.message.bytes") return SetLong(key, value, 0, c.max_message_bytes);
  if (key == "index.interval.bytes") return SetLong(key, value, 0, c.index_interval_bytes);
  if (key == "flush.messages") return SetLong(key, value, 1, c.flush_messages);
  if (key == "flush.ms") return SetLong(key, value, 0, c.flush_ms);
  if (key == "message.timestamp.before.max.ms") return SetLong(key, value, 0, c.timestamp_before_max_ms);
  if (key == "message.timestamp.after.max.ms") return SetLong(key, value, 0, c.timestamp_after_max_ms);
  if (key == "delete.retention.ms") return SetLong(key, value, 0, c.delete_retention_ms);
  if (key == "min.compaction.lag.ms") return SetLong(key, value, 0, c.min_compaction_lag_ms);
  if (key == "message.timestamp.type") {
    if (value == "CreateTime") {
      c.timestamp_type = protocol::TimestampType::kCreateTime;
    } else if (value == "LogAppendTime") {
      c.timestamp_type = protocol::TimestampType::kLogAppendTime;
    } else {
      return Invalid(key, value, "must be CreateTime or LogAppendTime");
    }
    return std::nullopt;
  }
  if (key == "cleanup.policy") {
    bool del = false, compact = false;
    size_t start = 0;
    while (start <= value.size()) {
      size_t comma = value.find(',', start);
      std::string item = value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      item.erase(0, item.find_first_not_of(' '));
      item.erase(item.find_last_not_of(' ') + 1);
      if (item == "delete") {
        del = true;
      } else if (item == "compact") {
        compact = true;
      } else {
        return Invalid(key, value, "must be a list of delete, compact");
      }
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    c.cleanup_delete = del;
    c.cleanup_compact = compact;
    return std::nullopt;
  }
  if (key == "min.cleanable.dirty.ratio") {
    char* end = nullptr;
    double d = std::strtod(value.c_str(), &end);
    if (value.empty() || *end != '\0' || d < 0 || d > 1) return Invalid(key, value, "must be within [0, 1]");
    c.min_cleanable_dirty_ratio = d;
    return std::nullopt;
  }
  if (key == "compression.type") {
    static const std::set<std::string> kTypes = {"producer", "uncompressed", "gzip", "snappy", "lz4", "zstd"};
    if (!kTypes.count(value)) return Invalid(key, value, "unknown compression type");
    c.compression_type = value;
    return std::nullopt;
  }
  return Error{kafka_error::kInvalidConfig, "Unknown topic config name: " + key};
}

}  // namespace

bool LogConfig::IsKnownTopicKey(const std::string& key) {
  return UsedKeys().count(key) > 0 || IgnoredKeys().count(key) > 0;
}

Result<LogConfig> LogConfig::WithOverrides(const ConfigMap& overrides) const {
  LogConfig c = *this;
  for (const auto& [k, v] : overrides) {
    if (IgnoredKeys().count(k)) continue;
    if (auto err = Apply(c, k, v)) return *err;
  }
  return c;
}

Result<LogConfig> LogConfig::FromBrokerProperties(const ConfigMap& props) {
  LogConfig c;
  auto get = [&](const char* k) -> const std::string* {
    auto it = props.find(k);
    return it == props.end() ? nullptr : &it->second;
  };
  // Kafka's precedence: the finest unit wins (log.roll.ms over log.roll.hours, ...).
  struct Scaled {
    const char* key;
    int64_t scale;
  };
  auto scaled = [&](std::initializer_list<Scaled> keys, int64_t min, int64_t& field) -> std::optional<Error> {
    for (const auto& s : keys) {
      if (const std::string* v = get(s.key)) {
        if (s.scale > 1 && *v == "-1") {
          field = -1;
          return std::nullopt;
        }
        return SetLong(s.key, *v, min, field, s.scale);
      }
    }
    return std::nullopt;
  };
  std::optional<Error> err;
  if ((err = scaled({{"log.roll.ms", 1}, {"log.roll.hours", 3600000}}, 1, c.segment_ms))) return *err;
  if ((err = scaled({{"log.retention.ms", 1}, {"log.retention.minutes", 60000}, {"log.retention.hours", 3600000}},
                    -1, c.retention_ms))) {
    return *err;
  }
  const std::pair<const char*, const char*> direct[] = {
      {"log.segment.bytes", "segment.bytes"},
      {"log.retention.bytes", "retention.bytes"},
      {"message.max.bytes", "max.message.bytes"},
      {"log.index.interval.bytes", "index.interval.bytes"},
      {"log.flush.interval.messages", "flush.messages"},
      {"log.flush.interval.ms", "flush.ms"},
      {"log.message.timestamp.type", "message.timestamp.type"},
      {"log.message.timestamp.before.max.ms", "message.timestamp.before.max.ms"},
      {"log.message.timestamp.after.max.ms", "message.timestamp.after.max.ms"},
      {"log.cleanup.policy", "cleanup.policy"},
      {"log.cleaner.delete.retention.ms", "delete.retention.ms"},
      {"log.cleaner.min.compaction.lag.ms", "min.compaction.lag.ms"},
      {"log.cleaner.min.cleanable.ratio", "min.cleanable.dirty.ratio"},
      {"compression.type", "compression.type"},
  };
  for (const auto& [broker_key, topic_key] : direct) {
    if (const std::string* v = get(broker_key)) {
      if (auto e = Apply(c, topic_key, *v)) {
        e->message = "Invalid value " + *v + " for configuration " + broker_key;
        return *e;
      }
    }
  }
  return c;
}

std::vector<std::pair<std::string, std::string>> LogConfig::Entries() const {
  auto n = [](int64_t v) { return std::to_string(v); };
  std::string policy = cleanup_delete && cleanup_compact ? "compact,delete" : cleanup_compact ? "compact" : "delete";
  if (!cleanup_delete && !cleanup_compact) policy = "";
  char ratio[32];
  std::snprintf(ratio, sizeof ratio, "%g", min_cleanable_dirty_ratio);
  return {
      {"cleanup.policy", policy},
      {"compression.type", compression_type},
      {"delete.retention.ms", n(delete_retention_ms)},
      {"flush.messages", n(flush_messages)},
      {"flush.ms", n(flush_ms)},
      {"index.interval.bytes", n(index_interval_bytes)},
      {"max.message.bytes", n(max_message_bytes)},
      {"message.timestamp.after.max.ms", n(timestamp_after_max_ms)},
      {"message.timestamp.before.max.ms", n(timestamp_before_max_ms)},
      {"message.timestamp.type",
       timestamp_type == protocol::TimestampType::kLogAppendTime ? "LogAppendTime" : "CreateTime"},
      {"min.cleanable.dirty.ratio", ratio},
      {"min.compaction.lag.ms", n(min_compaction_lag_ms)},
      {"min.insync.replicas", "1"},
      {"retention.bytes", n(retention_bytes)},
      {"retention.ms", n(retention_ms)},
      {"segment.bytes", n(segment_bytes)},
      {"segment.ms", n(segment_ms)},
  };
}

}  // namespace kconnect::broker::storage
