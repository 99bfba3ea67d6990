// SyncGroup, Heartbeat, LeaveGroup and session/sync expiry (spec broker.md
// §7.4–7.7), plus re-entrant callbacks and the destructor's answers.

#include <gtest/gtest.h>

#include "broker/group/group_coordinator.h"
#include "unit/broker/group/group_test_util.h"

namespace kconnect::broker::group {
namespace {

using testing::Bytes;
using testing::GroupTest;

class SyncTest : public GroupTest {
 protected:
  // Generation 2 formed (CompletingRebalance) with a leading and b following.
  std::pair<std::string, std::string> CompletingAB() {
    auto a = Join(Req("", "a"));
    const std::string a_id = a->get().member_id;
    Sync(a_id, 1);
    auto b = Join(Req("", "b"));
    Join(Req(a_id, "a"));
    EXPECT_EQ(State(), GroupState::kCompletingRebalance);
    return {a_id, b->get().member_id};
  }
};

TEST_F(SyncTest, FollowerParkedUntilLeaderSyncs) {
  auto [a, b] = CompletingAB();
  auto sb = Sync(b, 2);
  EXPECT_FALSE(sb->done());
  EXPECT_EQ(Beat(b, 2), errors::kNone);  // CompletingRebalance heartbeats are fine
  auto sa = Sync(a, 2, {{a, Bytes("for-a")}, {b, Bytes("for-b")}, {"ghost", Bytes("x")}});
  ASSERT_TRUE(sb->done());
  ASSERT_TRUE(sa->done());
  EXPECT_EQ(sb->get().error_code, errors::kNone);
  EXPECT_EQ(sb->get().assignment, Bytes("for-b"));
  EXPECT_EQ(sa->get().assignment, Bytes("for-a"));
  EXPECT_EQ(State(), GroupState::kStable);
  // Stable: a late or repeated SyncGroup gets the stored assignment at once.
  auto again = Sync(b, 2);
  ASSERT_TRUE(again->done());
  EXPECT_EQ(again->get().assignment, Bytes("for-b"));
}

TEST_F(SyncTest, MembersOmittedByLeaderGetEmptyAssignment) {
  auto [a, b] = CompletingAB();
  auto sb = Sync(b, 2);
  auto sa = Sync(a, 2, {{a, Bytes("everything")}});
  ASSERT_TRUE(sb->done());
  EXPECT_EQ(sb->get().error_code, errors::kNone);
  EXPECT_TRUE(sb->get().assignment.empty());
  EXPECT_EQ(sa->get().assignment, Bytes("everything"));
  // The follower syncing after the leader is answered at once, also empty.
  auto late = Sync(b, 2);
  ASSERT_TRUE(late->done());
  EXPECT_TRUE(late->get().assignment.empty());
}

TEST_F(SyncTest, OmittedMemberLosesItsPreviousAssignment) {
  auto [a, b] = StableAB();  // b holds "B2" from generation 2
  auto b3 = Join(Req(b, "b", 2, {{"range", Bytes("changed")}}));
  auto a3 = Join(Req(a, "a"));
  ASSERT_EQ(a3->get().generation_id, 3);
  auto sa = Sync(a, 3, {{a, Bytes("A3")}});
  auto sb = Sync(b, 3);
  ASSERT_TRUE(sb->done());
  EXPECT_EQ(sb->get().error_code, errors::kNone);
  EXPECT_TRUE(sb->get().assignment.empty());
  EXPECT_EQ(sa->get().assignment, Bytes("A3"));
}

TEST_F(SyncTest, FollowerThatNeverSyncsIsRemovedAfterRebalanceTimeout) {
  auto [a, b] = CompletingAB();
  Sync(a, 2, {{a, Bytes("A")}, {b, Bytes("B")}});
  EXPECT_EQ(State(), GroupState::kStable);
  // b heartbeats (so its session holds) but never fetches its assignment.
  for (int i = 0; i < 4; ++i) {
    Advance(4999);
    ASSERT_EQ(Beat(a, 2), errors::kNone);
    ASSERT_EQ(Beat(b, 2), errors::kNone);
  }
  Advance(3);
  EXPECT_TRUE(coord_->IsMember("g", b, 2));
  Advance(1);
  EXPECT_FALSE(coord_->IsMember("g", b, 2));
  EXPECT_EQ(State(), GroupState::kPreparingRebalance);
  EXPECT_EQ(Beat(a, 2), errors::kRebalanceInProgress);
}

TEST_F(SyncTest, Errors) {
  auto [a, b] = CompletingAB();
  EXPECT_EQ(Sync("ghost", 2)->get().error_code, errors::kUnknownMemberId);
  EXPECT_EQ(Sync(b, 1)->get().error_code, errors::kIllegalGeneration);
  EXPECT_EQ(Sync(b, 3)->get().error_code, errors::kIllegalGeneration);
  SyncGroupRequest no_group;
  no_group.group_id = "nope";
  no_group.member_id = b;
  no_group.generation_id = 2;
  int16_t code = -2;
  coord_->SyncGroup(no_group, [&](SyncGroupResult r) { code = r.error_code; });
  EXPECT_EQ(code, errors::kUnknownMemberId);
  no_group.group_id = "";
  coord_->SyncGroup(no_group, [&](SyncGroupResult r) { code = r.error_code; });
  EXPECT_EQ(code, errors::kInvalidGroupId);

  // PreparingRebalance: 27.
  auto c = Join(Req("", "c"));
  EXPECT_EQ(Sync(b, 2)->get().error_code, errors::kRebalanceInProgress);
}

TEST_F(SyncTest, ParkedFollowerGetsRebalanceInProgressWhenRebalanceStarts) {
  auto [a, b] = CompletingAB();
  auto sb = Sync(b, 2);
  EXPECT_FALSE(sb->done());
  auto c = Join(Req("", "c"));
  ASSERT_TRUE(sb->done());
  EXPECT_EQ(sb->get().error_code, errors::kRebalanceInProgress);
  EXPECT_EQ(State(), GroupState::kPreparingRebalance);
}

TEST_F(SyncTest, LeaderThatNeverSyncsIsRemovedAfterRebalanceTimeout) {
  auto [a, b] = CompletingAB();
  auto sb = Sync(b, 2);
  // a's session (10 s) would lapse first: keep it alive with heartbeats.
  for (int i = 0; i < 4; ++i) {
    Advance(4999);
    ASSERT_EQ(Beat(a, 2), errors::kNone);
  }
  Advance(3);
  EXPECT_FALSE(sb->done());
  Advance(1);  // 20 s after the generation formed
  ASSERT_TRUE(sb->done());
  EXPECT_EQ(sb->get().error_code, errors::kRebalanceInProgress);
  EXPECT_FALSE(coord_->IsMember("g", a, 2));
  EXPECT_EQ(Beat(a, 2), errors::kUnknownMemberId);
  // b is alone: its rejoin forms generation 3 with b leading.
  auto b3 = Join(Req(b, "b"));
  ASSERT_TRUE(b3->done());
  EXPECT_EQ(b3->get().generation_id, 3);
  EXPECT_EQ(b3->get().leader, b);
}

using HeartbeatTest = GroupTest;

TEST_F(HeartbeatTest, ErrorsByStateMemberAndGeneration) {
  EXPECT_EQ(Beat("x", 0, ""), errors::kInvalidGroupId);
  EXPECT_EQ(Beat("x", 0, "nope"), errors::kUnknownMemberId);
  coord_->EnsureEmptyGroup("g");
  EXPECT_EQ(Beat("x", 0), errors::kUnknownMemberId);  // Empty

  auto [a, b] = StableAB();
  EXPECT_EQ(Beat(a, 2), errors::kNone);
  EXPECT_EQ(Beat("ghost", 2), errors::kUnknownMemberId);
  EXPECT_EQ(Beat(a, 1), errors::kIllegalGeneration);
  EXPECT_EQ(Beat(a, 3), errors::kIllegalGeneration);
  auto c = Join(Req("", "c"));
  EXPECT_EQ(Beat(a, 2), errors::kRebalanceInProgress);
  EXPECT_EQ(Beat(b, 2), errors::kRebalanceInProgress);
}

TEST_F(HeartbeatTest, SessionExpiryRemovesMemberAndRebalancesTheRest) {
  auto [a, b] = StableAB();
  Advance(6000);
  EXPECT_EQ(Beat(a, 2), errors::kNone);
  Advance(3999);  // b is at 9999 ms without a heartbeat
  EXPECT_TRUE(coord_->IsMember("g", b, 2));
  EXPECT_EQ(State(), GroupState::kStable);
  Advance(1);
  EXPECT_FALSE(coord_->IsMember("g", b, 2));
  EXPECT_EQ(State(), GroupState::kPreparingRebalance);
  EXPECT_EQ(Beat(b, 2), errors::kUnknownMemberId);
  EXPECT_EQ(Beat(a, 2), errors::kRebalanceInProgress);
  auto a3 = Join(Req(a, "a"));
  ASSERT_TRUE(a3->done());
  EXPECT_EQ(a3->get().generation_id, 3);
  ASSERT_EQ(a3->get().members.size(), 1u);
  EXPECT_EQ(a3->get().members[0].member_id, a);
}

TEST_F(HeartbeatTest, HeartbeatsKeepTheSessionAlive) {
  auto [a, b] = StableAB();
  for (int i = 0; i < 10; ++i) {
    Advance(9000);
    ASSERT_EQ(Beat(a, 2), errors::kNone);
    ASSERT_EQ(Beat(b, 2), errors::kNone);
  }
  EXPECT_EQ(State(), GroupState::kStable);
  EXPECT_EQ(coord_->NextDeadlineMs(), std::optional<int64_t>(now_ + kSession));
}

TEST_F(HeartbeatTest, OnlyMemberExpiringLeavesGroupEmpty) {
  auto a = Join(Req(""));
  Sync(a->get().member_id, 1);
  Advance(kSession);
  EXPECT_EQ(State(), GroupState::kEmpty);
  EXPECT_EQ(coord_->GenerationOf("g"), std::optional<int32_t>(2));
  EXPECT_EQ(coord_->NextDeadlineMs(), std::nullopt);
}

using LeaveTest = GroupTest;

TEST_F(LeaveTest, V3BatchWithOneUnknownMember) {
  auto [a, b] = StableAB();
  LeaveGroupResult r = Leave({a, "ghost"});
  EXPECT_EQ(r.error_code, errors::kNone);
  ASSERT_EQ(r.members.size(), 2u);
  EXPECT_EQ(r.members[0].member_id, a);
  EXPECT_EQ(r.members[0].error_code, errors::kNone);
  EXPECT_EQ(r.members[1].member_id, "ghost");
  EXPECT_EQ(r.members[1].error_code, errors::kUnknownMemberId);
  EXPECT_EQ(r.LegacyErrorCode(), errors::kUnknownMemberId);
  EXPECT_EQ(State(), GroupState::kPreparingRebalance);
  EXPECT_FALSE(coord_->IsMember("g", a, 2));
  // The leader left: b, the one left, leads the next generation.
  auto b3 = Join(Req(b, "b"));
  ASSERT_TRUE(b3->done());
  EXPECT_EQ(b3->get().generation_id, 3);
  EXPECT_EQ(b3->get().leader, b);
}

TEST_F(LeaveTest, LeavingCompletesAJoinPhaseWaitingForTheLeaver) {
  auto [a, b] = StableAB();
  auto c = Join(Req("", "c"));
  auto a3 = Join(Req(a, "a"));
  EXPECT_FALSE(a3->done());
  LeaveGroupResult r = Leave({b});
  EXPECT_EQ(r.LegacyErrorCode(), errors::kNone);
  ASSERT_TRUE(a3->done());
  ASSERT_TRUE(c->done());
  EXPECT_EQ(a3->get().members.size(), 2u);
}

TEST_F(LeaveTest, LastMemberLeavingMakesGroupEmpty) {
  auto a = Join(Req(""));
  const std::string id = a->get().member_id;
  Sync(id, 1);
  EXPECT_EQ(Leave({id}).LegacyErrorCode(), errors::kNone);
  EXPECT_EQ(State(), GroupState::kEmpty);
  EXPECT_EQ(coord_->GenerationOf("g"), std::optional<int32_t>(2));
  DescribedGroup d = Describe();
  EXPECT_EQ(d.state, "Empty");
  EXPECT_EQ(d.protocol_type, "consumer");
  EXPECT_EQ(d.protocol_data, "");
  EXPECT_TRUE(d.members.empty());
  // The group stays (committed offsets may refer to it) and takes new members.
  auto again = Join(Req(""));
  ASSERT_TRUE(again->done());
  EXPECT_EQ(again->get().generation_id, 3);
}

TEST_F(LeaveTest, UnknownGroupAndInvalidId) {
  LeaveGroupResult r = Leave({"m1", "m2"}, "nope");
  EXPECT_EQ(r.error_code, errors::kNone);
  ASSERT_EQ(r.members.size(), 2u);
  EXPECT_EQ(r.members[0].error_code, errors::kUnknownMemberId);
  EXPECT_EQ(r.members[1].error_code, errors::kUnknownMemberId);
  EXPECT_EQ(Leave({"m"}, "").error_code, errors::kInvalidGroupId);
  EXPECT_EQ(Leave({"m"}, "").LegacyErrorCode(), errors::kInvalidGroupId);
}

TEST_F(LeaveTest, PendingMemberIdCanLeave) {
  auto p = Join(Req("", "c", 4));
  EXPECT_EQ(Leave({p->get().member_id}).LegacyErrorCode(), errors::kNone);
  EXPECT_EQ(Join(Req(p->get().member_id, "c", 4))->get().error_code, errors::kUnknownMemberId);
}

TEST_F(LeaveTest, HeldJoinOfLeavingMemberIsAnsweredUnknownMember) {
  auto [a, b] = StableAB();
  auto c = Join(Req("", "c"));
  const std::vector<DescribedMember> members = Describe().members;
  std::string c_id;
  for (const auto& m : members) {
    if (m.member_id != a && m.member_id != b) c_id = m.member_id;
  }
  ASSERT_FALSE(c_id.empty());
  EXPECT_EQ(Leave({c_id}).LegacyErrorCode(), errors::kNone);
  ASSERT_TRUE(c->done());
  EXPECT_EQ(c->get().error_code, errors::kUnknownMemberId);
}

using ReentrancyTest = GroupTest;

TEST_F(ReentrancyTest, CallbacksMayCallBackIntoTheCoordinator) {
  // A leader that syncs from inside its JoinGroup callback and describes the
  // group from inside its SyncGroup callback: must not deadlock.
  std::string state_seen;
  int16_t heartbeat_seen = -2;
  std::vector<uint8_t> assignment_seen;
  coord_->JoinGroup(Req(""), [&](JoinGroupResult j) {
    heartbeat_seen = coord_->Heartbeat({"g", j.generation_id, j.member_id, std::nullopt});
    SyncGroupRequest s;
    s.group_id = "g";
    s.generation_id = j.generation_id;
    s.member_id = j.member_id;
    s.assignments = {{j.member_id, Bytes("mine")}};
    coord_->SyncGroup(s, [&](SyncGroupResult r) {
      assignment_seen = r.assignment;
      state_seen = coord_->DescribeGroups({"g"}).at(0).state;
    });
  });
  EXPECT_EQ(heartbeat_seen, errors::kNone);
  EXPECT_EQ(assignment_seen, Bytes("mine"));
  EXPECT_EQ(state_seen, "Stable");
}

TEST_F(ReentrancyTest, DelayedCallbackFromTickMayRejoin) {
  Make(1000);
  std::shared_ptr<testing::Captured<JoinGroupResult>> second;
  coord_->JoinGroup(Req(""), [&](JoinGroupResult j) {
    // Rejoining with different metadata from the callback starts generation 2.
    second = Join(Req(j.member_id, "client", 2, {{"range", Bytes("other")}}));
  });
  Advance(1000);
  ASSERT_TRUE(second);
  ASSERT_TRUE(second->done());
  EXPECT_EQ(second->get().generation_id, 2);
}

TEST_F(ReentrancyTest, DestructorAnswersHeldRequestsWithNotCoordinator) {
  auto [a, b] = StableAB();
  auto c = Join(Req("", "c"));
  auto a3 = Join(Req(a, "a"));
  EXPECT_FALSE(c->done());
  coord_.reset();
  ASSERT_TRUE(c->done());
  ASSERT_TRUE(a3->done());
  EXPECT_EQ(c->get().error_code, errors::kNotCoordinator);
  EXPECT_EQ(a3->get().error_code, errors::kNotCoordinator);
  EXPECT_EQ(a3->get().member_id, a);
}

}  // namespace
}  // namespace kconnect::broker::group
