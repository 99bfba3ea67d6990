// ListGroups / DescribeGroups / DeleteGroups (spec broker.md §7.11) and the
// hooks committed offsets build on (§7.9).

#include <gtest/gtest.h>

#include "broker/group/group_coordinator.h"
#include "unit/broker/group/group_test_util.h"

namespace kconnect::broker::group {
namespace {

using testing::Bytes;
using testing::GroupTest;

using AdminTest = GroupTest;

TEST_F(AdminTest, StateNames) {
  EXPECT_EQ(GroupStateName(GroupState::kEmpty), "Empty");
  EXPECT_EQ(GroupStateName(GroupState::kPreparingRebalance), "PreparingRebalance");
  EXPECT_EQ(GroupStateName(GroupState::kCompletingRebalance), "CompletingRebalance");
  EXPECT_EQ(GroupStateName(GroupState::kStable), "Stable");
  EXPECT_EQ(GroupStateName(GroupState::kDead), "Dead");
}

TEST_F(AdminTest, DescribeStableGroupShowsMetadataAndAssignment) {
  auto [a, b] = StableAB();
  DescribedGroup d = Describe();
  EXPECT_EQ(d.error_code, errors::kNone);
  EXPECT_EQ(d.group_id, "g");
  EXPECT_EQ(d.state, "Stable");
  EXPECT_EQ(d.protocol_type, "consumer");
  EXPECT_EQ(d.protocol_data, "range");
  ASSERT_EQ(d.members.size(), 2u);
  std::map<std::string, DescribedMember> by_id;
  for (const auto& m : d.members) by_id[m.member_id] = m;
  EXPECT_EQ(by_id.at(a).client_id, "a");
  EXPECT_EQ(by_id.at(a).client_host, "/127.0.0.1");
  EXPECT_EQ(by_id.at(a).metadata, Bytes("m"));
  EXPECT_EQ(by_id.at(a).assignment, Bytes("A2"));
  EXPECT_EQ(by_id.at(b).client_id, "b");
  EXPECT_EQ(by_id.at(b).assignment, Bytes("B2"));
  EXPECT_FALSE(by_id.at(b).group_instance_id.has_value());
}

TEST_F(AdminTest, DescribeOutsideStableHidesMetadata) {
  auto [a, b] = StableAB();
  Join(Req("", "c"));
  DescribedGroup d = Describe();
  EXPECT_EQ(d.state, "PreparingRebalance");
  EXPECT_EQ(d.protocol_type, "consumer");
  EXPECT_EQ(d.protocol_data, "");
  ASSERT_EQ(d.members.size(), 3u);
  for (const auto& m : d.members) {
    EXPECT_TRUE(m.metadata.empty());
    EXPECT_TRUE(m.assignment.empty());
    EXPECT_FALSE(m.client_id.empty());
  }
}

// A ConsumerProtocolSubscription v0: int16 version, topics, null user data.
std::vector<uint8_t> Subscription(const std::vector<std::string>& topics) {
  std::vector<uint8_t> out{0, 0, 0, 0, 0, static_cast<uint8_t>(topics.size())};
  for (const auto& t : topics) {
    out.push_back(0);
    out.push_back(static_cast<uint8_t>(t.size()));
    out.insert(out.end(), t.begin(), t.end());
  }
  for (uint8_t b : {0xff, 0xff, 0xff, 0xff}) out.push_back(b);
  return out;
}

TEST_F(AdminTest, OffsetDeleteScopeFollowsTheGroupState) {
  // Unknown: not found, unless it has committed offsets (offsets-only group).
  EXPECT_EQ(coord_->PrepareOffsetDelete("g", false).error_code, errors::kGroupIdNotFound);
  EXPECT_EQ(coord_->PrepareOffsetDelete("g", true).error_code, errors::kNone);
  EXPECT_EQ(coord_->PrepareOffsetDelete("", true).error_code, errors::kInvalidGroupId);
  coord_->EnsureEmptyGroup("g");
  auto empty = coord_->PrepareOffsetDelete("g", true);
  EXPECT_EQ(empty.error_code, errors::kNone);
  EXPECT_TRUE(empty.Deletable("anything"));

  // A consumer group with members whose metadata does not parse: every
  // topic counts as subscribed.
  StableAB();
  auto opaque = coord_->PrepareOffsetDelete("g", true);
  EXPECT_EQ(opaque.error_code, errors::kNone);
  EXPECT_FALSE(opaque.subscribed.has_value());
  EXPECT_FALSE(opaque.Deletable("anything"));
}

TEST_F(AdminTest, OffsetDeleteKeepsTopicsALiveConsumerGroupSubscribesTo) {
  auto a = Join(Req("", "a", 2, {{"range", Subscription({"orders", "audit"})}}));
  ASSERT_TRUE(a->done());
  const std::string id = a->get().member_id;
  ASSERT_EQ(Sync(id, 1, {{id, Bytes("A1")}})->get().error_code, errors::kNone);
  auto scope = coord_->PrepareOffsetDelete("g", true);
  EXPECT_EQ(scope.error_code, errors::kNone);
  ASSERT_TRUE(scope.subscribed.has_value());
  EXPECT_FALSE(scope.Deletable("orders"));
  EXPECT_FALSE(scope.Deletable("audit"));
  EXPECT_TRUE(scope.Deletable("other"));
}

TEST_F(AdminTest, OffsetDeleteRefusesANonConsumerGroupWithMembers) {
  auto r = Req("", "worker-1");
  r.protocol_type = "connect";
  auto a = Join(r);
  ASSERT_TRUE(a->done());
  EXPECT_EQ(coord_->PrepareOffsetDelete("g", true).error_code, errors::kNonEmptyGroup);
}

TEST_F(AdminTest, DescribeUnknownGroupIsDeadWithoutError) {
  auto d = coord_->DescribeGroups({"nope", ""});
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].error_code, errors::kNone);
  EXPECT_EQ(d[0].group_id, "nope");
  EXPECT_EQ(d[0].state, "Dead");
  EXPECT_EQ(d[0].protocol_type, "");
  EXPECT_TRUE(d[0].members.empty());
  EXPECT_EQ(d[1].state, "Dead");
}

TEST_F(AdminTest, ListGroupsIncludesOffsetsOnlyGroups) {
  EXPECT_TRUE(coord_->ListGroups().empty());
  StableAB();
  EXPECT_TRUE(coord_->EnsureEmptyGroup("offsets-only"));
  EXPECT_FALSE(coord_->EnsureEmptyGroup("offsets-only"));
  auto connect = Req("", "worker");
  connect.group_id = "connect-cluster";
  connect.protocol_type = "connect";
  connect.protocols = {{"sessioned", {}}, {"compatible", {}}};
  EXPECT_EQ(Join(connect)->get().protocol_name, "sessioned");

  auto groups = coord_->ListGroups();
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0].group_id, "connect-cluster");
  EXPECT_EQ(groups[0].protocol_type, "connect");
  EXPECT_EQ(groups[0].state, GroupState::kCompletingRebalance);
  EXPECT_EQ(groups[1].group_id, "g");
  EXPECT_EQ(groups[1].protocol_type, "consumer");
  EXPECT_EQ(groups[1].state, GroupState::kStable);
  EXPECT_EQ(groups[2].group_id, "offsets-only");
  EXPECT_EQ(groups[2].protocol_type, "");
  EXPECT_EQ(groups[2].state, GroupState::kEmpty);
}

TEST_F(AdminTest, DeleteGroups) {
  StableAB();
  coord_->EnsureEmptyGroup("empty");
  auto r = coord_->DeleteGroups({"", "nope", "g", "empty", "empty"});
  ASSERT_EQ(r.size(), 5u);
  EXPECT_EQ(r[0].error_code, errors::kInvalidGroupId);
  EXPECT_EQ(r[1].group_id, "nope");
  EXPECT_EQ(r[1].error_code, errors::kGroupIdNotFound);
  EXPECT_EQ(r[2].error_code, errors::kNonEmptyGroup);
  EXPECT_EQ(r[3].group_id, "empty");
  EXPECT_EQ(r[3].error_code, errors::kNone);
  EXPECT_EQ(r[4].error_code, errors::kGroupIdNotFound);  // already gone
  EXPECT_FALSE(coord_->HasGroup("empty"));
  EXPECT_EQ(coord_->StateOf("empty"), GroupState::kDead);
  EXPECT_EQ(coord_->DescribeGroups({"empty"}).at(0).state, "Dead");
  EXPECT_TRUE(coord_->HasGroup("g"));
}

TEST_F(AdminTest, GroupEmptiedByLeavingCanBeDeleted) {
  auto a = Join(Req(""));
  Leave({a->get().member_id});
  EXPECT_EQ(coord_->DeleteGroups({"g"}).at(0).error_code, errors::kNone);
  EXPECT_FALSE(coord_->HasGroup("g"));
  EXPECT_TRUE(coord_->ListGroups().empty());
}

TEST_F(AdminTest, GroupStillCollectingJoinsIsNotEmpty) {
  Make(3000);
  auto a = Join(Req(""));
  EXPECT_EQ(coord_->DeleteGroups({"g"}).at(0).error_code, errors::kNonEmptyGroup);
}

using HooksTest = GroupTest;

TEST_F(HooksTest, GroupQueries) {
  EXPECT_FALSE(coord_->HasGroup("g"));
  EXPECT_EQ(coord_->StateOf("g"), GroupState::kDead);
  EXPECT_EQ(coord_->GenerationOf("g"), std::nullopt);
  auto [a, b] = StableAB();
  EXPECT_TRUE(coord_->HasGroup("g"));
  EXPECT_EQ(coord_->StateOf("g"), GroupState::kStable);
  EXPECT_EQ(coord_->GenerationOf("g"), std::optional<int32_t>(2));
  EXPECT_TRUE(coord_->IsMember("g", a, 2));
  EXPECT_TRUE(coord_->IsMember("g", b, 2));
  EXPECT_FALSE(coord_->IsMember("g", a, 1));
  EXPECT_FALSE(coord_->IsMember("g", "ghost", 2));
  EXPECT_FALSE(coord_->IsMember("other", a, 2));
}

TEST_F(HooksTest, EnsureEmptyGroupThenJoin) {
  EXPECT_TRUE(coord_->EnsureEmptyGroup("g"));
  EXPECT_EQ(coord_->StateOf("g"), GroupState::kEmpty);
  EXPECT_EQ(coord_->GenerationOf("g"), std::optional<int32_t>(0));
  auto a = Join(Req(""));
  EXPECT_EQ(a->get().generation_id, 1);
  EXPECT_FALSE(coord_->EnsureEmptyGroup("g"));
  EXPECT_EQ(coord_->StateOf("g"), GroupState::kCompletingRebalance);
}

TEST_F(HooksTest, ValidateOffsetCommitUnknownAndEmptyGroups) {
  // Standalone committer: creates the group in Empty.
  EXPECT_EQ(coord_->ValidateOffsetCommit("kcat", "", -1), errors::kNone);
  EXPECT_EQ(coord_->StateOf("kcat"), GroupState::kEmpty);
  EXPECT_EQ(coord_->ValidateOffsetCommit("kcat", "", -1), errors::kNone);
  // A generation for a group that does not exist: a stale member.
  EXPECT_EQ(coord_->ValidateOffsetCommit("gone", "m", 3), errors::kIllegalGeneration);
  EXPECT_FALSE(coord_->HasGroup("gone"));
  // Empty group with member/generation given: not a member.
  EXPECT_EQ(coord_->ValidateOffsetCommit("kcat", "m", 0), errors::kUnknownMemberId);
}

TEST_F(HooksTest, ValidateOffsetCommitForManagedGroup) {
  auto a = Join(Req("", "a"));
  const std::string a_id = a->get().member_id;
  // CompletingRebalance: the member has its generation but no assignment yet.
  EXPECT_EQ(coord_->ValidateOffsetCommit("g", a_id, 1), errors::kRebalanceInProgress);
  Sync(a_id, 1);
  EXPECT_EQ(coord_->ValidateOffsetCommit("g", a_id, 1), errors::kNone);
  EXPECT_EQ(coord_->ValidateOffsetCommit("g", a_id, 0), errors::kIllegalGeneration);
  EXPECT_EQ(coord_->ValidateOffsetCommit("g", "ghost", 1), errors::kUnknownMemberId);
  EXPECT_EQ(coord_->ValidateOffsetCommit("g", "", -1), errors::kUnknownMemberId);
  // PreparingRebalance still accepts the current generation's commits.
  Join(Req("", "b"));
  EXPECT_EQ(coord_->ValidateOffsetCommit("g", a_id, 1), errors::kNone);
}

TEST_F(HooksTest, ValidateOffsetCommitRefreshesTheSession) {
  auto a = Join(Req(""));
  const std::string id = a->get().member_id;
  Sync(id, 1);
  for (int i = 0; i < 5; ++i) {
    Advance(9000);
    ASSERT_EQ(coord_->ValidateOffsetCommit("g", id, 1), errors::kNone);
  }
  EXPECT_TRUE(coord_->IsMember("g", id, 1));
  Advance(kSession);
  EXPECT_FALSE(coord_->IsMember("g", id, 1));
}

}  // namespace
}  // namespace kconnect::broker::group
