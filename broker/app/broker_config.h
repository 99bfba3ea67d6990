#pragma once
// BrokerConfig: the bundled broker's settings, read from a Kafka-style
// `broker.properties` with Apache Kafka's key names and defaults, so a user's
// existing `server.properties` mostly carries over.
//
// Thread-safety: a plain value; build it once at start-up.

#include <cstdint>
#include <string>
#include <vector>

#include "common/properties.h"

namespace kconnect::broker::app {

struct BrokerConfig {
  int32_t node_id = 1;                               // node.id (or broker.id)
  std::string listeners = "PLAINTEXT://:9092";       // listeners
  std::string advertised_listeners;                  // advertised.listeners; empty = listeners
  std::vector<std::string> log_dirs{"/tmp/kconnect-broker-logs"};  // log.dirs (or log.dir)
  int32_t num_partitions = 1;                        // num.partitions
  bool auto_create_topics_enable = true;             // auto.create.topics.enable
  int16_t default_replication_factor = 1;            // default.replication.factor
  // kconnect.replication.factor.clamp: a single node cannot hold more than one
  // replica, so a request for more is refused (INVALID_REPLICATION_FACTOR).
  // When true it is quietly treated as 1 instead, for tools that insist on 3.
  bool replication_factor_clamp = false;
  int32_t message_max_bytes = 1048588;               // message.max.bytes
  int32_t socket_request_max_bytes = 104857600;      // socket.request.max.bytes
  // fetch.max.bytes: the most record bytes one Fetch response carries,
  // whatever the client asks for (it still gets one whole batch). Kafka's
  // default is 55 MiB; ours is 2 MiB because librdkafka, which the worker's
  // sink tasks use too, consumes small records about twice as fast with
  // responses of 1-2 MiB as with 8 MiB ones, and faster still than with
  // 50 MiB ones: it copies each response into a buffer of its own and parses
  // it before asking again (tests/bench/broker_bench.cc, README).
  int32_t fetch_max_bytes = 2 * 1024 * 1024;
  int64_t connections_max_idle_ms = 600000;          // connections.max.idle.ms
  int32_t num_network_threads = 2;                   // num.network.threads

  // Log defaults (topic-level configs override them).
  int64_t log_segment_bytes = 1073741824;            // log.segment.bytes
  int64_t log_roll_ms = 168LL * 3600 * 1000;         // log.roll.ms | log.roll.hours
  int64_t log_retention_ms = 168LL * 3600 * 1000;    // log.retention.ms|minutes|hours; -1 = forever
  int64_t log_retention_bytes = -1;                  // log.retention.bytes
  int64_t log_retention_check_interval_ms = 300000;  // log.retention.check.interval.ms
  int64_t log_flush_interval_messages = INT64_MAX;   // log.flush.interval.messages
  int64_t log_flush_interval_ms = INT64_MAX;         // log.flush.interval.ms
  int32_t log_index_interval_bytes = 4096;           // log.index.interval.bytes
  std::string log_cleanup_policy = "delete";         // log.cleanup.policy
  std::string log_message_timestamp_type = "CreateTime";  // log.message.timestamp.type
  int64_t log_cleaner_delete_retention_ms = 86400000;     // log.cleaner.delete.retention.ms
  double log_cleaner_min_cleanable_ratio = 0.5;           // log.cleaner.min.cleanable.ratio
  bool log_cleaner_enable = true;                         // log.cleaner.enable
  int64_t log_cleaner_backoff_ms = 15000;                 // log.cleaner.backoff.ms

  // Consumer groups (part 2 of the broker). Kafka's default is 3000; its own
  // sample server.properties sets 0 for development.
  int32_t group_initial_rebalance_delay_ms = 3000;  // group.initial.rebalance.delay.ms
  int32_t offsets_topic_num_partitions = 50;        // offsets.topic.num.partitions
};

// Reads `props` (from the file named `source`, used in messages). An invalid
// value or a missing directory list fails with a message naming the key and
// the file, e.g. `Invalid value abc for configuration num.partitions in
// config/broker.properties: Not a number of type INT`. Keys the broker does
// not know are reported in `warnings` (Kafka-only keys that make no sense on a
// single node, such as controller.quorum.voters, are accepted silently).
//
// Returns false and sets *error on failure.
bool ParseBrokerConfig(const common::Properties& props, const std::string& source,
                       BrokerConfig* out, std::string* error, std::vector<std::string>* warnings);

}  // namespace kconnect::broker::app
