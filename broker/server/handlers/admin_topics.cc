// CreateTopics 0–4, DeleteTopics 0–3, CreatePartitions 0–1 and DeleteRecords
// 0–1 (spec broker.md §8) on the single node: every partition lives here, so
// a replication factor or replica assignment can only ever name this node.

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "broker/protocol/error_code.h"
#include "broker/server/handlers/admin_handlers.h"
#include "broker/server/handlers/group_service.h"
#include "common/logging/logger_registry.h"

namespace kconnect::broker::server {

using common::logging::kBrokerLog;

namespace {

using protocol::ErrorCode;
using protocol::ToInt;

struct AdminError {
  int16_t code = 0;
  std::string message;
};

std::string JoinIds(const std::vector<int32_t>& ids) {
  std::string out;
  for (int32_t id : ids) {
    if (!out.empty()) out += ", ";
    out += std::to_string(id);
  }
  return out;
}

std::string SingleNodeHint(const BrokerContext& broker) {
  return "This is a single-node broker (node " + std::to_string(broker.settings.node_id) +
         "), so every partition has exactly one replica; set "
         "kconnect.replication.factor.clamp=true to "
         "treat larger replication factors as 1.";
}

// The replica factor a request asks for, after the single-node rules: -1 is
// default.replication.factor, above 1 is refused unless the clamp is on.
std::optional<AdminError> CheckReplicationFactor(const BrokerContext& broker, int16_t requested) {
  if (requested == 0 || requested < -1) {
    return AdminError{
        ToInt(ErrorCode::kInvalidReplicationFactor),
        "Replication factor must be larger than 0, or -1 to use the default replication factor."};
  }
  const int16_t effective =
      requested == -1 ? broker.settings.default_replication_factor : requested;
  if (effective > 1 && !broker.settings.replication_factor_clamp) {
    std::string what = requested == -1
                           ? "The default replication factor (default.replication.factor) " +
                                 std::to_string(effective)
                           : "Replication factor " + std::to_string(effective);
    return AdminError{
        ToInt(ErrorCode::kInvalidReplicationFactor),
        what + " is larger than the number of available brokers: 1. " + SingleNodeHint(broker)};
  }
  return std::nullopt;
}

// One partition's replica list from an explicit assignment. Valid lists name
// this node once; with the clamp on, other (non-existent) brokers next to this
// node are dropped as a replication factor above 1 would be.
std::optional<AdminError> CheckReplicaList(const BrokerContext& broker,
                                           const std::vector<int32_t>& ids, int32_t partition) {
  const std::string where = "partition " + std::to_string(partition);
  if (ids.empty()) {
    return AdminError{ToInt(ErrorCode::kInvalidReplicaAssignment),
                      "The replica list of " + where + " is empty."};
  }
  std::set<int32_t> seen;
  std::vector<int32_t> unknown;
  for (int32_t id : ids) {
    if (!seen.insert(id).second) {
      return AdminError{
          ToInt(ErrorCode::kInvalidReplicaAssignment),
          "Duplicate broker id " + std::to_string(id) + " in the replica list of " + where + "."};
    }
    if (id != broker.settings.node_id) unknown.push_back(id);
  }
  if (unknown.empty()) return std::nullopt;
  const bool has_self = unknown.size() < ids.size();
  if (has_self && broker.settings.replication_factor_clamp) return std::nullopt;
  return AdminError{ToInt(ErrorCode::kInvalidReplicaAssignment),
                    "Unknown broker(s) in the replica list of " + where + ": " + JoinIds(unknown) +
                        ". " + SingleNodeHint(broker)};
}

// An explicit CreateTopics assignment: partitions 0..n-1 each exactly once,
// the same replica count everywhere, every list valid. Returns the partition
// count.
storage::Result<int32_t> CheckCreateAssignments(
    const BrokerContext& broker,
    const std::vector<protocol::CreateTopicsRequest::CreatableTopic::CreatableReplicaAssignment>&
        assignments) {
  const auto invalid = [](std::string message) {
    return storage::Error{ToInt(ErrorCode::kInvalidReplicaAssignment), std::move(message)};
  };
  const int32_t n = static_cast<int32_t>(assignments.size());
  std::vector<bool> present(assignments.size(), false);
  for (const auto& a : assignments) {
    if (a.partition_index < 0 || a.partition_index >= n ||
        present[static_cast<size_t>(a.partition_index)]) {
      return invalid("Partitions should be a consecutive 0-based integer sequence; got partition " +
                     std::to_string(a.partition_index) + " among " + std::to_string(n) +
                     " assignments.");
    }
    present[static_cast<size_t>(a.partition_index)] = true;
    if (a.broker_ids.size() != assignments.front().broker_ids.size()) {
      return invalid("All partitions should have the same number of replicas.");
    }
    if (auto e = CheckReplicaList(broker, a.broker_ids, a.partition_index)) {
      return storage::Error{e->code, e->message};
    }
  }
  return n;
}

// Everything about one CreateTopics entry except whether it already exists;
// returns the partition count to create (-1 = num.partitions) and the configs.
// -1 for the counts (KIP-464) is accepted at every version, not only v4:
// KafkaJS sends -1/-1 at v3 when its caller leaves them out, and Kafka's own
// broker does not check the version either.
storage::Result<std::pair<int32_t, storage::ConfigMap>> CheckCreatableTopic(
    const BrokerContext& broker, const protocol::CreateTopicsRequest::CreatableTopic& topic) {
  int32_t partitions = topic.num_partitions;
  if (!topic.assignments.empty()) {
    if (topic.num_partitions != -1 || topic.replication_factor != -1) {
      return storage::Error{
          ToInt(ErrorCode::kInvalidRequest),
          "Both numPartitions or replicationFactor and replicasAssignments were set. "
          "Both cannot be used at the same time."};
    }
    auto n = CheckCreateAssignments(broker, topic.assignments);
    if (!n) return n.Error();
    partitions = *n;
  } else {
    if (topic.num_partitions == 0 || topic.num_partitions < -1) {
      return storage::Error{
          ToInt(ErrorCode::kInvalidPartitions),
          "Number of partitions must be larger than 0, or -1 to use the default (num.partitions)."};
    }
    if (auto e = CheckReplicationFactor(broker, topic.replication_factor))
      return storage::Error{e->code, e->message};
  }
  storage::ConfigMap configs;
  std::vector<std::string> nulls;
  for (const auto& c : topic.configs) {
    if (!c.value) {
      nulls.push_back(c.name);
      continue;
    }
    if (!configs.emplace(c.name, *c.value).second) {
      return storage::Error{ToInt(ErrorCode::kInvalidRequest), "Duplicate config name: " + c.name};
    }
  }
  if (!nulls.empty()) {
    std::string names;
    for (const auto& n : nulls) names += (names.empty() ? "" : ",") + n;
    return storage::Error{ToInt(ErrorCode::kInvalidConfig),
                          "Null value not supported for topic configs: " + names};
  }
  return std::make_pair(partitions, std::move(configs));
}

// Names that occur more than once in a request.
template <typename Items, typename NameOf>
std::set<std::string> Duplicates(const Items& items, NameOf name_of) {
  std::set<std::string> seen, dups;
  for (const auto& item : items) {
    if (!seen.insert(name_of(item)).second) dups.insert(name_of(item));
  }
  return dups;
}

}  // namespace

protocol::CreateTopicsResponse HandleCreateTopics(BrokerContext& broker,
                                                  const protocol::CreateTopicsRequest& request,
                                                  int16_t version) {
  protocol::CreateTopicsResponse response;
  const auto dups =
      Duplicates(request.topics, [](const auto& t) -> const std::string& { return t.name; });
  std::set<std::string> answered;
  for (const auto& topic : request.topics) {
    // One result per name, as Kafka keys its result collection by name.
    if (!answered.insert(topic.name).second) continue;
    protocol::CreateTopicsResponse::CreatableTopicResult result;
    result.name = topic.name;
    result.error_message = std::nullopt;
    auto fail = [&](int16_t code, std::string message) {
      result.error_code = code;
      result.error_message = std::move(message);
    };
    if (dups.count(topic.name)) {
      fail(ToInt(ErrorCode::kInvalidRequest),
           "Found multiple entries for this topic in the request.");
    } else if (auto valid = storage::LogManager::ValidateTopicName(topic.name); !valid) {
      fail(valid.Error().code, valid.Error().message);
    } else if (broker.logs->GetTopic(topic.name)) {
      fail(ToInt(ErrorCode::kTopicAlreadyExists), "Topic '" + topic.name + "' already exists.");
    } else if (auto checked = CheckCreatableTopic(broker, topic); !checked) {
      fail(checked.Error().code, checked.Error().message);
    } else {
      const auto& [partitions, configs] = checked.Value();
      auto created =
          broker.logs->CreateTopic(topic.name, partitions, configs, request.validate_only);
      if (!created) {
        fail(created.Error().code, created.Error().message);
      } else if (!request.validate_only) {
        const auto info = broker.logs->GetTopic(topic.name);
        kBrokerLog().info("Created topic {} with {} partition(s){}", topic.name,
                          info ? info->partitions : partitions,
                          configs.empty() ? "" : " and config overrides");
      }
    }
    if (result.error_code != 0) {
      kBrokerLog().debug("CreateTopics v{} {}: {} ({})", version, topic.name,
                         protocol::ErrorCodeName(result.error_code),
                         result.error_message.value_or(""));
    }
    response.topics.push_back(std::move(result));
  }
  return response;
}

protocol::DeleteTopicsResponse HandleDeleteTopics(BrokerContext& broker,
                                                  const protocol::DeleteTopicsRequest& request) {
  protocol::DeleteTopicsResponse response;
  std::set<std::string> answered;
  for (const auto& name : request.topic_names) {
    if (!answered.insert(name).second) continue;
    protocol::DeleteTopicsResponse::DeletableTopicResult result;
    result.name = name;
    auto deleted = broker.logs->DeleteTopic(name);
    if (deleted) {
      kBrokerLog().info("Deleted topic {}", name);
      // Its committed offsets go too, as on Kafka.
      if (broker.groups) broker.groups->offsets().OnTopicDeleted(name);
    } else {
      result.error_code = deleted.Error().code;
      if (result.error_code != ToInt(ErrorCode::kUnknownTopicOrPartition)) {
        kBrokerLog().error("Deleting topic {}: {}", name, deleted.Error().message);
      }
    }
    response.responses.push_back(std::move(result));
  }
  return response;
}

protocol::CreatePartitionsResponse HandleCreatePartitions(
    BrokerContext& broker, const protocol::CreatePartitionsRequest& request) {
  protocol::CreatePartitionsResponse response;
  const auto dups =
      Duplicates(request.topics, [](const auto& t) -> const std::string& { return t.name; });
  std::set<std::string> answered;
  for (const auto& topic : request.topics) {
    if (!answered.insert(topic.name).second) continue;
    protocol::CreatePartitionsResponse::CreatePartitionsTopicResult result;
    result.name = topic.name;
    result.error_message = std::nullopt;
    auto fail = [&](int16_t code, std::string message) {
      result.error_code = code;
      result.error_message = std::move(message);
    };
    const auto current = broker.logs->GetTopic(topic.name);
    if (dups.count(topic.name)) {
      fail(ToInt(ErrorCode::kInvalidRequest), "Duplicate topic in request.");
    } else if (!current) {
      fail(ToInt(ErrorCode::kUnknownTopicOrPartition),
           "The topic '" + topic.name + "' does not exist.");
    } else if (topic.count <= current->partitions) {
      // Checked before the assignments so that "not larger" wins, as in Kafka.
      fail(ToInt(ErrorCode::kInvalidPartitions),
           "Topic currently has " + std::to_string(current->partitions) +
               " partitions, which is higher than or equal to the requested " +
               std::to_string(topic.count) + ".");
    } else {
      std::optional<AdminError> bad;
      if (topic.assignments) {
        const int32_t added = topic.count - current->partitions;
        if (static_cast<int32_t>(topic.assignments->size()) != added) {
          bad = AdminError{ToInt(ErrorCode::kInvalidReplicaAssignment),
                           "Increasing the number of partitions by " + std::to_string(added) +
                               " but " + std::to_string(topic.assignments->size()) +
                               " assignments provided."};
        }
        for (size_t i = 0; !bad && i < topic.assignments->size(); ++i) {
          bad = CheckReplicaList(broker, (*topic.assignments)[i].broker_ids,
                                 current->partitions + static_cast<int32_t>(i));
        }
      }
      if (bad) {
        fail(bad->code, bad->message);
      } else if (auto grown =
                     broker.logs->CreatePartitions(topic.name, topic.count, request.validate_only);
                 !grown) {
        fail(grown.Error().code, grown.Error().message);
      } else if (!request.validate_only) {
        kBrokerLog().info("Topic {} grown to {} partitions", topic.name, topic.count);
      }
    }
    response.results.push_back(std::move(result));
  }
  return response;
}

protocol::DeleteRecordsResponse HandleDeleteRecords(BrokerContext& broker,
                                                    const protocol::DeleteRecordsRequest& request) {
  protocol::DeleteRecordsResponse response;
  for (const auto& topic : request.topics) {
    protocol::DeleteRecordsResponse::DeleteRecordsTopicResult topic_result;
    topic_result.name = topic.name;
    for (const auto& p : topic.partitions) {
      protocol::DeleteRecordsResponse::DeleteRecordsTopicResult::DeleteRecordsPartitionResult
          result;
      result.partition_index = p.partition_index;
      result.low_watermark = -1;  // Kafka's INVALID_LOW_WATERMARK, sent with every error
      auto log = broker.logs->GetLog(topic.name, p.partition_index);
      if (!log) {
        result.error_code = ToInt(ErrorCode::kUnknownTopicOrPartition);
      } else if (auto moved = log->DeleteRecords(p.offset); !moved) {
        result.error_code = moved.Error().code;
      } else {
        result.low_watermark = *moved;
      }
      topic_result.partitions.push_back(std::move(result));
    }
    response.topics.push_back(std::move(topic_result));
  }
  return response;
}

}  // namespace kconnect::broker::server
