// Static membership (KIP-345, spec broker.md §7.8): a member with a
// group_instance_id that comes back under a new connection takes its old
// place without a rebalance, the old member id is fenced, and an admin can
// remove a static member by instance id.

#include <gtest/gtest.h>

#include "broker/group/group_coordinator.h"
#include "unit/broker/group/group_test_util.h"

namespace kconnect::broker::group {
namespace {

using testing::Bytes;
using testing::GroupTest;

class StaticTest : public GroupTest {
 protected:
  static JoinGroupRequest StaticReq(std::string member_id, const std::string& instance,
                                    std::vector<GroupProtocol> protocols = {{"range", Bytes("m")}}) {
    JoinGroupRequest r = Req(std::move(member_id), instance, 5, std::move(protocols));
    r.group_instance_id = instance;
    return r;
  }

  // Stable at generation 2 with static members "i-a" (leader) and "i-b".
  std::pair<std::string, std::string> StableStatic() {
    auto a = Join(StaticReq("", "i-a"));
    EXPECT_TRUE(a->done());  // admitted at once: no MEMBER_ID_REQUIRED for static members
    const std::string a_id = a->get().member_id;
    EXPECT_EQ(Sync(a_id, 1, {{a_id, Bytes("A1")}})->get().error_code, errors::kNone);
    auto b = Join(StaticReq("", "i-b"));
    auto a2 = Join(StaticReq(a_id, "i-a"));
    EXPECT_TRUE(b->done());
    const std::string b_id = b->get().member_id;
    auto sb = Sync(b_id, 2);
    Sync(a_id, 2, {{a_id, Bytes("A2")}, {b_id, Bytes("B2")}});
    EXPECT_EQ(sb->get().assignment, Bytes("B2"));
    EXPECT_EQ(State(), GroupState::kStable);
    return {a_id, b_id};
  }
};

TEST_F(StaticTest, ARestartedStaticMemberGetsItsAssignmentBackWithoutARebalance) {
  auto [a, b] = StableStatic();
  // b restarts: a new JoinGroup without a member id, same instance id.
  auto again = Join(StaticReq("", "i-b"));
  ASSERT_TRUE(again->done());
  const JoinGroupResult& r = again->get();
  EXPECT_EQ(r.error_code, errors::kNone);
  EXPECT_NE(r.member_id, b);
  EXPECT_EQ(r.generation_id, 2);
  EXPECT_EQ(r.leader, a);
  EXPECT_TRUE(r.members.empty());
  EXPECT_EQ(State(), GroupState::kStable);
  EXPECT_EQ(Sync(r.member_id, 2)->get().assignment, Bytes("B2"));
  // The other member is not asked to rejoin.
  EXPECT_EQ(Beat(a, 2), errors::kNone);
  // The old id is fenced everywhere it could still show up.
  EXPECT_EQ(coord_->Heartbeat({"g", 2, b, std::string("i-b")}), errors::kFencedInstanceId);
  SyncGroupRequest sync{"g", 2, b, std::string("i-b"), {}};
  auto fenced = std::make_shared<testing::Captured<SyncGroupResult>>();
  coord_->SyncGroup(sync, [fenced](SyncGroupResult res) {
    ++fenced->calls;
    fenced->value = std::move(res);
  });
  EXPECT_EQ(fenced->get().error_code, errors::kFencedInstanceId);
  EXPECT_EQ(Join(StaticReq(b, "i-b"))->get().error_code, errors::kFencedInstanceId);
  EXPECT_EQ(coord_->ValidateOffsetCommit("g", b, 2, std::string("i-b")), errors::kFencedInstanceId);
  EXPECT_EQ(coord_->ValidateOffsetCommit("g", r.member_id, 2, std::string("i-b")), errors::kNone);
  auto left = coord_->LeaveGroup({"g", {{b, std::string("i-b")}}});
  EXPECT_EQ(left.members.at(0).error_code, errors::kFencedInstanceId);
  EXPECT_EQ(Describe().members.size(), 2u);
}

TEST_F(StaticTest, AReplacedLeaderIsNotToldItLeads) {
  auto [a, b] = StableStatic();
  auto again = Join(StaticReq("", "i-a"));
  ASSERT_TRUE(again->done());
  EXPECT_EQ(again->get().leader, a);  // the old id: no assignment to compute
  EXPECT_TRUE(again->get().members.empty());
  const std::string new_a = again->get().member_id;
  EXPECT_EQ(Sync(new_a, 2)->get().assignment, Bytes("A2"));
  // In the next rebalance the new id leads.
  auto c = Join(Req("", "c"));
  auto a3 = Join(StaticReq(new_a, "i-a"));
  auto b3 = Join(StaticReq(b, "i-b"));
  ASSERT_TRUE(a3->done());
  EXPECT_EQ(a3->get().leader, new_a);
  EXPECT_EQ(a3->get().members.size(), 3u);
}

TEST_F(StaticTest, AReturnThatChangesTheProtocolChoiceStartsARebalance) {
  const std::vector<GroupProtocol> range_first = {{"range", Bytes("m")}, {"roundrobin", Bytes("m")}};
  auto a = Join(StaticReq("", "i-a", range_first));
  const std::string a_id = a->get().member_id;
  Sync(a_id, 1, {{a_id, Bytes("A1")}});
  ASSERT_EQ(State(), GroupState::kStable);
  // Same protocols in another order but the same choice: no rebalance.
  auto same = Join(StaticReq("", "i-a", range_first));
  ASSERT_TRUE(same->done());
  EXPECT_EQ(same->get().generation_id, 1);
  EXPECT_EQ(State(), GroupState::kStable);
  // Now it prefers roundrobin, which the group would pick: a new generation.
  auto changed = Join(StaticReq("", "i-a", {{"roundrobin", Bytes("m")}, {"range", Bytes("m")}}));
  ASSERT_TRUE(changed->done());  // the only member: the join phase ends at once
  EXPECT_EQ(changed->get().generation_id, 2);
  EXPECT_EQ(changed->get().protocol_name, "roundrobin");
  EXPECT_EQ(changed->get().leader, changed->get().member_id);
  EXPECT_EQ(State(), GroupState::kCompletingRebalance);
}

TEST_F(StaticTest, AReturnDuringARebalanceJoinsIt) {
  auto [a, b] = StableStatic();
  Join(Req("", "c"));  // starts a rebalance
  ASSERT_EQ(State(), GroupState::kPreparingRebalance);
  auto new_b = Join(StaticReq("", "i-b"));
  auto a3 = Join(StaticReq(a, "i-a"));
  ASSERT_TRUE(new_b->done());
  EXPECT_EQ(new_b->get().error_code, errors::kNone);
  EXPECT_EQ(new_b->get().generation_id, 3);
  EXPECT_NE(new_b->get().member_id, b);
}

TEST_F(StaticTest, ExpiryAndAdminRemovalFreeTheInstanceId) {
  auto [a, b] = StableStatic();
  // Removal by instance id alone (member id empty).
  auto removed = coord_->LeaveGroup({"g", {{"", std::string("i-b")}}});
  EXPECT_EQ(removed.members.at(0).error_code, errors::kNone);
  EXPECT_EQ(State(), GroupState::kPreparingRebalance);
  auto unknown = coord_->LeaveGroup({"g", {{"", std::string("i-nobody")}}});
  EXPECT_EQ(unknown.members.at(0).error_code, errors::kUnknownMemberId);
  // i-b comes back as a new member: it joins the rebalance like any other.
  auto back = Join(StaticReq("", "i-b"));
  Join(StaticReq(a, "i-a"));
  ASSERT_TRUE(back->done());
  EXPECT_EQ(back->get().generation_id, 3);
  // A static member that stops heartbeating expires like a dynamic one.
  const std::string new_b = back->get().member_id;
  Sync(new_b, 3);
  Sync(a, 3, {{a, Bytes("A3")}, {new_b, Bytes("B3")}});
  Advance(kSession / 2);
  EXPECT_EQ(Beat(a, 3), errors::kNone);
  EXPECT_EQ(State(), GroupState::kStable);
  Advance(kSession / 2 + 1);  // b's session is over, a's was refreshed
  EXPECT_EQ(Beat(a, 3), errors::kRebalanceInProgress);
  EXPECT_EQ(Describe().members.size(), 1u);
  // Its instance id is free again: a return is a new join, not a replacement.
  auto fresh = Join(StaticReq("", "i-b"));
  EXPECT_EQ(Describe().members.size(), 2u);
}

}  // namespace
}  // namespace kconnect::broker::group
