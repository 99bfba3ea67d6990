#pragma once
// Internal to kc_broker_group: the per-group and per-member records the
// coordinator keeps (Kafka's GroupMetadata / MemberMetadata) and the pure
// decisions that need nothing but one group: protocol compatibility, protocol
// election by votes, leader choice. Everything here is guarded by the owning
// GroupCoordinator's mutex.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "broker/group/group_coordinator.h"

namespace kconnect::broker::group::internal {

struct Member {
  std::string id;
  // Static membership (KIP-345, spec §7.8): a member with an instance id keeps
  // its place across restarts — a JoinGroup without a member id but with a
  // known instance id takes over the old member's place (and assignment)
  // under a new member id, and fences the old id. Such members do not send
  // LeaveGroup on close, so they go by session expiry.
  std::optional<std::string> instance_id;
  std::string client_id;
  std::string client_host;
  int32_t session_timeout_ms = 0;
  int32_t rebalance_timeout_ms = 0;
  std::string protocol_type;
  std::vector<GroupProtocol> protocols;  // preference order
  std::vector<uint8_t> assignment;       // from the leader's last SyncGroup

  JoinGroupCallback join_done;  // set while its JoinGroup is held
  SyncGroupCallback sync_done;  // set while its SyncGroup is held

  // Session deadline, or for a new member held in JoinGroup the new-member
  // join deadline.
  int64_t deadline_ms = 0;
  // Joined but not yet through a completed join phase: it has no generation to
  // heartbeat with, so a held JoinGroup does not protect it from expiry.
  bool is_new = true;
  uint64_t join_seq = 0;  // order of its latest JoinGroup

  bool awaiting_join() const { return static_cast<bool>(join_done); }
  bool awaiting_sync() const { return static_cast<bool>(sync_done); }
  bool Supports(const std::string& protocol_name) const;
  // Metadata it offered for `protocol_name` (empty if none).
  const std::vector<uint8_t>& MetadataFor(const std::string& protocol_name) const;
  // Same protocols with the same metadata in the same order: a JoinGroup that
  // changes nothing (Kafka's MemberMetadata.matches).
  bool Matches(const std::vector<GroupProtocol>& protocols) const;
};

struct Group {
  explicit Group(std::string group_id) : id(std::move(group_id)) {}

  std::string id;
  GroupState state = GroupState::kEmpty;
  int32_t generation = 0;
  std::string protocol_type;  // kept while Empty, replaced by the next first member
  std::string protocol_name;  // chosen protocol; "" when none
  std::string leader_id;      // "" when no members
  std::map<std::string, Member> members;
  // Static members: instance id -> current member id.
  std::map<std::string, std::string> static_members;
  // KIP-394 ids handed out with MEMBER_ID_REQUIRED, not yet used; by deadline.
  std::map<std::string, int64_t> pending_members;
  // Members of the current generation that have not sent SyncGroup yet.
  std::set<std::string> pending_sync;

  // PreparingRebalance: when the join phase is forced to end.
  int64_t join_deadline_ms = 0;
  // PreparingRebalance from Empty: the deadline is the initial delay, which a
  // new joiner extends (by at most the configured delay) while
  // `initial_delay_remaining_ms` of the rebalance timeout is left.
  bool in_initial_delay = false;
  int64_t initial_delay_remaining_ms = 0;
  bool new_member_added = false;
  // Completing/Stable with pending_sync non-empty: members still missing then
  // are removed.
  int64_t sync_deadline_ms = 0;

  bool Has(const std::string& member_id) const { return members.count(member_id) != 0; }
  // A request naming `instance_id` with a member id that is not the instance's
  // current one comes from a replaced (fenced) member (ak isStaticMemberFenced).
  bool IsFenced(const std::optional<std::string>& instance_id, const std::string& member_id) const {
    if (!instance_id) return false;
    auto it = static_members.find(*instance_id);
    return it != static_members.end() && it->second != member_id;
  }
  // Max over the members: how long a join phase (or the sync after it) may take.
  int32_t RebalanceTimeoutMs() const;
  // Every member has rejoined and no KIP-394 id is outstanding.
  bool AllMembersJoined() const;
  // §7.3.3: may a member with this type and these protocols (re)join?
  // `self` (a rejoining member) is not counted: its old protocols are about to
  // be replaced, so only the others must share one of the offered protocols.
  bool SupportsProtocols(const std::string& protocol_type,
                         const std::vector<GroupProtocol>& protocols,
                         const std::string* self) const;
  // §7.3.6: candidates are the protocols every member supports; each member
  // votes for its first candidate; most votes wins, a tie goes to the one the
  // leader prefers. Needs members and a valid leader.
  std::string SelectProtocol() const;
  // The current leader if still a member, else the member whose latest
  // JoinGroup came first ("" without members).
  std::string ElectLeader() const;
};

}  // namespace kconnect::broker::group::internal
