#pragma once
// BrokerContext: what every API handler may use — the broker's settings, the
// partition logs, the endpoints advertised per listener, and the fetch
// purgatory that parks long-polling fetches.
//
// Thread-safety: settings are immutable after start-up; LogManager and
// FetchPurgatory are thread-safe; next_producer_id is atomic. Handlers run on
// the server's connection threads, several at once.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "broker/storage/log_manager.h"

namespace kconnect::broker::server {

class FetchPurgatory;
class GroupService;

struct BrokerSettings {
  int32_t node_id = 1;
  std::string cluster_id;
  bool auto_create_topics_enable = true;
  int32_t num_partitions = 1;
  int16_t default_replication_factor = 1;
  // When true, a requested replication factor above 1 is treated as 1 instead
  // of failing with INVALID_REPLICATION_FACTOR.
  bool replication_factor_clamp = false;
  // The broker's cap on the record bytes of one Fetch response (Kafka's
  // broker setting fetch.max.bytes); a request's max_bytes counts only below it.
  int32_t fetch_max_bytes = 57671680;
  // How long a new group waits for more members (group.initial.rebalance.delay.ms).
  int32_t group_initial_rebalance_delay_ms = 3000;
};

struct AdvertisedEndpoint {
  std::string host;
  int32_t port = 0;
};

struct BrokerContext {
  BrokerSettings settings;
  storage::LogManager* logs = nullptr;
  // The endpoint clients that came in through `listener` are told to use.
  std::function<AdvertisedEndpoint(const std::string& listener)> advertised;
  // Created by RegisterDataHandlers; destroyed with the context, after the
  // server has stopped.
  std::shared_ptr<FetchPurgatory> purgatory;
  // Group coordinator and committed offsets; set by the broker before the
  // handlers are registered, reset after the server has stopped.
  std::shared_ptr<GroupService> groups;
  std::atomic<int64_t> next_producer_id{1000};
};

}  // namespace kconnect::broker::server
