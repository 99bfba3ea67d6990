// The group APIs on the wire (spec broker.md §7.1–7.8, §7.11): translation
// between the generated messages and broker/group's GroupCoordinator, plus
// FindCoordinator (always this node). JoinGroup and SyncGroup replies may be
// held by the coordinator; their responder is completed from its callback,
// on whichever thread ends the wait (another member's request, or the
// ticker thread that drives the coordinator's timeouts).

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "broker/group/group_coordinator.h"
#include "broker/protocol/delete_groups.h"
#include "broker/protocol/describe_groups.h"
#include "broker/protocol/error_code.h"
#include "broker/protocol/find_coordinator.h"
#include "broker/protocol/heartbeat.h"
#include "broker/protocol/join_group.h"
#include "broker/protocol/leave_group.h"
#include "broker/protocol/list_groups.h"
#include "broker/protocol/sync_group.h"
#include "broker/server/handlers/group_service.h"
#include "broker/server/handlers/handlers.h"
#include "common/logging/logger_registry.h"

namespace kconnect::broker::server {

using common::logging::kBrokerLog;

storage::Result<std::shared_ptr<GroupService>> GroupService::Create(
    group::GroupCoordinatorConfig config, storage::LogManager& logs, int32_t offsets_partitions) {
  group::OffsetStore::Options options;
  options.partitions = offsets_partitions;
  auto offsets = group::OffsetStore::Open(logs, options);
  if (!offsets) return offsets.Error();
  auto service = std::make_shared<GroupService>(std::move(config), std::move(offsets).Value());
  // Groups are not persisted, their offsets are: after a restart a group
  // with offsets exists (Empty), as on Kafka, for ListGroups and DeleteGroups.
  for (const auto& id : service->offsets().Groups()) service->coordinator().EnsureEmptyGroup(id);
  return service;
}

GroupService::GroupService(group::GroupCoordinatorConfig config,
                           std::unique_ptr<group::OffsetStore> offsets)
    : coordinator_(std::move(config)), offsets_(std::move(offsets)), ticker_([this] { Run(); }) {}

GroupService::~GroupService() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  ticker_.join();
}

void GroupService::Run() {
  // Deadlines matter to the millisecond only loosely (session timeouts are
  // seconds), so a 100 ms ceiling on the wait keeps this simple: the
  // coordinator says when its next deadline is, and new requests that move
  // it earlier are at most 100 ms late.
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    coordinator_.Tick();
    auto next = coordinator_.NextDeadlineMs();
    lock.lock();
    auto wait = std::chrono::milliseconds(100);
    if (next) {
      const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now().time_since_epoch())
                              .count();
      wait = std::chrono::milliseconds(std::clamp<int64_t>(*next - now, 1, 100));
    }
    cv_.wait_for(lock, wait, [this] { return stopping_; });
  }
}

namespace {

using protocol::ErrorCode;
using protocol::ToInt;

template <typename Response>
void Answer(const Responder& responder, const protocol::RequestHeader& header,
            const Response& response) {
  responder.Complete(EncodeResponse(header.request_api_key, header.request_api_version,
                                    header.correlation_id, response, responder.TakeBuffer()));
}

// Decodes `body` or closes the connection (a request the codec cannot read).
template <typename Request>
bool Decode(std::span<const uint8_t> body, const protocol::RequestHeader& header,
            const Responder& responder, Request* request) {
  protocol::Status status = protocol::DecodeExact(body, header.request_api_version, request);
  if (status.IsOk()) return true;
  responder.CloseConnection(std::string(Request::kName) + " v" +
                            std::to_string(header.request_api_version) +
                            " could not be decoded: " + status.Message());
  return false;
}

void HandleFindCoordinator(BrokerContext& broker, const RequestContext& ctx,
                           const protocol::RequestHeader& header, std::span<const uint8_t> body,
                           const Responder& responder) {
  protocol::FindCoordinatorRequest request;
  if (!Decode(body, header, responder, &request)) return;
  protocol::FindCoordinatorResponse response;
  if (request.key_type == 0) {
    const AdvertisedEndpoint self = broker.advertised(ctx.listener);
    response.node_id = broker.settings.node_id;
    response.host = self.host;
    response.port = self.port;
  } else {
    // 1 = transaction coordinator: there are no transactions here.
    response.error_code = ToInt(request.key_type == 1 ? ErrorCode::kCoordinatorNotAvailable
                                                      : ErrorCode::kInvalidRequest);
    response.error_message = request.key_type == 1
                                 ? "transactions are not supported by this broker"
                                 : "unknown key_type " + std::to_string(request.key_type);
    response.node_id = -1;
    response.port = -1;
  }
  Answer(responder, header, response);
}

void HandleJoinGroup(GroupService& groups, const RequestContext& ctx,
                     const protocol::RequestHeader& header, std::span<const uint8_t> body,
                     const Responder& responder) {
  protocol::JoinGroupRequest request;
  if (!Decode(body, header, responder, &request)) return;
  group::JoinGroupRequest join;
  join.api_version = header.request_api_version;
  join.group_id = std::move(request.group_id);
  join.session_timeout_ms = request.session_timeout_ms;
  join.rebalance_timeout_ms = request.rebalance_timeout_ms;
  join.member_id = std::move(request.member_id);
  join.group_instance_id = std::move(request.group_instance_id);
  join.protocol_type = std::move(request.protocol_type);
  for (auto& p : request.protocols) {
    join.protocols.push_back(group::GroupProtocol{std::move(p.name), std::move(p.metadata)});
  }
  join.client_id = header.client_id.value_or("");
  join.client_host = ctx.peer;
  groups.coordinator().JoinGroup(
      std::move(join), [responder, header](group::JoinGroupResult result) {
        protocol::JoinGroupResponse response;
        response.error_code = result.error_code;
        response.generation_id = result.generation_id;
        response.protocol_name = std::move(result.protocol_name);
        response.leader = std::move(result.leader);
        response.member_id = std::move(result.member_id);
        for (auto& m : result.members) {
          protocol::JoinGroupResponse::JoinGroupResponseMember member;
          member.member_id = std::move(m.member_id);
          member.group_instance_id = std::move(m.group_instance_id);
          member.metadata = std::move(m.metadata);
          response.members.push_back(std::move(member));
        }
        Answer(responder, header, response);
      });
}

void HandleSyncGroup(GroupService& groups, const protocol::RequestHeader& header,
                     std::span<const uint8_t> body, const Responder& responder) {
  protocol::SyncGroupRequest request;
  if (!Decode(body, header, responder, &request)) return;
  group::SyncGroupRequest sync;
  sync.group_id = std::move(request.group_id);
  sync.generation_id = request.generation_id;
  sync.member_id = std::move(request.member_id);
  sync.group_instance_id = std::move(request.group_instance_id);
  for (auto& a : request.assignments) {
    sync.assignments.push_back(group::SyncGroupAssignment{std::move(a.member_id), std::move(a.assignment)});
  }
  groups.coordinator().SyncGroup(std::move(sync), [responder, header](group::SyncGroupResult result) {
    protocol::SyncGroupResponse response;
    response.error_code = result.error_code;
    response.assignment = std::move(result.assignment);
    Answer(responder, header, response);
  });
}

void HandleHeartbeat(GroupService& groups, const protocol::RequestHeader& header,
                     std::span<const uint8_t> body, const Responder& responder) {
  protocol::HeartbeatRequest request;
  if (!Decode(body, header, responder, &request)) return;
  group::HeartbeatRequest beat;
  beat.group_id = std::move(request.group_id);
  beat.generation_id = request.generation_id;
  beat.member_id = std::move(request.member_id);
  beat.group_instance_id = std::move(request.group_instance_id);
  protocol::HeartbeatResponse response;
  response.error_code = groups.coordinator().Heartbeat(beat);
  Answer(responder, header, response);
}

void HandleLeaveGroup(GroupService& groups, const protocol::RequestHeader& header,
                      std::span<const uint8_t> body, const Responder& responder) {
  protocol::LeaveGroupRequest request;
  if (!Decode(body, header, responder, &request)) return;
  group::LeaveGroupRequest leave;
  leave.group_id = std::move(request.group_id);
  if (header.request_api_version < 3) {
    leave.members.push_back(group::LeaveGroupMember{std::move(request.member_id), std::nullopt});
  } else {
    for (auto& m : request.members) {
      leave.members.push_back(group::LeaveGroupMember{std::move(m.member_id), std::move(m.group_instance_id)});
    }
  }
  const group::LeaveGroupResult result = groups.coordinator().LeaveGroup(leave);
  protocol::LeaveGroupResponse response;
  if (header.request_api_version < 3) {
    response.error_code = result.LegacyErrorCode();
  } else {
    response.error_code = result.error_code;
    for (const auto& m : result.members) {
      protocol::LeaveGroupResponse::MemberResponse member;
      member.member_id = m.member_id;
      member.group_instance_id = m.group_instance_id;
      member.error_code = m.error_code;
      response.members.push_back(std::move(member));
    }
  }
  Answer(responder, header, response);
}

void HandleListGroups(GroupService& groups, const protocol::RequestHeader& header,
                      std::span<const uint8_t> body, const Responder& responder) {
  protocol::ListGroupsRequest request;
  if (!Decode(body, header, responder, &request)) return;
  protocol::ListGroupsResponse response;
  for (const auto& g : groups.coordinator().ListGroups()) {
    protocol::ListGroupsResponse::ListedGroup listed;
    listed.group_id = g.group_id;
    listed.protocol_type = g.protocol_type;
    response.groups.push_back(std::move(listed));
  }
  Answer(responder, header, response);
}

void HandleDescribeGroups(GroupService& groups, const protocol::RequestHeader& header,
                          std::span<const uint8_t> body, const Responder& responder) {
  protocol::DescribeGroupsRequest request;
  if (!Decode(body, header, responder, &request)) return;
  protocol::DescribeGroupsResponse response;
  for (auto& g : groups.coordinator().DescribeGroups(request.groups)) {
    protocol::DescribeGroupsResponse::DescribedGroup described;
    described.error_code = g.error_code;
    described.group_id = std::move(g.group_id);
    described.group_state = std::move(g.state);
    described.protocol_type = std::move(g.protocol_type);
    described.protocol_data = std::move(g.protocol_data);
    for (auto& m : g.members) {
      protocol::DescribeGroupsResponse::DescribedGroup::DescribedGroupMember member;
      member.member_id = std::move(m.member_id);
      member.group_instance_id = std::move(m.group_instance_id);
      member.client_id = std::move(m.client_id);
      member.client_host = std::move(m.client_host);
      member.member_metadata = std::move(m.metadata);
      member.member_assignment = std::move(m.assignment);
      described.members.push_back(std::move(member));
    }
    response.groups.push_back(std::move(described));
  }
  Answer(responder, header, response);
}

void HandleDeleteGroups(GroupService& groups, const protocol::RequestHeader& header,
                        std::span<const uint8_t> body, const Responder& responder) {
  protocol::DeleteGroupsRequest request;
  if (!Decode(body, header, responder, &request)) return;
  protocol::DeleteGroupsResponse response;
  for (const auto& g : groups.coordinator().DeleteGroups(request.groups_names)) {
    protocol::DeleteGroupsResponse::DeletableGroupResult result;
    result.group_id = g.group_id;
    result.error_code = g.error_code;
    if (g.error_code == 0) {
      if (auto deleted = groups.offsets().DeleteGroup(g.group_id); !deleted) {
        result.error_code = deleted.Error().code;
        kBrokerLog().warn("DeleteGroups {}: its offsets could not be deleted: {}", g.group_id,
                          deleted.Error().message);
      }
    }
    response.results.push_back(std::move(result));
  }
  Answer(responder, header, response);
}

}  // namespace

void RegisterGroupHandlers(HandlerTable& table, BrokerContext& broker) {
  GroupService* groups = broker.groups.get();
  if (groups == nullptr) {
    kBrokerLog().error("No group service: the group and offset APIs are not served");
    return;
  }

  table.Register(protocol::ApiKey::kFindCoordinator, 0, 2,
                 [&broker](const RequestContext& ctx, const protocol::RequestHeader& header,
                           std::span<const uint8_t> body, Responder responder) {
                   HandleFindCoordinator(broker, ctx, header, body, responder);
                 });
  table.Register(protocol::ApiKey::kJoinGroup, 0, 5,
                 [groups](const RequestContext& ctx, const protocol::RequestHeader& header,
                          std::span<const uint8_t> body, Responder responder) {
                   HandleJoinGroup(*groups, ctx, header, body, responder);
                 });
  table.Register(protocol::ApiKey::kSyncGroup, 0, 3,
                 [groups](const RequestContext&, const protocol::RequestHeader& header,
                          std::span<const uint8_t> body, Responder responder) {
                   HandleSyncGroup(*groups, header, body, responder);
                 });
  table.Register(protocol::ApiKey::kHeartbeat, 0, 3,
                 [groups](const RequestContext&, const protocol::RequestHeader& header,
                          std::span<const uint8_t> body, Responder responder) {
                   HandleHeartbeat(*groups, header, body, responder);
                 });
  table.Register(protocol::ApiKey::kLeaveGroup, 0, 3,
                 [groups](const RequestContext&, const protocol::RequestHeader& header,
                          std::span<const uint8_t> body, Responder responder) {
                   HandleLeaveGroup(*groups, header, body, responder);
                 });
  table.Register(protocol::ApiKey::kListGroups, 0, 2,
                 [groups](const RequestContext&, const protocol::RequestHeader& header,
                          std::span<const uint8_t> body, Responder responder) {
                   HandleListGroups(*groups, header, body, responder);
                 });
  table.Register(protocol::ApiKey::kDescribeGroups, 0, 4,
                 [groups](const RequestContext&, const protocol::RequestHeader& header,
                          std::span<const uint8_t> body, Responder responder) {
                   HandleDescribeGroups(*groups, header, body, responder);
                 });
  table.Register(protocol::ApiKey::kDeleteGroups, 0, 1,
                 [groups](const RequestContext&, const protocol::RequestHeader& header,
                          std::span<const uint8_t> body, Responder responder) {
                   HandleDeleteGroups(*groups, header, body, responder);
                 });
}

}  // namespace kconnect::broker::server
