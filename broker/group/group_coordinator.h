#pragma once
// GroupCoordinator: the classic-protocol consumer/Connect group state machine
// of the bundled broker (spec broker.md §7.2–7.8, §7.11; Kafka's
// GroupCoordinator.scala + GroupMetadata.scala). It decides who is in a
// group, when a rebalance starts and ends, which protocol wins, who leads and
// what each member is told. It never touches the network, the codec or the
// disk: handlers translate wire messages into the plain structs below and
// back, and committed offsets live elsewhere (they only use the group hooks
// at the bottom of the class).
//
// Delayed replies: a JoinGroup is held until its group's join phase ends and
// a follower's SyncGroup until the leader's assignments arrive, so both take
// a callback that is invoked exactly once — immediately or later, from
// whichever call ends the wait (another member's request, Tick(), or the
// destructor, which answers NOT_COORDINATOR).
//
// Time: all deadlines (session expiry, rebalance and sync timeouts, the
// initial rebalance delay, KIP-394 pending member ids) are steady-clock
// milliseconds from the injected clock and are acted on only by Tick(). The
// owner calls Tick() periodically (NextDeadlineMs() says when it matters);
// tests advance a fake clock and call Tick() without sleeping.
//
// Thread-safety: every public method may be called from any thread. mu_
// guards all group state. Callbacks are collected while mu_ is held and
// invoked after it is released, so a callback may call back into the
// coordinator (a handler completing a response may well do so).

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "broker/protocol/error_code.h"

namespace kconnect::broker::group {

// The Kafka error codes this library answers with (numbers of ak Errors.java;
// error_code.h is a plain header, only its constexpr part is used here).
namespace errors {
using protocol::ErrorCode;
using protocol::ToInt;
inline constexpr int16_t kNone = ToInt(ErrorCode::kNone);
inline constexpr int16_t kNotCoordinator = ToInt(ErrorCode::kNotCoordinator);
inline constexpr int16_t kIllegalGeneration = ToInt(ErrorCode::kIllegalGeneration);
inline constexpr int16_t kInconsistentGroupProtocol = ToInt(ErrorCode::kInconsistentGroupProtocol);
inline constexpr int16_t kInvalidGroupId = ToInt(ErrorCode::kInvalidGroupId);
inline constexpr int16_t kUnknownMemberId = ToInt(ErrorCode::kUnknownMemberId);
inline constexpr int16_t kInvalidSessionTimeout = ToInt(ErrorCode::kInvalidSessionTimeout);
inline constexpr int16_t kRebalanceInProgress = ToInt(ErrorCode::kRebalanceInProgress);
inline constexpr int16_t kNonEmptyGroup = ToInt(ErrorCode::kNonEmptyGroup);
inline constexpr int16_t kGroupIdNotFound = ToInt(ErrorCode::kGroupIdNotFound);
inline constexpr int16_t kMemberIdRequired = ToInt(ErrorCode::kMemberIdRequired);
inline constexpr int16_t kGroupSubscribedToTopic = ToInt(ErrorCode::kGroupSubscribedToTopic);
inline constexpr int16_t kFencedInstanceId = ToInt(ErrorCode::kFencedInstanceId);
}  // namespace errors

// §7.2. kDead is never stored: a deleted or unknown group simply is not there,
// and is reported as Dead.
enum class GroupState { kEmpty, kPreparingRebalance, kCompletingRebalance, kStable, kDead };

// The exact strings DescribeGroups reports ("Empty", "PreparingRebalance",
// "CompletingRebalance", "Stable", "Dead").
std::string_view GroupStateName(GroupState state);

// Steady milliseconds (monotonic, arbitrary epoch); injectable for tests.
using SteadyClock = std::function<int64_t()>;
SteadyClock SteadyMillisClock();

struct GroupCoordinatorConfig {
  // JoinGroup's session_timeout_ms must lie in [min, max] (§7.3.1).
  int32_t group_min_session_timeout_ms = 6000;
  int32_t group_max_session_timeout_ms = 1800000;
  // How long a group coming from Empty waits for more members before its first
  // generation, extended per new joiner up to the rebalance timeout. 0 ends
  // the join phase as soon as everybody known has joined (fastest start-up).
  int32_t group_initial_rebalance_delay_ms = 3000;
  // A member that joined without an id cannot heartbeat while its JoinGroup is
  // held, and a client that gave up and retried leaves a defunct member behind;
  // Kafka drops such members after this long (NewMemberJoinTimeoutMs).
  int32_t new_member_join_timeout_ms = 300000;
  SteadyClock clock;  // default SteadyMillisClock()
};

struct GroupProtocol {
  std::string name;               // e.g. "range", "cooperative-sticky", "sessioned"
  std::vector<uint8_t> metadata;  // opaque: the broker never parses it (§7.3.7)
};

struct JoinGroupRequest {
  int16_t api_version = 0;  // KIP-394 (MEMBER_ID_REQUIRED) applies from v4
  std::string group_id;
  int32_t session_timeout_ms = 0;
  int32_t rebalance_timeout_ms = -1;             // v1+; v0 (or < 0) means "the session timeout"
  std::string member_id;                         // "" for a member without an id yet
  std::optional<std::string> group_instance_id;  // v5+
  std::string protocol_type;                     // "consumer", "connect", ...
  std::vector<GroupProtocol> protocols;          // in the member's preference order
  std::string client_id;                         // from the request header
  std::string client_host;                       // peer address, for DescribeGroups
};

struct JoinGroupMember {
  std::string member_id;
  std::optional<std::string> group_instance_id;
  std::vector<uint8_t> metadata;  // for the chosen protocol
};

struct JoinGroupResult {
  int16_t error_code = errors::kNone;
  int32_t generation_id = -1;
  std::string protocol_name;  // never null on the wire: "" when there is none
  std::string leader;
  std::string member_id;
  std::vector<JoinGroupMember> members;  // only the leader's reply lists the members
};
using JoinGroupCallback = std::function<void(JoinGroupResult)>;

struct SyncGroupAssignment {
  std::string member_id;
  std::vector<uint8_t> assignment;
};

struct SyncGroupRequest {
  std::string group_id;
  int32_t generation_id = -1;
  std::string member_id;
  std::optional<std::string> group_instance_id;  // v3+
  std::vector<SyncGroupAssignment> assignments;  // only the leader's request fills it
};

struct SyncGroupResult {
  int16_t error_code = errors::kNone;
  std::vector<uint8_t> assignment;
};
using SyncGroupCallback = std::function<void(SyncGroupResult)>;

struct HeartbeatRequest {
  std::string group_id;
  int32_t generation_id = -1;
  std::string member_id;
  std::optional<std::string> group_instance_id;  // v3+
};

struct LeaveGroupMember {
  std::string member_id;
  std::optional<std::string> group_instance_id;
};

// v0–2 carry exactly one member; v3+ a batch.
struct LeaveGroupRequest {
  std::string group_id;
  std::vector<LeaveGroupMember> members;
};

struct LeaveGroupMemberResult {
  std::string member_id;
  std::optional<std::string> group_instance_id;
  int16_t error_code = errors::kNone;
};

struct LeaveGroupResult {
  int16_t error_code = errors::kNone;           // top level (v3+: per-member errors below)
  std::vector<LeaveGroupMemberResult> members;  // one per requested member, in order
  // v0–2 responses have a single error: the top-level one, else the member's
  // (Kafka's LeaveGroupResponse does the same folding).
  int16_t LegacyErrorCode() const;
};

struct ListedGroup {
  std::string group_id;
  std::string protocol_type;  // "" for offsets-only groups
  GroupState state = GroupState::kEmpty;
};

struct DescribedMember {
  std::string member_id;
  std::optional<std::string> group_instance_id;
  std::string client_id;
  std::string client_host;
  std::vector<uint8_t> metadata;    // only in Stable
  std::vector<uint8_t> assignment;  // only in Stable
};

struct DescribedGroup {
  int16_t error_code = errors::kNone;
  std::string group_id;
  std::string state;  // GroupStateName; "Dead" for an unknown group
  std::string protocol_type;
  std::string protocol_data;  // the chosen protocol, only in Stable
  std::vector<DescribedMember> members;
};

// What OffsetDelete may remove from a group (ak GroupCoordinator.handleDeleteOffsets).
struct OffsetDeleteScope {
  // GROUP_ID_NOT_FOUND (unknown or Dead), NON_EMPTY_GROUP (members, and not a
  // "consumer" group), INVALID_GROUP_ID; NONE otherwise.
  int16_t error_code = errors::kNone;
  // False only for a "consumer" group with members: then the partitions of
  // the topics it subscribes to stay (GROUP_SUBSCRIBED_TO_TOPIC).
  bool every_topic = true;
  // The topics the members subscribe to, from their consumer-protocol
  // metadata; nullopt when that is unknown (no protocol chosen yet, or
  // metadata that does not parse), and then every topic counts as subscribed.
  std::optional<std::vector<std::string>> subscribed;

  bool Deletable(const std::string& topic) const;
};

struct DeletedGroup {
  std::string group_id;
  int16_t error_code = errors::kNone;
};

namespace internal {
struct Group;
struct Member;
}  // namespace internal

class GroupCoordinator {
 public:
  explicit GroupCoordinator(GroupCoordinatorConfig config = {});
  // Answers every still-held JoinGroup and SyncGroup with NOT_COORDINATOR (the
  // client then looks for the coordinator again). Those callbacks must not call
  // back into the coordinator.
  ~GroupCoordinator();
  GroupCoordinator(const GroupCoordinator&) = delete;
  GroupCoordinator& operator=(const GroupCoordinator&) = delete;

  // §7.3. `done` runs once: at once for errors, MEMBER_ID_REQUIRED and the
  // cases Kafka answers from the current generation, else when the join phase
  // ends (every known member rejoined, the rebalance timeout, or the initial
  // delay passed).
  void JoinGroup(JoinGroupRequest request, JoinGroupCallback done);

  // §7.4. A follower's request during CompletingRebalance is held until the
  // leader's arrives (or a rebalance starts: REBALANCE_IN_PROGRESS).
  void SyncGroup(SyncGroupRequest request, SyncGroupCallback done);

  // §7.5. Returns the error code to answer with.
  int16_t Heartbeat(const HeartbeatRequest& request);

  // §7.6. Unknown group: top level NONE, every member UNKNOWN_MEMBER_ID.
  LeaveGroupResult LeaveGroup(const LeaveGroupRequest& request);

  // §7.11. Every known group (also Empty ones, e.g. offsets-only), by id.
  std::vector<ListedGroup> ListGroups() const;
  // One entry per requested id, in order.
  std::vector<DescribedGroup> DescribeGroups(const std::vector<std::string>& group_ids) const;
  // Only Empty groups can go; the caller drops the offsets of the groups
  // answered NONE.
  std::vector<DeletedGroup> DeleteGroups(const std::vector<std::string>& group_ids);

  // OffsetDelete's group checks. `has_offsets`: the group has committed
  // offsets (an offsets-only group may be unknown here).
  OffsetDeleteScope PrepareOffsetDelete(const std::string& group_id, bool has_offsets) const;

  // Acts on every deadline that has passed: expired KIP-394 pending ids and
  // sessions, the end of an initial delay or of a rebalance timeout (members
  // who did not rejoin are removed), leaders/members that never sent SyncGroup.
  void Tick();
  // The earliest deadline Tick() would act on, if any (for the owner's timer).
  std::optional<int64_t> NextDeadlineMs() const;

  // --- Hooks for committed offsets (§7.9, §7.10), which decide a group's
  // existence together with this class. ---
  bool HasGroup(const std::string& group_id) const;
  // Creates the group in Empty if it is unknown (offsets loaded at start-up or
  // committed outside group management). Returns true if it was created.
  bool EnsureEmptyGroup(const std::string& group_id);
  // kDead for an unknown group.
  GroupState StateOf(const std::string& group_id) const;
  std::optional<int32_t> GenerationOf(const std::string& group_id) const;
  // A current member of the group's current generation.
  bool IsMember(const std::string& group_id, const std::string& member_id,
                int32_t generation_id) const;
  // OffsetCommit's group checks, atomically (ak validateOffsetCommit +
  // doCommitOffsets): unknown group with generation < 0 is created Empty and
  // accepted, with generation >= 0 is ILLEGAL_GENERATION; a member id or
  // generation given must name a current member (UNKNOWN_MEMBER_ID) of the
  // current generation (ILLEGAL_GENERATION); generation < 0 on a group with
  // members is UNKNOWN_MEMBER_ID; CompletingRebalance is REBALANCE_IN_PROGRESS.
  // On NONE the member's session is refreshed. Metadata size is the caller's.
  // A replaced static member (instance id given, member id not its current
  // one) is FENCED_INSTANCE_ID.
  int16_t ValidateOffsetCommit(const std::string& group_id, const std::string& member_id,
                               int32_t generation_id,
                               const std::optional<std::string>& group_instance_id = std::nullopt);

 private:
  // Work to run once mu_ is released: the callbacks of completed requests.
  using Outbox = std::vector<std::function<void()>>;
  using GroupMap = std::map<std::string, std::unique_ptr<internal::Group>, std::less<>>;

  internal::Group* FindLocked(const std::string& group_id) const;
  internal::Group& GetOrCreateLocked(const std::string& group_id);
  std::string NewMemberIdLocked(const internal::Group& group, const std::string& client_id);

  void AddMemberAndRebalance(internal::Group& group, JoinGroupRequest& request,
                             const std::string& member_id, int32_t rebalance_timeout_ms,
                             JoinGroupCallback done, int64_t now, Outbox& out);
  // KIP-345: a JoinGroup without a member id for a known instance id. The
  // old member's place goes to `new_id`; in Stable with an unchanged protocol
  // choice the member gets the current generation back without a rebalance.
  void ReplaceStaticMember(internal::Group& group, JoinGroupRequest& request,
                           const std::string& new_id, int32_t rebalance_timeout_ms,
                           JoinGroupCallback done, int64_t now, Outbox& out);
  void UpdateMemberAndRebalance(internal::Group& group, internal::Member& member,
                                JoinGroupRequest& request, int32_t rebalance_timeout_ms,
                                JoinGroupCallback done, int64_t now, Outbox& out);
  void MaybePrepareRebalance(internal::Group& group, int64_t now, Outbox& out,
                             std::string_view reason);
  void PrepareRebalance(internal::Group& group, int64_t now, Outbox& out, std::string_view reason);
  void TryCompleteJoin(internal::Group& group, int64_t now, Outbox& out);
  void CompleteJoin(internal::Group& group, int64_t now, Outbox& out);
  // Drops a member, answering its held requests with UNKNOWN_MEMBER_ID; no
  // state change.
  void EraseMember(internal::Group& group, const std::string& member_id, Outbox& out);
  // Drops a member as if it had left and moves the group on (§7.6, §7.7).
  void RemoveMemberAndUpdate(internal::Group& group, const std::string& member_id, int64_t now,
                             Outbox& out, std::string_view reason);
  void TickGroup(internal::Group& group, int64_t now, Outbox& out);
  static JoinGroupResult CurrentJoinResult(const internal::Group& group,
                                           const internal::Member& member);

  const GroupCoordinatorConfig config_;
  const SteadyClock clock_;

  mutable std::mutex mu_;
  GroupMap groups_;        // guarded by mu_
  uint64_t join_seq_ = 0;  // guarded by mu_; orders JoinGroups, for leader choice
  std::mt19937_64 rng_;    // guarded by mu_; member id suffixes
};

}  // namespace kconnect::broker::group
