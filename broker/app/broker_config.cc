#include "broker/app/broker_config.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <limits>
#include <optional>
#include <set>
#include <string_view>

namespace kconnect::broker::app {
namespace {

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::vector<std::string> SplitList(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    const size_t comma = s.find(',', start);
    const size_t end = comma == std::string_view::npos ? s.size() : comma;
    std::string item = Trim(s.substr(start, end - start));
    if (!item.empty()) out.push_back(std::move(item));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

// Kafka keys that are valid in a stock server.properties but have no meaning on
// a single node that never replicates: accepted without a warning.
const std::set<std::string, std::less<>>& IgnoredKafkaKeys() {
  static const std::set<std::string, std::less<>> keys = {
      "process.roles",
      "controller.quorum.voters",
      "controller.quorum.bootstrap.servers",
      "controller.listener.names",
      "inter.broker.listener.name",
      "listener.security.protocol.map",
      "num.io.threads",
      "socket.send.buffer.bytes",
      "socket.receive.buffer.bytes",
      "num.recovery.threads.per.data.dir",
      "offsets.topic.replication.factor",
      "offsets.topic.num.partitions",
      "transaction.state.log.replication.factor",
      "transaction.state.log.min.isr",
      "min.insync.replicas",
      "zookeeper.connect",
      "zookeeper.connection.timeout.ms",
      "unclean.leader.election.enable",
      "auto.leader.rebalance.enable",
      "delete.topic.enable",
      "share.coordinator.state.topic.replication.factor",
      "share.coordinator.state.topic.min.isr",
      "log.cleaner.enable",
      "log.cleaner.threads",
  };
  return keys;
}

class Reader {
 public:
  Reader(const common::Properties& props, const std::string& source)
      : props_(props), source_(source) {}

  std::optional<std::string> Raw(const std::string& key) {
    used_.insert(key);
    auto it = props_.find(key);
    if (it == props_.end()) return std::nullopt;
    return Trim(it->second);
  }

  template <typename Int>
  bool Integer(const std::string& key, Int* out, int64_t min, const char* type_name) {
    auto v = Raw(key);
    if (!v) return true;
    errno = 0;
    char* end = nullptr;
    const long long parsed = std::strtoll(v->c_str(), &end, 10);
    if (v->empty() || *end != '\0' || errno == ERANGE ||
        parsed < static_cast<long long>(std::numeric_limits<Int>::min()) ||
        parsed > static_cast<long long>(std::numeric_limits<Int>::max())) {
      return Fail(key, *v, std::string("Not a number of type ") + type_name);
    }
    if (parsed < min) return Fail(key, *v, "Value must be at least " + std::to_string(min));
    *out = static_cast<Int>(parsed);
    return true;
  }
  bool Int(const std::string& key, int32_t* out, int64_t min) {
    return Integer(key, out, min, "INT");
  }
  bool Long(const std::string& key, int64_t* out, int64_t min) {
    return Integer(key, out, min, "LONG");
  }
  bool Short(const std::string& key, int16_t* out, int64_t min) {
    return Integer(key, out, min, "SHORT");
  }
  bool Bool(const std::string& key, bool* out) {
    auto v = Raw(key);
    if (!v) return true;
    std::string lower = *v;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == "true") {
      *out = true;
    } else if (lower == "false") {
      *out = false;
    } else {
      return Fail(key, *v, "Expected value to be either true or false");
    }
    return true;
  }
  bool Double(const std::string& key, double* out, double min, double max) {
    auto v = Raw(key);
    if (!v) return true;
    char* end = nullptr;
    const double parsed = std::strtod(v->c_str(), &end);
    if (v->empty() || *end != '\0') return Fail(key, *v, "Not a number of type DOUBLE");
    if (parsed < min || parsed > max) {
      return Fail(key, *v, "Value must be between " + std::to_string(min) + " and " +
                               std::to_string(max));
    }
    *out = parsed;
    return true;
  }
  bool OneOf(const std::string& key, std::string* out, std::initializer_list<const char*> allowed) {
    auto v = Raw(key);
    if (!v) return true;
    for (const char* a : allowed) {
      if (*v == a) {
        *out = *v;
        return true;
      }
    }
    std::string list;
    for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    return Fail(key, *v, "String must be one of: " + list);
  }

  bool Fail(const std::string& key, const std::string& value, const std::string& why) {
    error_ = "Invalid value " + value + " for configuration " + key + " in " + source_ + ": " + why;
    return false;
  }

  std::vector<std::string> Unused() const {
    std::vector<std::string> out;
    for (const auto& [key, value] : props_) {
      if (!used_.count(key) && !IgnoredKafkaKeys().count(key)) out.push_back(key);
    }
    return out;
  }
  const std::string& Error() const { return error_; }

 private:
  const common::Properties& props_;
  const std::string& source_;
  std::set<std::string> used_;
  std::string error_;
};

// Kafka's precedence for time settings given in several units: the finest
// unit present wins (log.retention.ms over .minutes over .hours).
bool TimeInMs(Reader& r, const std::string& ms_key, const std::string& minutes_key,
              const std::string& hours_key, int64_t* out, int64_t min) {
  int64_t hours = -2, minutes = -2, ms = -2;
  if (!hours_key.empty() && !r.Long(hours_key, &hours, min)) return false;
  if (!minutes_key.empty() && !r.Long(minutes_key, &minutes, min)) return false;
  if (!r.Long(ms_key, &ms, min)) return false;
  const auto scaled = [](int64_t v, int64_t unit) { return v < 0 ? v : v * unit; };
  if (ms != -2) {
    *out = ms;
  } else if (minutes != -2) {
    *out = scaled(minutes, 60 * 1000);
  } else if (hours != -2) {
    *out = scaled(hours, 3600 * 1000);
  }
  return true;
}

}  // namespace

bool ParseBrokerConfig(const common::Properties& props, const std::string& source,
                       BrokerConfig* out, std::string* error, std::vector<std::string>* warnings) {
  BrokerConfig c;
  Reader r(props, source);
  auto fail = [&] {
    *error = r.Error();
    return false;
  };

  // node.id (KRaft) and broker.id (ZooKeeper era) name the same thing.
  int32_t broker_id = -1;
  if (!r.Int("broker.id", &broker_id, 0)) return fail();
  if (broker_id >= 0) c.node_id = broker_id;
  if (!r.Int("node.id", &c.node_id, 0)) return fail();

  if (auto v = r.Raw("listeners")) c.listeners = *v;
  if (auto v = r.Raw("advertised.listeners")) c.advertised_listeners = *v;
  if (c.listeners.empty()) {
    *error = "Invalid value (empty) for configuration listeners in " + source +
             ": at least one listener is required";
    return false;
  }

  // log.dirs wins over log.dir, as in Kafka.
  auto dir = r.Raw("log.dir");
  auto dirs = r.Raw("log.dirs");
  if (dirs || dir) {
    c.log_dirs = SplitList(dirs ? *dirs : *dir);
    if (c.log_dirs.empty()) {
      *error = "Invalid value (empty) for configuration " + std::string(dirs ? "log.dirs" : "log.dir") +
               " in " + source + ": at least one directory is required";
      return false;
    }
  }

  if (!r.Int("num.partitions", &c.num_partitions, 1)) return fail();
  if (!r.Bool("auto.create.topics.enable", &c.auto_create_topics_enable)) return fail();
  if (!r.Short("default.replication.factor", &c.default_replication_factor, 1)) return fail();
  if (!r.Bool("kconnect.replication.factor.clamp", &c.replication_factor_clamp)) return fail();
  if (!r.Int("message.max.bytes", &c.message_max_bytes, 0)) return fail();
  if (!r.Int("socket.request.max.bytes", &c.socket_request_max_bytes, 1)) return fail();
  if (!r.Int("fetch.max.bytes", &c.fetch_max_bytes, 1024)) return fail();  // Kafka's minimum
  if (!r.Long("connections.max.idle.ms", &c.connections_max_idle_ms, 1)) return fail();
  if (!r.Int("num.network.threads", &c.num_network_threads, 1)) return fail();

  if (!r.Long("log.segment.bytes", &c.log_segment_bytes, 14)) return fail();
  if (!TimeInMs(r, "log.roll.ms", "", "log.roll.hours", &c.log_roll_ms, 1)) return fail();
  if (!TimeInMs(r, "log.retention.ms", "log.retention.minutes", "log.retention.hours",
                &c.log_retention_ms, -1)) {
    return fail();
  }
  if (!r.Long("log.retention.bytes", &c.log_retention_bytes, -1)) return fail();
  if (!r.Long("log.retention.check.interval.ms", &c.log_retention_check_interval_ms, 1)) {
    return fail();
  }
  if (!r.Long("log.flush.interval.messages", &c.log_flush_interval_messages, 1)) return fail();
  if (!r.Long("log.flush.interval.ms", &c.log_flush_interval_ms, 0)) return fail();
  if (!r.Int("log.index.interval.bytes", &c.log_index_interval_bytes, 0)) return fail();
  if (auto v = r.Raw("log.cleanup.policy")) {
    const auto parts = SplitList(*v);
    const bool valid = !parts.empty() && std::all_of(parts.begin(), parts.end(), [](const auto& p) {
      return p == "delete" || p == "compact";
    });
    if (!valid) {
      r.Fail("log.cleanup.policy", *v, "String must be one of: delete, compact");
      return fail();
    }
    c.log_cleanup_policy = *v;
  }
  if (!r.OneOf("log.message.timestamp.type", &c.log_message_timestamp_type,
               {"CreateTime", "LogAppendTime"})) {
    return fail();
  }
  if (!r.Long("log.cleaner.delete.retention.ms", &c.log_cleaner_delete_retention_ms, 0)) {
    return fail();
  }
  if (!r.Double("log.cleaner.min.cleanable.ratio", &c.log_cleaner_min_cleanable_ratio, 0, 1)) {
    return fail();
  }
  if (!r.Bool("log.cleaner.enable", &c.log_cleaner_enable)) return fail();
  if (!r.Long("log.cleaner.backoff.ms", &c.log_cleaner_backoff_ms, 0)) return fail();
  if (!r.Int("group.initial.rebalance.delay.ms", &c.group_initial_rebalance_delay_ms, 0)) {
    return fail();
  }
  if (!r.Int("offsets.topic.num.partitions", &c.offsets_topic_num_partitions, 1)) return fail();

  if (warnings != nullptr) {
    for (const auto& key : r.Unused()) {
      warnings->push_back("The configuration '" + key + "' in " + source +
                          " was supplied but isn't a known config.");
    }
  }
  *out = std::move(c);
  return true;
}

}  // namespace kconnect::broker::app
