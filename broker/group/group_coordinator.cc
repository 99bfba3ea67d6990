#include "broker/group/group_coordinator.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <utility>

#include "broker/group/group_metadata.h"
#include "common/logging/logger_registry.h"

namespace kconnect::broker::group {

using common::logging::kBrokerLog;

using internal::Group;
using internal::Member;

namespace {

JoinGroupResult JoinError(int16_t error, std::string member_id) {
  JoinGroupResult r;
  r.error_code = error;
  r.member_id = std::move(member_id);
  return r;
}

SyncGroupResult SyncError(int16_t error) {
  SyncGroupResult r;
  r.error_code = error;
  return r;
}

}  // namespace

std::string_view GroupStateName(GroupState state) {
  switch (state) {
    case GroupState::kEmpty:
      return "Empty";
    case GroupState::kPreparingRebalance:
      return "PreparingRebalance";
    case GroupState::kCompletingRebalance:
      return "CompletingRebalance";
    case GroupState::kStable:
      return "Stable";
    case GroupState::kDead:
      return "Dead";
  }
  return "Dead";
}

SteadyClock SteadyMillisClock() {
  return [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
  };
}

int16_t LeaveGroupResult::LegacyErrorCode() const {
  if (error_code != errors::kNone) return error_code;
  for (const auto& m : members) {
    if (m.error_code != errors::kNone) return m.error_code;
  }
  return errors::kNone;
}

GroupCoordinator::GroupCoordinator(GroupCoordinatorConfig config)
    : config_(std::move(config)),
      clock_(config_.clock ? config_.clock : SteadyMillisClock()),
      rng_(std::random_device{}()) {}

GroupCoordinator::~GroupCoordinator() {
  Outbox out;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [gid, g] : groups_) {
      for (auto& [mid, m] : g->members) {
        if (m.join_done) {
          out.push_back([done = std::move(m.join_done), id = mid] {
            done(JoinError(errors::kNotCoordinator, id));
          });
        }
        if (m.sync_done) {
          out.push_back(
              [done = std::move(m.sync_done)] { done(SyncError(errors::kNotCoordinator)); });
        }
      }
    }
  }
  for (auto& f : out) f();
}

// --- JoinGroup ---------------------------------------------------------------

void GroupCoordinator::JoinGroup(JoinGroupRequest request, JoinGroupCallback done) {
  Outbox out;
  auto reply_now = [&](JoinGroupResult r) {
    out.push_back([done = std::move(done), r = std::move(r)]() mutable { done(std::move(r)); });
  };
  {
    std::lock_guard<std::mutex> lock(mu_);
    const int64_t now = clock_();
    const std::string member_id = request.member_id;
    if (request.group_id.empty()) {
      reply_now(JoinError(errors::kInvalidGroupId, member_id));
    } else if (request.session_timeout_ms < config_.group_min_session_timeout_ms ||
               request.session_timeout_ms > config_.group_max_session_timeout_ms) {
      reply_now(JoinError(errors::kInvalidSessionTimeout, member_id));
    } else {
      const int32_t rebalance_timeout_ms =
          request.api_version == 0 || request.rebalance_timeout_ms < 0
              ? request.session_timeout_ms
              : request.rebalance_timeout_ms;
      Group* g = FindLocked(request.group_id);
      if (member_id.empty()) {
        // A group is only created for a join that is accepted, so a rejected one
        // leaves no Empty group behind.
        const bool ok =
            g != nullptr ? g->SupportsProtocols(request.protocol_type, request.protocols, nullptr)
                         : !request.protocol_type.empty() && !request.protocols.empty();
        if (!ok) {
          reply_now(JoinError(errors::kInconsistentGroupProtocol, member_id));
        } else {
          Group& group = g != nullptr ? *g : GetOrCreateLocked(request.group_id);
          std::string new_id = NewMemberIdLocked(group, request.client_id);
          // KIP-394: from v4 a member must come back with the id before it counts
          // (a client that dies between the two leaves no member to expire). A
          // static member (group_instance_id) is admitted at once.
          if (request.group_instance_id &&
              group.static_members.count(*request.group_instance_id) != 0) {
            ReplaceStaticMember(group, request, new_id, rebalance_timeout_ms, std::move(done), now,
                                out);
          } else if (request.api_version >= 4 && !request.group_instance_id.has_value()) {
            group.pending_members[new_id] = now + request.session_timeout_ms;
            kBrokerLog().debug("group {}: member id {} handed out (MEMBER_ID_REQUIRED)", group.id,
                               new_id);
            reply_now(JoinError(errors::kMemberIdRequired, new_id));
          } else {
            AddMemberAndRebalance(group, request, new_id, rebalance_timeout_ms, std::move(done),
                                  now, out);
          }
        }
      } else if (g == nullptr) {
        reply_now(JoinError(errors::kUnknownMemberId, member_id));
      } else if (g->IsFenced(request.group_instance_id, member_id)) {
        reply_now(JoinError(errors::kFencedInstanceId, member_id));
      } else if (!g->SupportsProtocols(request.protocol_type, request.protocols, &member_id)) {
        reply_now(JoinError(errors::kInconsistentGroupProtocol, member_id));
      } else if (g->pending_members.erase(member_id) != 0) {
        AddMemberAndRebalance(*g, request, member_id, rebalance_timeout_ms, std::move(done), now,
                              out);
      } else if (!g->Has(member_id)) {
        reply_now(JoinError(errors::kUnknownMemberId, member_id));
      } else {
        Member& m = g->members.at(member_id);
        m.deadline_ms = now + request.session_timeout_ms;
        switch (g->state) {
          case GroupState::kPreparingRebalance:
            UpdateMemberAndRebalance(*g, m, request, rebalance_timeout_ms, std::move(done), now,
                                     out);
            break;
          case GroupState::kCompletingRebalance:
            // Same metadata: most likely the first reply was lost; resend it
            // rather than start another rebalance.
            if (m.Matches(request.protocols)) {
              reply_now(CurrentJoinResult(*g, m));
            } else {
              UpdateMemberAndRebalance(*g, m, request, rebalance_timeout_ms, std::move(done), now,
                                       out);
            }
            break;
          case GroupState::kStable:
            // A rejoining leader always rebalances: that is how it asks to
            // reassign (e.g. after a topic change only it noticed).
            if (m.id == g->leader_id || !m.Matches(request.protocols)) {
              UpdateMemberAndRebalance(*g, m, request, rebalance_timeout_ms, std::move(done), now,
                                       out);
            } else {
              reply_now(CurrentJoinResult(*g, m));
            }
            break;
          case GroupState::kEmpty:
          case GroupState::kDead:
            reply_now(JoinError(errors::kUnknownMemberId, member_id));
            break;
        }
      }
      if (Group* after = FindLocked(request.group_id);
          after != nullptr && after->state == GroupState::kPreparingRebalance) {
        TryCompleteJoin(*after, now, out);
      }
    }
  }
  for (auto& f : out) f();
}

void GroupCoordinator::AddMemberAndRebalance(Group& group, JoinGroupRequest& request,
                                             const std::string& member_id,
                                             int32_t rebalance_timeout_ms, JoinGroupCallback done,
                                             int64_t now, Outbox& out) {
  if (group.members.empty()) group.protocol_type = request.protocol_type;
  Member& m = group.members[member_id];
  m.id = member_id;
  m.instance_id = std::move(request.group_instance_id);
  if (m.instance_id) group.static_members[*m.instance_id] = member_id;
  m.client_id = std::move(request.client_id);
  m.client_host = std::move(request.client_host);
  m.session_timeout_ms = request.session_timeout_ms;
  m.rebalance_timeout_ms = rebalance_timeout_ms;
  m.protocol_type = std::move(request.protocol_type);
  m.protocols = std::move(request.protocols);
  m.join_done = std::move(done);
  m.is_new = true;
  m.join_seq = ++join_seq_;
  m.deadline_ms = now + config_.new_member_join_timeout_ms;
  if (group.leader_id.empty()) group.leader_id = member_id;
  if (group.state == GroupState::kPreparingRebalance && group.in_initial_delay) {
    group.new_member_added = true;
  }
  kBrokerLog().debug("group {}: member {} joined", group.id, member_id);
  MaybePrepareRebalance(group, now, out, "new member joined");
}

void GroupCoordinator::ReplaceStaticMember(Group& group, JoinGroupRequest& request,
                                           const std::string& new_id, int32_t rebalance_timeout_ms,
                                           JoinGroupCallback done, int64_t now, Outbox& out) {
  const std::string& instance_id = *request.group_instance_id;
  const std::string old_id = group.static_members.at(instance_id);
  auto node = group.members.extract(old_id);
  Member& old = node.mapped();
  // Whatever the old incarnation still has held learns that it was replaced.
  if (old.join_done) {
    out.push_back([d = std::move(old.join_done), old_id] {
      d(JoinError(errors::kFencedInstanceId, old_id));
    });
    old.join_done = nullptr;
  }
  if (old.sync_done) {
    out.push_back([d = std::move(old.sync_done)] { d(SyncError(errors::kFencedInstanceId)); });
    old.sync_done = nullptr;
  }
  node.key() = new_id;
  node.mapped().id = new_id;
  Member& m = group.members.insert(std::move(node)).position->second;
  group.static_members[instance_id] = new_id;
  if (group.pending_sync.erase(old_id) != 0) group.pending_sync.insert(new_id);
  const std::string previous_leader = group.leader_id;
  if (group.leader_id == old_id) group.leader_id = new_id;
  m.deadline_ms = now + request.session_timeout_ms;
  kBrokerLog().info("group {}: static member {} rejoined as {} (replacing {})", group.id,
                    instance_id, new_id, old_id);

  if (group.state == GroupState::kStable) {
    // No rebalance when the protocol the next generation would choose is the
    // current one (ak updateStaticMemberAndRebalance): the member syncs and
    // gets its old assignment. The reply names the previous leader, so a
    // replaced leader does not compute an assignment a Stable group would
    // never hand out.
    std::vector<GroupProtocol> previous = std::move(m.protocols);
    m.protocols = request.protocols;
    if (group.SelectProtocol() == group.protocol_name) {
      m.session_timeout_ms = request.session_timeout_ms;
      m.rebalance_timeout_ms = rebalance_timeout_ms;
      m.client_id = std::move(request.client_id);
      m.client_host = std::move(request.client_host);
      JoinGroupResult r;
      r.generation_id = group.generation;
      r.protocol_name = group.protocol_name;
      r.leader = previous_leader;
      r.member_id = new_id;
      out.push_back([done = std::move(done), r = std::move(r)]() mutable { done(std::move(r)); });
      return;
    }
    m.protocols = std::move(previous);
  }
  UpdateMemberAndRebalance(group, m, request, rebalance_timeout_ms, std::move(done), now, out);
}

void GroupCoordinator::UpdateMemberAndRebalance(Group& group, Member& member,
                                                JoinGroupRequest& request,
                                                int32_t rebalance_timeout_ms,
                                                JoinGroupCallback done, int64_t now, Outbox& out) {
  member.session_timeout_ms = request.session_timeout_ms;
  member.rebalance_timeout_ms = rebalance_timeout_ms;
  member.protocols = std::move(request.protocols);
  member.client_id = std::move(request.client_id);
  member.client_host = std::move(request.client_host);
  if (member.join_done) {
    // A second JoinGroup while one is held (a client retrying on a new
    // connection): the newer one waits; the older must still get exactly one
    // answer, and "rejoin" is what it would act on.
    out.push_back([old = std::move(member.join_done), id = member.id] {
      old(JoinError(errors::kRebalanceInProgress, id));
    });
  }
  member.join_done = std::move(done);
  member.join_seq = ++join_seq_;
  MaybePrepareRebalance(group, now, out, "member rejoined");
}

void GroupCoordinator::MaybePrepareRebalance(Group& group, int64_t now, Outbox& out,
                                             std::string_view reason) {
  if (group.state == GroupState::kStable || group.state == GroupState::kCompletingRebalance ||
      group.state == GroupState::kEmpty) {
    PrepareRebalance(group, now, out, reason);
  }
}

void GroupCoordinator::PrepareRebalance(Group& group, int64_t now, Outbox& out,
                                        std::string_view reason) {
  if (group.state == GroupState::kCompletingRebalance) {
    // The assignments of the generation being formed will never come: release
    // the followers waiting for them so they rejoin.
    for (auto& [id, m] : group.members) {
      m.assignment.clear();
      if (m.sync_done) {
        out.push_back(
            [done = std::move(m.sync_done)] { done(SyncError(errors::kRebalanceInProgress)); });
      }
    }
  }
  group.pending_sync.clear();
  const bool from_empty = group.state == GroupState::kEmpty;
  group.state = GroupState::kPreparingRebalance;
  const int32_t rebalance_timeout_ms = group.RebalanceTimeoutMs();
  const int32_t delay_ms = config_.group_initial_rebalance_delay_ms;
  group.new_member_added = false;
  if (from_empty && delay_ms > 0) {
    group.in_initial_delay = true;
    group.join_deadline_ms = now + delay_ms;
    group.initial_delay_remaining_ms = std::max<int64_t>(rebalance_timeout_ms - delay_ms, 0);
  } else {
    group.in_initial_delay = false;
    group.join_deadline_ms = now + rebalance_timeout_ms;
  }
  kBrokerLog().info("group {}: preparing rebalance (generation {}, {} members): {}", group.id,
                    group.generation, group.members.size(), reason);
}

void GroupCoordinator::TryCompleteJoin(Group& group, int64_t now, Outbox& out) {
  // The initial delay is there to collect members, so it always runs out.
  if (group.state == GroupState::kPreparingRebalance && !group.in_initial_delay &&
      group.AllMembersJoined()) {
    CompleteJoin(group, now, out);
  }
}

void GroupCoordinator::CompleteJoin(Group& group, int64_t now, Outbox& out) {
  std::vector<std::string> missing;
  for (const auto& [id, m] : group.members) {
    if (!m.awaiting_join()) missing.push_back(id);
  }
  for (const auto& id : missing) {
    kBrokerLog().info("group {}: removing member {}: did not rejoin within the rebalance timeout",
                      group.id, id);
    EraseMember(group, id, out);
  }
  group.in_initial_delay = false;
  group.new_member_added = false;
  group.leader_id = group.ElectLeader();
  ++group.generation;
  if (group.members.empty()) {
    group.state = GroupState::kEmpty;
    group.protocol_name.clear();
    kBrokerLog().info("group {}: empty at generation {}", group.id, group.generation);
    return;
  }
  group.protocol_name = group.SelectProtocol();
  group.state = GroupState::kCompletingRebalance;
  for (auto& [id, m] : group.members) {
    JoinGroupResult r = CurrentJoinResult(group, m);
    out.push_back(
        [done = std::move(m.join_done), r = std::move(r)]() mutable { done(std::move(r)); });
    m.join_done = nullptr;
    m.is_new = false;
    m.deadline_ms = now + m.session_timeout_ms;
    group.pending_sync.insert(id);
  }
  group.sync_deadline_ms = now + group.RebalanceTimeoutMs();
  kBrokerLog().info("group {}: generation {} formed, protocol {}, leader {}, {} members", group.id,
                    group.generation, group.protocol_name, group.leader_id, group.members.size());
}

JoinGroupResult GroupCoordinator::CurrentJoinResult(const Group& group, const Member& member) {
  JoinGroupResult r;
  r.generation_id = group.generation;
  r.protocol_name = group.protocol_name;
  r.leader = group.leader_id;
  r.member_id = member.id;
  if (member.id == group.leader_id) {
    for (const auto& [id, m] : group.members) {
      r.members.push_back({id, m.instance_id, m.MetadataFor(group.protocol_name)});
    }
  }
  return r;
}

// --- Member removal ------------------------------------------------------------

void GroupCoordinator::EraseMember(Group& group, const std::string& member_id, Outbox& out) {
  auto it = group.members.find(member_id);
  if (it == group.members.end()) return;
  Member& m = it->second;
  if (m.join_done) {
    out.push_back([done = std::move(m.join_done), id = member_id] {
      done(JoinError(errors::kUnknownMemberId, id));
    });
  }
  if (m.sync_done) {
    out.push_back([done = std::move(m.sync_done)] { done(SyncError(errors::kUnknownMemberId)); });
  }
  if (m.instance_id) {
    auto st = group.static_members.find(*m.instance_id);
    if (st != group.static_members.end() && st->second == member_id) group.static_members.erase(st);
  }
  group.members.erase(it);
  group.pending_sync.erase(member_id);
  if (group.leader_id == member_id) group.leader_id = group.ElectLeader();
}

void GroupCoordinator::RemoveMemberAndUpdate(Group& group, const std::string& member_id,
                                             int64_t now, Outbox& out, std::string_view reason) {
  EraseMember(group, member_id, out);
  switch (group.state) {
    case GroupState::kStable:
    case GroupState::kCompletingRebalance:
      PrepareRebalance(group, now, out, reason);
      TryCompleteJoin(group, now, out);
      break;
    case GroupState::kPreparingRebalance:
      TryCompleteJoin(group, now, out);
      break;
    case GroupState::kEmpty:
    case GroupState::kDead:
      break;
  }
}

// --- SyncGroup ---------------------------------------------------------------

void GroupCoordinator::SyncGroup(SyncGroupRequest request, SyncGroupCallback done) {
  Outbox out;
  auto reply_now = [&](SyncGroupResult r) {
    out.push_back([done = std::move(done), r = std::move(r)]() mutable { done(std::move(r)); });
  };
  {
    std::lock_guard<std::mutex> lock(mu_);
    const int64_t now = clock_();
    Group* g = request.group_id.empty() ? nullptr : FindLocked(request.group_id);
    if (request.group_id.empty()) {
      reply_now(SyncError(errors::kInvalidGroupId));
    } else if (g != nullptr && g->IsFenced(request.group_instance_id, request.member_id)) {
      reply_now(SyncError(errors::kFencedInstanceId));
    } else if (g == nullptr || !g->Has(request.member_id)) {
      reply_now(SyncError(errors::kUnknownMemberId));
    } else if (request.generation_id != g->generation) {
      reply_now(SyncError(errors::kIllegalGeneration));
    } else {
      Member& m = g->members.at(request.member_id);
      switch (g->state) {
        case GroupState::kEmpty:
        case GroupState::kDead:
          reply_now(SyncError(errors::kUnknownMemberId));
          break;
        case GroupState::kPreparingRebalance:
          reply_now(SyncError(errors::kRebalanceInProgress));
          break;
        case GroupState::kCompletingRebalance: {
          m.deadline_ms = now + m.session_timeout_ms;
          g->pending_sync.erase(m.id);
          if (m.sync_done) {
            out.push_back(
                [old = std::move(m.sync_done)] { old(SyncError(errors::kRebalanceInProgress)); });
          }
          m.sync_done = std::move(done);
          if (m.id == g->leader_id) {
            std::map<std::string, std::vector<uint8_t>> by_member;
            for (auto& a : request.assignments) {
              by_member[a.member_id] = std::move(a.assignment);
            }
            for (auto& [id, member] : g->members) {
              auto it = by_member.find(id);
              // Members the leader left out get empty bytes; ids it invented
              // are ignored.
              member.assignment =
                  it == by_member.end() ? std::vector<uint8_t>{} : std::move(it->second);
              if (member.sync_done) {
                SyncGroupResult r;
                r.assignment = member.assignment;
                out.push_back([d = std::move(member.sync_done), r = std::move(r)]() mutable {
                  d(std::move(r));
                });
                member.sync_done = nullptr;
                member.deadline_ms = now + member.session_timeout_ms;
              }
            }
            g->state = GroupState::kStable;
            kBrokerLog().info("group {}: generation {} stable", g->id, g->generation);
          }
          break;
        }
        case GroupState::kStable: {
          m.deadline_ms = now + m.session_timeout_ms;
          g->pending_sync.erase(m.id);
          SyncGroupResult r;
          r.assignment = m.assignment;
          reply_now(std::move(r));
          break;
        }
      }
    }
  }
  for (auto& f : out) f();
}

// --- Heartbeat / LeaveGroup ----------------------------------------------------

int16_t GroupCoordinator::Heartbeat(const HeartbeatRequest& request) {
  if (request.group_id.empty()) return errors::kInvalidGroupId;
  std::lock_guard<std::mutex> lock(mu_);
  Group* g = FindLocked(request.group_id);
  if (g != nullptr && g->IsFenced(request.group_instance_id, request.member_id)) {
    return errors::kFencedInstanceId;
  }
  if (g == nullptr || g->state == GroupState::kEmpty || !g->Has(request.member_id)) {
    return errors::kUnknownMemberId;
  }
  if (request.generation_id != g->generation) return errors::kIllegalGeneration;
  Member& m = g->members.at(request.member_id);
  m.deadline_ms = clock_() + m.session_timeout_ms;
  // During PreparingRebalance the heartbeat still counts (the session is
  // refreshed) but the answer tells the member to rejoin.
  return g->state == GroupState::kPreparingRebalance ? errors::kRebalanceInProgress : errors::kNone;
}

LeaveGroupResult GroupCoordinator::LeaveGroup(const LeaveGroupRequest& request) {
  LeaveGroupResult result;
  if (request.group_id.empty()) {
    result.error_code = errors::kInvalidGroupId;
    return result;
  }
  Outbox out;
  {
    std::lock_guard<std::mutex> lock(mu_);
    const int64_t now = clock_();
    Group* g = FindLocked(request.group_id);
    for (const auto& leaving : request.members) {
      LeaveGroupMemberResult r{leaving.member_id, leaving.group_instance_id, errors::kNone};
      if (g == nullptr) {
        r.error_code = errors::kUnknownMemberId;
      } else if (leaving.member_id.empty()) {
        // KIP-345: an admin removes a static member by instance id alone.
        auto st = leaving.group_instance_id ? g->static_members.find(*leaving.group_instance_id)
                                            : g->static_members.end();
        if (st == g->static_members.end()) {
          r.error_code = errors::kUnknownMemberId;
        } else {
          const std::string current = st->second;
          kBrokerLog().info("group {}: static member {} ({}) removed", g->id, st->first, current);
          RemoveMemberAndUpdate(*g, current, now, out, "static member removed");
        }
      } else if (g->pending_members.erase(leaving.member_id) != 0) {
        // A KIP-394 id that never joined: only the join phase may be waiting for it.
        TryCompleteJoin(*g, now, out);
      } else if (g->IsFenced(leaving.group_instance_id, leaving.member_id)) {
        r.error_code = errors::kFencedInstanceId;
      } else if (!g->Has(leaving.member_id)) {
        r.error_code = errors::kUnknownMemberId;
      } else {
        kBrokerLog().info("group {}: member {} left", g->id, leaving.member_id);
        RemoveMemberAndUpdate(*g, leaving.member_id, now, out, "member left");
      }
      result.members.push_back(std::move(r));
    }
  }
  for (auto& f : out) f();
  return result;
}

// --- ListGroups / DescribeGroups / DeleteGroups -----------------------------

std::vector<ListedGroup> GroupCoordinator::ListGroups() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<ListedGroup> result;
  result.reserve(groups_.size());
  for (const auto& [id, g] : groups_) result.push_back({id, g->protocol_type, g->state});
  return result;
}

std::vector<DescribedGroup> GroupCoordinator::DescribeGroups(
    const std::vector<std::string>& group_ids) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<DescribedGroup> result;
  result.reserve(group_ids.size());
  for (const auto& gid : group_ids) {
    DescribedGroup d;
    d.group_id = gid;
    const Group* g = FindLocked(gid);
    if (g == nullptr) {
      // Kafka answers an unknown group with success and state Dead; KafkaJS's
      // offset admin relies on it.
      d.state = std::string(GroupStateName(GroupState::kDead));
      result.push_back(std::move(d));
      continue;
    }
    d.state = std::string(GroupStateName(g->state));
    d.protocol_type = g->protocol_type;
    // Metadata and assignments only mean something once a generation is in
    // force (ak GroupMetadata.summary).
    const bool stable = g->state == GroupState::kStable;
    if (stable) d.protocol_data = g->protocol_name;
    for (const auto& [mid, m] : g->members) {
      DescribedMember dm;
      dm.member_id = mid;
      dm.group_instance_id = m.instance_id;
      dm.client_id = m.client_id;
      dm.client_host = m.client_host;
      if (stable) {
        dm.metadata = m.MetadataFor(g->protocol_name);
        dm.assignment = m.assignment;
      }
      d.members.push_back(std::move(dm));
    }
    result.push_back(std::move(d));
  }
  return result;
}

namespace {

// The topics of a ConsumerProtocolSubscription (any version: int16 version,
// then the topics as an int32-counted array of int16-length strings), or
// nullopt if the bytes are not one.
std::optional<std::vector<std::string>> SubscribedTopics(const std::vector<uint8_t>& metadata) {
  size_t pos = 0;
  auto read = [&](size_t n, uint64_t* out) {
    if (metadata.size() - pos < n) return false;
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v = (v << 8) | metadata[pos + i];
    pos += n;
    *out = v;
    return true;
  };
  uint64_t version = 0;
  uint64_t count = 0;
  if (!read(2, &version) || !read(4, &count) || count > metadata.size()) return std::nullopt;
  std::vector<std::string> topics;
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t len = 0;
    if (!read(2, &len) || len > 0x7fff || metadata.size() - pos < len) return std::nullopt;
    topics.emplace_back(reinterpret_cast<const char*>(metadata.data() + pos), len);
    pos += len;
  }
  return topics;
}

}  // namespace

bool OffsetDeleteScope::Deletable(const std::string& topic) const {
  if (every_topic) return true;
  if (!subscribed) return false;
  return std::find(subscribed->begin(), subscribed->end(), topic) == subscribed->end();
}

OffsetDeleteScope GroupCoordinator::PrepareOffsetDelete(const std::string& group_id,
                                                        bool has_offsets) const {
  std::lock_guard<std::mutex> lock(mu_);
  OffsetDeleteScope scope;
  const Group* g = FindLocked(group_id);
  if (group_id.empty()) {
    scope.error_code = errors::kInvalidGroupId;
  } else if (g == nullptr) {
    if (!has_offsets) scope.error_code = errors::kGroupIdNotFound;
  } else if (g->state == GroupState::kEmpty) {
    // Everything may go.
  } else if (g->protocol_type == "consumer") {
    scope.every_topic = false;
    if (!g->protocol_name.empty()) {
      std::vector<std::string> all;
      bool known = true;
      for (const auto& [mid, m] : g->members) {
        auto topics = SubscribedTopics(m.MetadataFor(g->protocol_name));
        if (!topics) {
          known = false;
          break;
        }
        all.insert(all.end(), topics->begin(), topics->end());
      }
      if (known) scope.subscribed = std::move(all);
    }
  } else {
    scope.error_code = errors::kNonEmptyGroup;
  }
  return scope;
}

std::vector<DeletedGroup> GroupCoordinator::DeleteGroups(
    const std::vector<std::string>& group_ids) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<DeletedGroup> result;
  result.reserve(group_ids.size());
  for (const auto& gid : group_ids) {
    DeletedGroup d{gid, errors::kNone};
    auto it = groups_.find(gid);
    if (gid.empty()) {
      d.error_code = errors::kInvalidGroupId;
    } else if (it == groups_.end()) {
      d.error_code = errors::kGroupIdNotFound;
    } else if (it->second->state != GroupState::kEmpty) {
      // Also a PreparingRebalance group whose members all left: it is still
      // collecting joins.
      d.error_code = errors::kNonEmptyGroup;
    } else {
      // Empty holds no held requests; outstanding KIP-394 ids just become
      // unknown (a rejoin with one gets UNKNOWN_MEMBER_ID and starts over).
      groups_.erase(it);
      kBrokerLog().info("group {}: deleted", gid);
    }
    result.push_back(std::move(d));
  }
  return result;
}

// --- Time ----------------------------------------------------------------------

void GroupCoordinator::Tick() {
  Outbox out;
  {
    std::lock_guard<std::mutex> lock(mu_);
    const int64_t now = clock_();
    for (auto& [gid, g] : groups_) TickGroup(*g, now, out);
  }
  for (auto& f : out) f();
}

namespace {

// Members held in JoinGroup (once they have a generation) or in SyncGroup are
// waiting on the broker, not the other way round: their session does not run.
bool SessionRuns(const Member& m) {
  return !(m.awaiting_join() && !m.is_new) && !m.awaiting_sync();
}

}  // namespace

void GroupCoordinator::TickGroup(Group& group, int64_t now, Outbox& out) {
  bool pending_expired = false;
  for (auto it = group.pending_members.begin(); it != group.pending_members.end();) {
    if (it->second <= now) {
      kBrokerLog().debug("group {}: pending member id {} expired", group.id, it->first);
      it = group.pending_members.erase(it);
      pending_expired = true;
    } else {
      ++it;
    }
  }
  if (pending_expired) TryCompleteJoin(group, now, out);

  std::vector<std::string> expired;
  for (const auto& [id, m] : group.members) {
    if (SessionRuns(m) && m.deadline_ms <= now) expired.push_back(id);
  }
  for (const auto& id : expired) {
    // An earlier removal may have completed a join phase that dropped it already.
    if (!group.Has(id)) continue;
    kBrokerLog().info("group {}: member {} expired (no heartbeat within its session timeout)",
                      group.id, id);
    RemoveMemberAndUpdate(group, id, now, out, "member session expired");
  }

  if (group.state == GroupState::kPreparingRebalance && group.join_deadline_ms <= now) {
    if (group.in_initial_delay && group.new_member_added && group.initial_delay_remaining_ms > 0) {
      const int64_t delay = std::min<int64_t>(config_.group_initial_rebalance_delay_ms,
                                              group.initial_delay_remaining_ms);
      group.initial_delay_remaining_ms -= delay;
      group.join_deadline_ms = now + delay;
      group.new_member_added = false;
    } else {
      CompleteJoin(group, now, out);
    }
  }

  if ((group.state == GroupState::kCompletingRebalance || group.state == GroupState::kStable) &&
      !group.pending_sync.empty() && group.sync_deadline_ms <= now) {
    // Kafka 3.x (pending sync): whoever has not synced within the rebalance
    // timeout is gone, and if it was the leader nobody will get an assignment.
    const std::vector<std::string> missing(group.pending_sync.begin(), group.pending_sync.end());
    for (const auto& id : missing) {
      kBrokerLog().info("group {}: removing member {}: no SyncGroup within the rebalance timeout",
                        group.id, id);
      EraseMember(group, id, out);
    }
    PrepareRebalance(group, now, out, "members did not sync");
    TryCompleteJoin(group, now, out);
  }
}

std::optional<int64_t> GroupCoordinator::NextDeadlineMs() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::optional<int64_t> next;
  auto consider = [&](int64_t t) {
    if (!next || t < *next) next = t;
  };
  for (const auto& [gid, g] : groups_) {
    for (const auto& [id, t] : g->pending_members) consider(t);
    for (const auto& [id, m] : g->members) {
      if (SessionRuns(m)) consider(m.deadline_ms);
    }
    if (g->state == GroupState::kPreparingRebalance) consider(g->join_deadline_ms);
    if ((g->state == GroupState::kCompletingRebalance || g->state == GroupState::kStable) &&
        !g->pending_sync.empty()) {
      consider(g->sync_deadline_ms);
    }
  }
  return next;
}

// --- Hooks for offsets ---------------------------------------------------------

bool GroupCoordinator::HasGroup(const std::string& group_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  return FindLocked(group_id) != nullptr;
}

bool GroupCoordinator::EnsureEmptyGroup(const std::string& group_id) {
  std::lock_guard<std::mutex> lock(mu_);
  if (FindLocked(group_id) != nullptr) return false;
  GetOrCreateLocked(group_id);
  return true;
}

GroupState GroupCoordinator::StateOf(const std::string& group_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  const Group* g = FindLocked(group_id);
  return g == nullptr ? GroupState::kDead : g->state;
}

std::optional<int32_t> GroupCoordinator::GenerationOf(const std::string& group_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  const Group* g = FindLocked(group_id);
  if (g == nullptr) return std::nullopt;
  return g->generation;
}

bool GroupCoordinator::IsMember(const std::string& group_id, const std::string& member_id,
                                int32_t generation_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  const Group* g = FindLocked(group_id);
  return g != nullptr && g->Has(member_id) && g->generation == generation_id;
}

int16_t GroupCoordinator::ValidateOffsetCommit(const std::string& group_id,
                                               const std::string& member_id,
                                               int32_t generation_id,
                                               const std::optional<std::string>& group_instance_id) {
  std::lock_guard<std::mutex> lock(mu_);
  Group* g = FindLocked(group_id);
  if (g != nullptr && g->IsFenced(group_instance_id, member_id)) return errors::kFencedInstanceId;
  if (g == nullptr) {
    // Not under group management (kcat, assign()+commit(), admin resets):
    // the commit creates the group. A generation means a member of a group
    // that no longer exists.
    if (generation_id >= 0) return errors::kIllegalGeneration;
    GetOrCreateLocked(group_id);
    return errors::kNone;
  }
  if (generation_id >= 0 || !member_id.empty()) {
    if (!g->Has(member_id)) return errors::kUnknownMemberId;
    if (generation_id != g->generation) return errors::kIllegalGeneration;
  } else if (g->state != GroupState::kEmpty) {
    return errors::kUnknownMemberId;  // only members commit for a live group
  }
  // The member has the new generation from its JoinGroup but no assignment yet.
  if (g->state == GroupState::kCompletingRebalance) return errors::kRebalanceInProgress;
  if (auto it = g->members.find(member_id); it != g->members.end()) {
    it->second.deadline_ms = clock_() + it->second.session_timeout_ms;
  }
  return errors::kNone;
}

// --- Helpers -------------------------------------------------------------------

Group* GroupCoordinator::FindLocked(const std::string& group_id) const {
  auto it = groups_.find(group_id);
  return it == groups_.end() ? nullptr : it->second.get();
}

Group& GroupCoordinator::GetOrCreateLocked(const std::string& group_id) {
  auto& slot = groups_[group_id];
  if (!slot) slot = std::make_unique<Group>(group_id);
  return *slot;
}

std::string GroupCoordinator::NewMemberIdLocked(const Group& group, const std::string& client_id) {
  // `<client_id>-<uuid>` as Kafka does (a random v4 UUID): readable in
  // DescribeGroups and unique without coordination.
  for (;;) {
    const uint64_t hi = rng_();
    const uint64_t lo = rng_();
    char uuid[37];
    std::snprintf(uuid, sizeof(uuid), "%08x-%04x-4%03x-%04x-%012llx",
                  static_cast<unsigned>(hi >> 32), static_cast<unsigned>((hi >> 16) & 0xffff),
                  static_cast<unsigned>(hi & 0x0fff),
                  static_cast<unsigned>(0x8000 | ((lo >> 48) & 0x3fff)),
                  static_cast<unsigned long long>(lo & 0xffffffffffffULL));
    std::string id = client_id + "-" + uuid;
    if (!group.Has(id) && group.pending_members.count(id) == 0) return id;
  }
}

}  // namespace kconnect::broker::group
