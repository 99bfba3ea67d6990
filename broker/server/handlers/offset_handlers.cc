// OffsetCommit 2–7, OffsetFetch 1–5 and OffsetDelete 0 (spec broker.md
// §7.9–7.11): the group checks are the coordinator's (ValidateOffsetCommit,
// PrepareOffsetDelete), the offsets live in broker/offsets' OffsetStore,
// durable in `__consumer_offsets` before the reply.

#include <chrono>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "broker/offsets/offset_store.h"
#include "broker/protocol/error_code.h"
#include "broker/protocol/offset_commit.h"
#include "broker/protocol/offset_delete.h"
#include "broker/protocol/offset_fetch.h"
#include "broker/server/handlers/group_service.h"
#include "broker/server/handlers/broker_context.h"
#include "broker/server/handlers/handlers.h"
#include "common/logging/logger_registry.h"

namespace kconnect::broker::server {

using common::logging::kBrokerLog;

namespace {

using protocol::ErrorCode;
using protocol::ToInt;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

protocol::OffsetCommitResponse HandleOffsetCommit(GroupService& groups,
                                                  const protocol::OffsetCommitRequest& request) {
  protocol::OffsetCommitResponse response;
  int16_t group_error = ToInt(ErrorCode::kNone);
  if (request.group_id.empty()) {
    group_error = ToInt(ErrorCode::kInvalidGroupId);
  } else {
    group_error = groups.coordinator().ValidateOffsetCommit(
        request.group_id, request.member_id, request.generation_id, request.group_instance_id);
  }
  std::vector<group::CommitEntry> entries;
  if (group_error == 0) {
    const int64_t now = NowMs();
    for (const auto& topic : request.topics) {
      for (const auto& part : topic.partitions) {
        group::CommitEntry e;
        e.topic = topic.name;
        e.partition = part.partition_index;
        e.offset = part.committed_offset;
        e.leader_epoch = part.committed_leader_epoch;
        e.metadata = part.committed_metadata;
        e.commit_timestamp_ms = now;
        entries.push_back(std::move(e));
      }
    }
  }
  std::vector<int16_t> errors =
      group_error == 0 ? groups.offsets().Commit(request.group_id, entries) : std::vector<int16_t>();
  size_t i = 0;
  for (const auto& topic : request.topics) {
    protocol::OffsetCommitResponse::OffsetCommitResponseTopic t;
    t.name = topic.name;
    for (const auto& part : topic.partitions) {
      protocol::OffsetCommitResponse::OffsetCommitResponseTopic::OffsetCommitResponsePartition p;
      p.partition_index = part.partition_index;
      p.error_code = group_error != 0 ? group_error : (i < errors.size() ? errors[i] : 0);
      ++i;
      t.partitions.push_back(p);
    }
    response.topics.push_back(std::move(t));
  }
  return response;
}

protocol::OffsetFetchResponse HandleOffsetFetch(GroupService& groups,
                                                const protocol::OffsetFetchRequest& request) {
  using Topic = protocol::OffsetFetchResponse::OffsetFetchResponseTopic;
  using Partition = Topic::OffsetFetchResponsePartition;
  protocol::OffsetFetchResponse response;
  auto filled = [](int32_t index, const std::optional<group::CommittedOffset>& c) {
    Partition p;
    p.partition_index = index;
    // Never committed: -1 and no error (ak GroupMetadataManager.getOffsets).
    p.committed_offset = c ? c->offset : -1;
    p.committed_leader_epoch = c ? c->leader_epoch : -1;
    p.metadata = c ? c->metadata : std::string();
    p.error_code = 0;
    return p;
  };
  if (!request.topics) {
    // Null topics (v2+): every committed offset of the group (kafka-python's admin).
    std::map<std::string, Topic> by_topic;
    for (const auto& [key, committed] : groups.offsets().FetchAll(request.group_id)) {
      Topic& t = by_topic[key.first];
      t.name = key.first;
      t.partitions.push_back(filled(key.second, committed));
    }
    for (auto& [name, t] : by_topic) response.topics.push_back(std::move(t));
    return response;
  }
  for (const auto& topic : *request.topics) {
    Topic t;
    t.name = topic.name;
    for (int32_t index : topic.partition_indexes) {
      t.partitions.push_back(filled(index, groups.offsets().Fetch(request.group_id, topic.name, index)));
    }
    response.topics.push_back(std::move(t));
  }
  return response;
}

protocol::OffsetDeleteResponse HandleOffsetDelete(BrokerContext& broker, GroupService& groups,
                                                  const protocol::OffsetDeleteRequest& request) {
  protocol::OffsetDeleteResponse response;
  const group::OffsetDeleteScope scope = groups.coordinator().PrepareOffsetDelete(
      request.group_id, groups.offsets().HasOffsets(request.group_id));
  if (scope.error_code != 0) {
    response.error_code = scope.error_code;  // and no topics, as Kafka answers
    return response;
  }
  std::vector<group::OffsetKey> deletable;
  for (const auto& topic : request.topics) {
    protocol::OffsetDeleteResponse::OffsetDeleteResponseTopic t;
    t.name = topic.name;
    for (const auto& part : topic.partitions) {
      protocol::OffsetDeleteResponse::OffsetDeleteResponseTopic::OffsetDeleteResponsePartition p;
      p.partition_index = part.partition_index;
      if (!broker.logs->GetLog(topic.name, part.partition_index)) {
        p.error_code = ToInt(ErrorCode::kUnknownTopicOrPartition);
      } else if (!scope.Deletable(topic.name)) {
        p.error_code = ToInt(ErrorCode::kGroupSubscribedToTopic);
      } else {
        deletable.emplace_back(topic.name, part.partition_index);
      }
      t.partitions.push_back(p);
    }
    response.topics.push_back(std::move(t));
  }
  if (!deletable.empty()) {
    auto deleted = groups.offsets().DeletePartitions(request.group_id, deletable);
    if (!deleted) {
      kBrokerLog().warn("OffsetDelete for group {} failed: {}", request.group_id,
                        deleted.Error().message);
      for (auto& t : response.topics) {
        for (auto& p : t.partitions) {
          if (p.error_code == 0) p.error_code = ToInt(ErrorCode::kKafkaStorageError);
        }
      }
    }
  }
  return response;
}

}  // namespace

void RegisterOffsetHandlers(HandlerTable& table, BrokerContext& broker) {
  GroupService* groups = broker.groups.get();
  table.Register(protocol::ApiKey::kOffsetCommit, 2, 7,
                 Unary<protocol::OffsetCommitRequest>(
                     [groups](const RequestContext&, const protocol::OffsetCommitRequest& request,
                              int16_t) { return HandleOffsetCommit(*groups, request); }));
  table.Register(protocol::ApiKey::kOffsetFetch, 1, 5,
                 Unary<protocol::OffsetFetchRequest>(
                     [groups](const RequestContext&, const protocol::OffsetFetchRequest& request,
                              int16_t) { return HandleOffsetFetch(*groups, request); }));
  table.Register(protocol::ApiKey::kOffsetDelete, 0, 0,
                 Unary<protocol::OffsetDeleteRequest>(
                     [&broker, groups](const RequestContext&,
                                       const protocol::OffsetDeleteRequest& request, int16_t) {
                       return HandleOffsetDelete(broker, *groups, request);
                     }));
}

}  // namespace kconnect::broker::server
