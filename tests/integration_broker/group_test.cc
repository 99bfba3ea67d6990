// The group APIs on the wire (raw requests on loopback sockets): the
// coordinator is this node; two members go through KIP-394, a held JoinGroup,
// a rebalance signalled by Heartbeat, SyncGroup, LeaveGroup v3 and the
// List/Describe/DeleteGroups views.

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <thread>
#include <string>
#include <vector>

#include "broker/protocol/delete_groups.h"
#include "broker/protocol/describe_groups.h"
#include "broker/protocol/find_coordinator.h"
#include "broker/protocol/heartbeat.h"
#include "broker/protocol/join_group.h"
#include "broker/protocol/leave_group.h"
#include "broker/protocol/list_groups.h"
#include "broker/protocol/sync_group.h"
#include "broker_harness.h"
#include "data_test_util.h"

namespace kconnect::testing {
namespace {

namespace pr = broker::protocol;
using std::chrono::milliseconds;

constexpr milliseconds kWait{5000};

int Port(const TestBroker& broker) { return std::stoi(broker.Bootstrap().substr(10)); }

pr::JoinGroupRequest Join(const std::string& member_id) {
  pr::JoinGroupRequest req;
  req.group_id = "g";
  req.session_timeout_ms = 10000;
  req.rebalance_timeout_ms = 10000;
  req.member_id = member_id;
  req.protocol_type = "consumer";
  pr::JoinGroupRequest::JoinGroupRequestProtocol p;
  p.name = "range";
  p.metadata = {1, 2, 3};
  req.protocols.push_back(p);
  return req;
}

// KIP-394: the first JoinGroup v5 without a member id gets one back with 79.
std::string NewMemberId(RawClient& client) {
  EXPECT_TRUE(client.Send(Join(""), 5, 1));
  auto resp = client.Receive<pr::JoinGroupResponse>(5, kWait);
  EXPECT_TRUE(resp.has_value());
  if (!resp) return "";
  EXPECT_EQ(resp->error_code, 79);
  EXPECT_EQ(resp->member_id.rfind("raw-test-", 0), 0u) << resp->member_id;
  return resp->member_id;
}

pr::SyncGroupRequest Sync(const std::string& member_id, int32_t generation,
                          const std::map<std::string, std::vector<uint8_t>>& assignments = {}) {
  pr::SyncGroupRequest req;
  req.group_id = "g";
  req.generation_id = generation;
  req.member_id = member_id;
  for (const auto& [m, a] : assignments) {
    pr::SyncGroupRequest::SyncGroupRequestAssignment one;
    one.member_id = m;
    one.assignment = a;
    req.assignments.push_back(one);
  }
  return req;
}

int16_t Beat(RawClient& client, const std::string& member_id, int32_t generation) {
  pr::HeartbeatRequest req;
  req.group_id = "g";
  req.generation_id = generation;
  req.member_id = member_id;
  EXPECT_TRUE(client.Send(req, 3, 7));
  auto resp = client.Receive<pr::HeartbeatResponse>(3, kWait);
  return resp ? resp->error_code : -999;
}

TEST(GroupApiTest, TwoMembersJoinRebalanceSyncAndLeave) {
  TestBroker broker(std::map<std::string, std::string>{{"group.initial.rebalance.delay.ms", "0"}});
  broker.Start();
  RawClient a(Port(broker)), b(Port(broker));

  pr::FindCoordinatorRequest find;
  find.key = "g";
  ASSERT_TRUE(a.Send(find, 2, 1));
  auto coordinator = a.Receive<pr::FindCoordinatorResponse>(2, kWait);
  ASSERT_TRUE(coordinator.has_value());
  EXPECT_EQ(coordinator->error_code, 0);
  EXPECT_EQ(coordinator->node_id, 1);
  EXPECT_EQ(coordinator->port, Port(broker));

  // A alone: generation 1, A leads and gets itself in the member list.
  const std::string id_a = NewMemberId(a);
  ASSERT_TRUE(a.Send(Join(id_a), 5, 2));
  auto joined = a.Receive<pr::JoinGroupResponse>(5, kWait);
  ASSERT_TRUE(joined.has_value());
  EXPECT_EQ(joined->error_code, 0);
  EXPECT_EQ(joined->generation_id, 1);
  EXPECT_EQ(joined->leader, id_a);
  EXPECT_EQ(joined->protocol_name, "range");
  ASSERT_EQ(joined->members.size(), 1u);
  EXPECT_EQ(joined->members[0].metadata, (std::vector<uint8_t>{1, 2, 3}));
  ASSERT_TRUE(a.Send(Sync(id_a, 1, {{id_a, {9}}}), 3, 3));
  auto synced = a.Receive<pr::SyncGroupResponse>(3, kWait);
  ASSERT_TRUE(synced.has_value());
  EXPECT_EQ(synced->assignment, (std::vector<uint8_t>{9}));
  EXPECT_EQ(Beat(a, id_a, 1), 0);

  // B joins: its JoinGroup is held; A learns of the rebalance by heartbeat.
  const std::string id_b = NewMemberId(b);
  ASSERT_TRUE(b.Send(Join(id_b), 5, 2));
  EXPECT_FALSE(b.Receive<pr::JoinGroupResponse>(5, milliseconds(300)).has_value())
      << "B's JoinGroup should wait for A to rejoin";
  EXPECT_EQ(Beat(a, id_a, 1), 27);
  ASSERT_TRUE(a.Send(Join(id_a), 5, 4));
  auto a2 = a.Receive<pr::JoinGroupResponse>(5, kWait);
  auto b2 = b.Receive<pr::JoinGroupResponse>(5, kWait);
  ASSERT_TRUE(a2.has_value() && b2.has_value());
  EXPECT_EQ(a2->generation_id, 2);
  EXPECT_EQ(b2->generation_id, 2);
  EXPECT_EQ(a2->leader, id_a);
  EXPECT_EQ(a2->members.size(), 2u);
  EXPECT_TRUE(b2->members.empty());

  // B's SyncGroup waits for the leader's assignments.
  ASSERT_TRUE(b.Send(Sync(id_b, 2), 3, 3));
  EXPECT_FALSE(b.Receive<pr::SyncGroupResponse>(3, milliseconds(200)).has_value());
  ASSERT_TRUE(a.Send(Sync(id_a, 2, {{id_a, {1}}, {id_b, {2}}}), 3, 5));
  auto sa = a.Receive<pr::SyncGroupResponse>(3, kWait);
  auto sb = b.Receive<pr::SyncGroupResponse>(3, kWait);
  ASSERT_TRUE(sa.has_value() && sb.has_value());
  EXPECT_EQ(sa->assignment, (std::vector<uint8_t>{1}));
  EXPECT_EQ(sb->assignment, (std::vector<uint8_t>{2}));

  pr::DescribeGroupsRequest describe;
  describe.groups = {"g", "nope"};
  ASSERT_TRUE(a.Send(describe, 4, 6));
  auto described = a.Receive<pr::DescribeGroupsResponse>(4, kWait);
  ASSERT_TRUE(described.has_value());
  ASSERT_EQ(described->groups.size(), 2u);
  EXPECT_EQ(described->groups[0].group_state, "Stable");
  EXPECT_EQ(described->groups[0].protocol_data, "range");
  EXPECT_EQ(described->groups[0].members.size(), 2u);
  EXPECT_EQ(described->groups[1].group_state, "Dead");

  // LeaveGroup v3 with one unknown member: per-member errors.
  pr::LeaveGroupRequest leave;
  leave.group_id = "g";
  pr::LeaveGroupRequest::MemberIdentity m1, m2;
  m1.member_id = id_b;
  m2.member_id = "ghost";
  leave.members = {m1, m2};
  ASSERT_TRUE(b.Send(leave, 3, 8));
  auto left = b.Receive<pr::LeaveGroupResponse>(3, kWait);
  ASSERT_TRUE(left.has_value());
  ASSERT_EQ(left->members.size(), 2u);
  EXPECT_EQ(left->members[0].error_code, 0);
  EXPECT_EQ(left->members[1].error_code, 25);

  ASSERT_TRUE(a.Send(pr::ListGroupsRequest{}, 2, 9));
  auto listed = a.Receive<pr::ListGroupsResponse>(2, kWait);
  ASSERT_TRUE(listed.has_value());
  ASSERT_EQ(listed->groups.size(), 1u);
  EXPECT_EQ(listed->groups[0].group_id, "g");
  EXPECT_EQ(listed->groups[0].protocol_type, "consumer");

  pr::DeleteGroupsRequest del;
  del.groups_names = {"g"};
  ASSERT_TRUE(a.Send(del, 1, 10));
  auto deleted = a.Receive<pr::DeleteGroupsResponse>(1, kWait);
  ASSERT_TRUE(deleted.has_value());
  ASSERT_EQ(deleted->results.size(), 1u);
  EXPECT_EQ(deleted->results[0].error_code, 68);  // A is still a member
}

TEST(GroupApiTest, AMemberThatStopsHeartbeatingIsRemovedAfterItsSessionTimeout) {
  TestBroker broker(std::map<std::string, std::string>{{"group.initial.rebalance.delay.ms", "0"}});
  broker.Start();
  RawClient a(Port(broker));
  auto join = Join("");
  join.session_timeout_ms = 6000;  // the minimum the broker accepts
  ASSERT_TRUE(a.Send(join, 2, 1));  // v2: no KIP-394 round trip
  auto joined = a.Receive<pr::JoinGroupResponse>(2, kWait);
  ASSERT_TRUE(joined.has_value());
  ASSERT_EQ(joined->error_code, 0);
  const std::string id = joined->member_id;
  EXPECT_FALSE(id.empty());

  // Silence: after the session timeout the group is empty again.
  pr::DescribeGroupsRequest describe;
  describe.groups = {"g"};
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  std::string state;
  while (std::chrono::steady_clock::now() < deadline) {
    ASSERT_TRUE(a.Send(describe, 0, 2));
    auto described = a.Receive<pr::DescribeGroupsResponse>(0, kWait);
    ASSERT_TRUE(described.has_value());
    state = described->groups[0].group_state;
    if (state == "Empty") break;
    std::this_thread::sleep_for(milliseconds(200));  // polling the expiry
  }
  EXPECT_EQ(state, "Empty");
  EXPECT_EQ(Beat(a, id, joined->generation_id), 25);
}

}  // namespace
}  // namespace kconnect::testing
