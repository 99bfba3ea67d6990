// JoinGroup (spec broker.md §7.3): KIP-394, session timeout bounds, holding
// replies for the join phase, the initial rebalance delay, protocol election,
// leader choice, rebalance timeout and new-member expiry.

#include <gtest/gtest.h>

#include "broker/group/group_coordinator.h"
#include "unit/broker/group/group_test_util.h"

namespace kconnect::broker::group {
namespace {

using testing::Bytes;
using testing::GroupTest;

using JoinGroupTest = GroupTest;

TEST_F(JoinGroupTest, V4JoinGetsMemberIdRequiredThenRejoinSucceeds) {
  auto first = Join(Req("", "rdkafka", 4));
  ASSERT_TRUE(first->done());
  const JoinGroupResult& r = first->get();
  EXPECT_EQ(r.error_code, errors::kMemberIdRequired);
  ASSERT_EQ(r.member_id.rfind("rdkafka-", 0), 0u) << r.member_id;
  EXPECT_EQ(r.member_id.size(), std::string("rdkafka-").size() + 36);  // a UUID
  EXPECT_EQ(r.generation_id, -1);
  // The id is only pending: no member, no rebalance yet.
  EXPECT_EQ(State(), GroupState::kEmpty);
  EXPECT_TRUE(Describe().members.empty());

  auto second = Join(Req(r.member_id, "rdkafka", 4));
  ASSERT_TRUE(second->done());
  const JoinGroupResult& j = second->get();
  EXPECT_EQ(j.error_code, errors::kNone);
  EXPECT_EQ(j.member_id, r.member_id);
  EXPECT_EQ(j.generation_id, 1);
  EXPECT_EQ(j.leader, r.member_id);
  EXPECT_EQ(j.protocol_name, "range");
  ASSERT_EQ(j.members.size(), 1u);
  EXPECT_EQ(j.members[0].member_id, r.member_id);
  EXPECT_EQ(j.members[0].metadata, Bytes("m"));
  EXPECT_EQ(State(), GroupState::kCompletingRebalance);
}

TEST_F(JoinGroupTest, OldVersionsAndStaticMembersGetAnIdDirectly) {
  auto v2 = Join(Req("", "kafka-python", 2));
  ASSERT_TRUE(v2->done());
  EXPECT_EQ(v2->get().error_code, errors::kNone);
  EXPECT_EQ(v2->get().member_id.rfind("kafka-python-", 0), 0u);
  EXPECT_EQ(v2->get().generation_id, 1);

  auto req = Req("", "static", 5);
  req.group_id = "g2";
  req.group_instance_id = "instance-1";
  auto v5 = Join(req);
  ASSERT_TRUE(v5->done());
  EXPECT_EQ(v5->get().error_code, errors::kNone);
  ASSERT_EQ(v5->get().members.size(), 1u);
  EXPECT_EQ(v5->get().members[0].group_instance_id, std::optional<std::string>("instance-1"));
}

TEST_F(JoinGroupTest, MemberIdsAreUnique) {
  auto a = Join(Req("", "c", 4));
  auto b = Join(Req("", "c", 4));
  EXPECT_NE(a->get().member_id, b->get().member_id);
}

TEST_F(JoinGroupTest, PendingMemberIdExpiresAfterSessionTimeout) {
  auto first = Join(Req("", "c", 4));
  const std::string id = first->get().member_id;
  Advance(kSession - 1);
  Advance(1);
  auto late = Join(Req(id, "c", 4));
  ASSERT_TRUE(late->done());
  EXPECT_EQ(late->get().error_code, errors::kUnknownMemberId);
}

TEST_F(JoinGroupTest, SessionTimeoutOutsideBoundsIsRejected) {
  auto low = Req("");
  low.session_timeout_ms = 5999;
  EXPECT_EQ(Join(low)->get().error_code, errors::kInvalidSessionTimeout);
  auto high = Req("");
  high.session_timeout_ms = 1'800'001;
  EXPECT_EQ(Join(high)->get().error_code, errors::kInvalidSessionTimeout);
  EXPECT_FALSE(coord_->HasGroup("g"));
  auto edge = Req("");
  edge.session_timeout_ms = 6000;
  EXPECT_EQ(Join(edge)->get().error_code, errors::kNone);
}

TEST_F(JoinGroupTest, EmptyGroupIdAndUnknownMemberAreRejected) {
  auto r = Req("");
  r.group_id = "";
  EXPECT_EQ(Join(r)->get().error_code, errors::kInvalidGroupId);
  EXPECT_EQ(Join(Req("nobody"))->get().error_code, errors::kUnknownMemberId);
  Join(Req(""));  // the group exists now
  auto unknown = Join(Req("nobody"));
  EXPECT_EQ(unknown->get().error_code, errors::kUnknownMemberId);
  EXPECT_EQ(unknown->get().member_id, "nobody");
}

TEST_F(JoinGroupTest, SingleMemberWithInitialDelayWaitsForTick) {
  Make(3000);
  auto j = Join(Req(""));
  EXPECT_FALSE(j->done());
  EXPECT_EQ(State(), GroupState::kPreparingRebalance);
  EXPECT_EQ(coord_->NextDeadlineMs(), kStart + 3000);
  Advance(2999);
  EXPECT_FALSE(j->done());
  Advance(1);
  ASSERT_TRUE(j->done());
  EXPECT_EQ(j->get().error_code, errors::kNone);
  EXPECT_EQ(j->get().generation_id, 1);
  EXPECT_EQ(j->get().leader, j->get().member_id);
  EXPECT_EQ(State(), GroupState::kCompletingRebalance);
}

TEST_F(JoinGroupTest, InitialDelayIsExtendedPerNewJoinerWithinRebalanceTimeout) {
  Make(3000);
  auto a = Join(Req("", "a"));  // rebalance timeout 20 s: 17 s of extensions left
  Advance(1000);
  auto b = Join(Req("", "b"));
  Advance(2000);  // t=3000: b joined during the delay, so wait another 3000
  EXPECT_FALSE(a->done());
  EXPECT_FALSE(b->done());
  Advance(2999);
  EXPECT_FALSE(a->done());
  Advance(1);  // t=6000: nobody new, done
  ASSERT_TRUE(a->done());
  ASSERT_TRUE(b->done());
  EXPECT_EQ(a->get().generation_id, 1);
  EXPECT_EQ(b->get().generation_id, 1);
  // First joiner of a new group leads.
  EXPECT_EQ(a->get().leader, a->get().member_id);
  EXPECT_EQ(b->get().leader, a->get().member_id);
  EXPECT_EQ(a->get().members.size(), 2u);
  EXPECT_TRUE(b->get().members.empty());
}

TEST_F(JoinGroupTest, InitialDelayExtensionIsCappedByRebalanceTimeout) {
  Make(3000);
  auto req = Req("", "a");
  req.rebalance_timeout_ms = 4000;  // 1000 ms of extension at most
  auto a = Join(req);
  Advance(500);
  auto b = Join(Req("", "b"));
  Advance(2500);  // t=3000: extended by min(3000, 1000)
  EXPECT_FALSE(a->done());
  Advance(500);
  auto c = Join(Req("", "c"));  // joins again, but nothing is left to extend by
  Advance(499);
  EXPECT_FALSE(a->done());
  Advance(1);  // t=4000
  ASSERT_TRUE(a->done());
  ASSERT_TRUE(c->done());
  EXPECT_EQ(a->get().members.size(), 3u);
}

TEST_F(JoinGroupTest, TwoMembersRepliesHeldUntilBothJoined) {
  auto a = Join(Req("", "a", 2, {{"range", Bytes("ma")}}));
  const std::string a_id = a->get().member_id;
  ASSERT_EQ(Sync(a_id, 1)->get().error_code, errors::kNone);

  auto b = Join(Req("", "b", 2, {{"range", Bytes("mb")}}));
  EXPECT_FALSE(b->done());
  EXPECT_EQ(State(), GroupState::kPreparingRebalance);
  EXPECT_EQ(Beat(a_id, 1), errors::kRebalanceInProgress);
  EXPECT_FALSE(b->done());

  auto a2 = Join(Req(a_id, "a", 2, {{"range", Bytes("ma2")}}));
  ASSERT_TRUE(a2->done());
  ASSERT_TRUE(b->done());
  const JoinGroupResult& leader = a2->get();
  const JoinGroupResult& follower = b->get();
  EXPECT_EQ(leader.error_code, errors::kNone);
  EXPECT_EQ(follower.error_code, errors::kNone);
  EXPECT_EQ(leader.generation_id, 2);
  EXPECT_EQ(follower.generation_id, 2);
  EXPECT_EQ(leader.leader, a_id);  // the old leader rejoined, so it keeps leading
  EXPECT_EQ(follower.leader, a_id);
  EXPECT_EQ(follower.member_id.rfind("b-", 0), 0u);
  EXPECT_EQ(leader.protocol_name, "range");
  EXPECT_EQ(follower.protocol_name, "range");
  ASSERT_EQ(leader.members.size(), 2u);
  std::map<std::string, std::vector<uint8_t>> metadata;
  for (const auto& m : leader.members) metadata[m.member_id] = m.metadata;
  EXPECT_EQ(metadata.at(a_id), Bytes("ma2"));
  EXPECT_EQ(metadata.at(follower.member_id), Bytes("mb"));
  EXPECT_TRUE(follower.members.empty());
}

TEST_F(JoinGroupTest, ProtocolElectedByVotesNotByLeaderPreference) {
  Make(3000);
  auto with = [&](const char* client, std::vector<std::string> names) {
    std::vector<GroupProtocol> ps;
    for (auto& n : names) ps.push_back({n, Bytes(n + "-" + client)});
    auto r = Req("", client, 2, ps);
    r.rebalance_timeout_ms = 3000;  // no extension: everybody is in at t=3000
    return Join(r);
  };
  auto a = with("a", {"range", "roundrobin", "sticky"});
  auto b = with("b", {"roundrobin", "range"});
  auto c = with("c", {"sticky", "roundrobin", "range"});  // sticky is not common
  Advance(3000);
  ASSERT_TRUE(a->done());
  EXPECT_EQ(a->get().leader, a->get().member_id);
  EXPECT_EQ(a->get().protocol_name, "roundrobin");  // b and c vote roundrobin, a range
  EXPECT_EQ(b->get().protocol_name, "roundrobin");
  EXPECT_EQ(c->get().protocol_name, "roundrobin");
  // The leader sees each member's metadata for the chosen protocol.
  for (const auto& m : a->get().members) {
    const std::string client = m.member_id.substr(0, 1);
    EXPECT_EQ(m.metadata, Bytes("roundrobin-" + client)) << m.member_id;
  }
}

TEST_F(JoinGroupTest, ProtocolTieGoesToLeaderPreference) {
  Make(3000);
  auto ra = Req("", "a", 2, {{"x", {}}, {"y", {}}});
  ra.rebalance_timeout_ms = 3000;
  auto rb = Req("", "b", 2, {{"y", {}}, {"x", {}}});
  rb.rebalance_timeout_ms = 3000;
  auto a = Join(ra);
  auto b = Join(rb);
  Advance(3000);
  EXPECT_EQ(a->get().protocol_name, "x");
  EXPECT_EQ(b->get().protocol_name, "x");
}

TEST_F(JoinGroupTest, InconsistentProtocolsAreRejected) {
  // A new group needs a protocol type and at least one protocol.
  auto no_type = Req("");
  no_type.protocol_type = "";
  EXPECT_EQ(Join(no_type)->get().error_code, errors::kInconsistentGroupProtocol);
  EXPECT_EQ(Join(Req("", "c", 2, {}))->get().error_code, errors::kInconsistentGroupProtocol);
  EXPECT_FALSE(coord_->HasGroup("g"));

  auto a = Join(Req("", "a", 2, {{"range", {}}, {"roundrobin", {}}}));
  ASSERT_EQ(a->get().error_code, errors::kNone);
  auto other_type = Req("", "b");
  other_type.protocol_type = "connect";
  EXPECT_EQ(Join(other_type)->get().error_code, errors::kInconsistentGroupProtocol);
  auto no_common = Join(Req("", "b", 2, {{"sticky", {}}}));
  EXPECT_EQ(no_common->get().error_code, errors::kInconsistentGroupProtocol);
  // v4 gets the same answer before any member id is handed out.
  auto v4 = Join(Req("", "b", 4, {{"sticky", {}}}));
  EXPECT_EQ(v4->get().error_code, errors::kInconsistentGroupProtocol);
  EXPECT_TRUE(v4->get().member_id.empty());
  EXPECT_EQ(State(), GroupState::kCompletingRebalance);  // untouched
  auto common = Join(Req("", "b", 2, {{"sticky", {}}, {"roundrobin", {}}}));
  EXPECT_FALSE(common->done());  // accepted: a rebalance started
  EXPECT_EQ(State(), GroupState::kPreparingRebalance);
}

TEST_F(JoinGroupTest, ThirdMemberTriggersRebalanceAndNewGeneration) {
  auto [a, b] = StableAB();
  auto c = Join(Req("", "c"));
  EXPECT_FALSE(c->done());
  EXPECT_EQ(State(), GroupState::kPreparingRebalance);
  EXPECT_EQ(Beat(a, 2), errors::kRebalanceInProgress);
  EXPECT_EQ(Beat(b, 2), errors::kRebalanceInProgress);
  auto b3 = Join(Req(b, "b"));
  EXPECT_FALSE(b3->done());
  auto a3 = Join(Req(a, "a"));
  ASSERT_TRUE(a3->done());
  ASSERT_TRUE(b3->done());
  ASSERT_TRUE(c->done());
  EXPECT_EQ(a3->get().generation_id, 3);
  EXPECT_EQ(b3->get().generation_id, 3);
  EXPECT_EQ(c->get().generation_id, 3);
  EXPECT_EQ(c->get().leader, a);
  EXPECT_EQ(a3->get().members.size(), 3u);
  EXPECT_TRUE(c->get().members.empty());
  EXPECT_EQ(Beat(a, 2), errors::kIllegalGeneration);
  EXPECT_EQ(Beat(a, 3), errors::kNone);
}

TEST_F(JoinGroupTest, MemberNotRejoiningWithinRebalanceTimeoutIsRemoved) {
  auto [a, b] = StableAB();
  auto c = Join(Req("", "c"));
  auto a3 = Join(Req(a, "a"));
  EXPECT_EQ(coord_->NextDeadlineMs(), std::optional<int64_t>(now_ + kSession));  // b's session
  // b keeps heartbeating (so its session never lapses) but never rejoins.
  for (int i = 0; i < 4; ++i) {
    Advance(4999);
    EXPECT_EQ(Beat(b, 2), errors::kRebalanceInProgress);
  }
  EXPECT_FALSE(a3->done());
  Advance(3);  // 19999 ms since the rebalance started
  EXPECT_FALSE(a3->done());
  Advance(1);
  ASSERT_TRUE(a3->done());
  ASSERT_TRUE(c->done());
  EXPECT_EQ(a3->get().generation_id, 3);
  ASSERT_EQ(a3->get().members.size(), 2u);
  for (const auto& m : a3->get().members) EXPECT_NE(m.member_id, b);
  EXPECT_FALSE(coord_->IsMember("g", b, 3));
  EXPECT_EQ(Beat(b, 3), errors::kUnknownMemberId);
}

TEST_F(JoinGroupTest, LeaderThatDisappearsIsReplacedByEarliestJoiner) {
  auto [a, b] = StableAB();
  auto c = Join(Req("", "c"));
  auto b3 = Join(Req(b, "b"));
  EXPECT_FALSE(c->done());
  Advance(kSession);  // a neither heartbeats nor rejoins: its session lapses
  ASSERT_TRUE(c->done());
  ASSERT_TRUE(b3->done());
  const std::string c_id = c->get().member_id;
  EXPECT_EQ(b3->get().leader, c_id);  // c's JoinGroup came before b's
  EXPECT_EQ(c->get().leader, c_id);
  EXPECT_EQ(c->get().members.size(), 2u);
  EXPECT_TRUE(b3->get().members.empty());
  EXPECT_EQ(c->get().generation_id, 3);
}

TEST_F(JoinGroupTest, RejoinWithSameMetadataDuringCompletingResendsCurrentGeneration) {
  auto a = Join(Req("", "a"));
  const std::string a_id = a->get().member_id;
  auto again = Join(Req(a_id, "a"));
  ASSERT_TRUE(again->done());
  EXPECT_EQ(again->get().error_code, errors::kNone);
  EXPECT_EQ(again->get().generation_id, 1);
  EXPECT_EQ(again->get().members.size(), 1u);  // it is the leader
  EXPECT_EQ(State(), GroupState::kCompletingRebalance);
  // Different metadata is a real change: rebalance (and with only a, done at once).
  auto changed = Join(Req(a_id, "a", 2, {{"range", Bytes("new")}}));
  ASSERT_TRUE(changed->done());
  EXPECT_EQ(changed->get().generation_id, 2);
}

TEST_F(JoinGroupTest, StableFollowerRejoinIsAnsweredAtOnceLeaderRejoinRebalances) {
  auto [a, b] = StableAB();
  auto fb = Join(Req(b, "b"));
  ASSERT_TRUE(fb->done());
  EXPECT_EQ(fb->get().generation_id, 2);
  EXPECT_EQ(fb->get().leader, a);
  EXPECT_TRUE(fb->get().members.empty());
  EXPECT_EQ(State(), GroupState::kStable);

  auto la = Join(Req(a, "a"));
  EXPECT_FALSE(la->done());
  EXPECT_EQ(State(), GroupState::kPreparingRebalance);
}

TEST_F(JoinGroupTest, DuplicateHeldJoinAnswersTheOlderOne) {
  auto [a, b] = StableAB();
  auto first = Join(Req(b, "b", 2, {{"range", Bytes("x")}}));
  EXPECT_FALSE(first->done());
  auto second = Join(Req(b, "b", 2, {{"range", Bytes("y")}}));
  ASSERT_TRUE(first->done());
  EXPECT_EQ(first->get().error_code, errors::kRebalanceInProgress);
  EXPECT_FALSE(second->done());
  auto ja = Join(Req(a, "a"));
  EXPECT_EQ(second->get().generation_id, 3);
  EXPECT_EQ(first->calls, 1);
}

TEST_F(JoinGroupTest, PendingMemberIdHoldsTheJoinPhase) {
  auto [a, b] = StableAB();
  auto pending = Join(Req("", "c", 4));
  ASSERT_EQ(pending->get().error_code, errors::kMemberIdRequired);
  EXPECT_EQ(State(), GroupState::kStable);  // a pending id does not rebalance
  auto b3 = Join(Req(b, "b", 2, {{"range", Bytes("changed")}}));
  auto a3 = Join(Req(a, "a"));
  EXPECT_FALSE(a3->done());  // everybody known rejoined, but c's id is outstanding
  auto c = Join(Req(pending->get().member_id, "c", 4));
  ASSERT_TRUE(a3->done());
  ASSERT_TRUE(c->done());
  EXPECT_EQ(a3->get().members.size(), 3u);
  EXPECT_EQ(c->get().generation_id, 3);
}

TEST_F(JoinGroupTest, ExpiredPendingMemberIdReleasesTheJoinPhase) {
  auto [a, b] = StableAB();
  auto pending = Join(Req("", "c", 4));
  auto b3 = Join(Req(b, "b", 2, {{"range", Bytes("changed")}}));
  auto a3 = Join(Req(a, "a"));
  EXPECT_FALSE(a3->done());
  Advance(kSession);
  ASSERT_TRUE(a3->done());
  EXPECT_EQ(a3->get().members.size(), 2u);
}

TEST_F(JoinGroupTest, NewMemberHeldTooLongExpiresWithUnknownMemberId) {
  Make(0, /*new_member_join_timeout_ms=*/5000);
  auto [a, b] = StableAB();
  auto c = Join(Req("", "c"));
  Advance(4000);
  EXPECT_EQ(Beat(a, 2), errors::kRebalanceInProgress);
  EXPECT_EQ(Beat(b, 2), errors::kRebalanceInProgress);
  EXPECT_FALSE(c->done());
  Advance(1000);
  ASSERT_TRUE(c->done());
  EXPECT_EQ(c->get().error_code, errors::kUnknownMemberId);
  EXPECT_EQ(c->get().member_id.rfind("c-", 0), 0u);
  EXPECT_EQ(Describe().members.size(), 2u);
}

TEST_F(JoinGroupTest, V0UsesSessionTimeoutAsRebalanceTimeout) {
  auto [a, b] = StableAB();
  auto r = Req("", "c", 0);
  r.rebalance_timeout_ms = 999'999;  // not in v0: must be ignored
  auto c = Join(r);
  // a and b stay alive without rejoining; the phase ends at the largest
  // rebalance timeout, a's and b's 20 s (c's would be 10 s), not at 999 s.
  for (int i = 0; i < 4; ++i) {
    Advance(4999);
    EXPECT_EQ(Beat(a, 2), errors::kRebalanceInProgress);
    EXPECT_EQ(Beat(b, 2), errors::kRebalanceInProgress);
  }
  Advance(3);
  EXPECT_FALSE(c->done());
  Advance(1);
  ASSERT_TRUE(c->done());
  EXPECT_EQ(c->get().error_code, errors::kNone);
  EXPECT_EQ(c->get().generation_id, 3);
  EXPECT_EQ(c->get().leader, c->get().member_id);
}

}  // namespace
}  // namespace kconnect::broker::group
