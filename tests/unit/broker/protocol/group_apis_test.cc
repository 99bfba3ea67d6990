// Version-specific layout points of the group-coordinator APIs that clients
// are known to depend on (spec broker.md §7).

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "broker/protocol/codec.h"
#include "broker/protocol/find_coordinator.h"
#include "broker/protocol/join_group.h"
#include "broker/protocol/leave_group.h"
#include "broker/protocol/list_groups.h"
#include "broker/protocol/offset_commit.h"
#include "broker/protocol/offset_fetch.h"

namespace kconnect::broker::protocol {
namespace {

using Bytes = std::vector<uint8_t>;

TEST(GroupApisTest, FindCoordinatorV0IsKeyOnly) {
  FindCoordinatorRequest req;
  req.key = "g";
  req.key_type = 1;
  EXPECT_EQ(Encode(req, 0), (Bytes{0x00, 0x01, 'g'}));
  EXPECT_EQ(Encode(req, 1), (Bytes{0x00, 0x01, 'g', 0x01}));
  FindCoordinatorResponse resp;
  resp.error_message = std::nullopt;
  resp.node_id = 1;
  resp.host = "h";
  resp.port = 9092;
  EXPECT_EQ(Encode(resp, 0), (Bytes{0, 0, 0, 0, 0, 1, 0, 1, 'h', 0, 0, 0x23, 0x84}));
  // v1: throttle, error, null message, node, host, port.
  EXPECT_EQ(Encode(resp, 1),
            (Bytes{0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 1, 0, 1, 'h', 0, 0, 0x23, 0x84}));
}

TEST(GroupApisTest, JoinGroupInstanceIdOnlyFromV5) {
  JoinGroupRequest req;
  req.group_id = "g";
  req.group_instance_id = std::nullopt;
  const size_t v4 = Encode(req, 4).size();
  EXPECT_EQ(Encode(req, 5).size(), v4 + 2);  // null string: 0xffff
  // v0 lacks rebalance_timeout_ms.
  EXPECT_EQ(Encode(req, 1).size(), Encode(req, 0).size() + 4);

  JoinGroupResponse resp;
  resp.members.push_back({"m", std::string("i"), Bytes{1}});
  JoinGroupResponse back;
  ASSERT_TRUE(DecodeExact(Encode(resp, 4), 4, &back).IsOk());
  EXPECT_EQ(back.members[0].group_instance_id, std::nullopt);  // not on the wire before v5
  ASSERT_TRUE(DecodeExact(Encode(resp, 5), 5, &back).IsOk());
  EXPECT_EQ(back.members[0].group_instance_id, std::optional<std::string>("i"));
}

TEST(GroupApisTest, LeaveGroupSwitchesToBatchInV3) {
  LeaveGroupRequest req;
  req.group_id = "g";
  req.member_id = "m";
  req.members.push_back({"a", std::nullopt});
  EXPECT_EQ(Encode(req, 2), (Bytes{0, 1, 'g', 0, 1, 'm'}));
  EXPECT_EQ(Encode(req, 3), (Bytes{0, 1, 'g', 0, 0, 0, 1, 0, 1, 'a', 0xff, 0xff}));
}

TEST(GroupApisTest, OffsetCommitRetentionOnlyInV2ToV4) {
  OffsetCommitRequest req;
  req.retention_time_ms = 1000;
  const size_t v4 = Encode(req, 4).size();
  EXPECT_EQ(Encode(req, 5).size(), v4 - 8);
  OffsetCommitRequest back;
  ASSERT_TRUE(DecodeExact(Encode(req, 5), 5, &back).IsOk());
  EXPECT_EQ(back.retention_time_ms, -1);
}

TEST(GroupApisTest, OffsetFetchNullTopicsFromV2) {
  OffsetFetchRequest all;
  all.group_id = "g";
  all.topics = std::nullopt;
  EXPECT_EQ(Encode(all, 2), (Bytes{0, 1, 'g', 0xff, 0xff, 0xff, 0xff}));
  OffsetFetchRequest back;
  ASSERT_TRUE(DecodeExact(Encode(all, 2), 2, &back).IsOk());
  EXPECT_FALSE(back.topics.has_value());
  // v1 cannot express "all": -1 is malformed there.
  EXPECT_EQ(DecodeExact(Bytes{0, 1, 'g', 0xff, 0xff, 0xff, 0xff}, 1, &back).Code(),
            StatusCode::kMalformed);

  OffsetFetchResponse resp;
  resp.error_code = 14;
  EXPECT_EQ(Encode(resp, 1).size(), 4u);      // topics only
  EXPECT_EQ(Encode(resp, 2).size(), 4u + 2);  // + top-level error_code
  EXPECT_EQ(Encode(resp, 3).size(), 4u + 2 + 4);
}

TEST(GroupApisTest, ListGroupsRequestIsEmpty) {
  for (int16_t v = 0; v <= 2; ++v) EXPECT_TRUE(Encode(ListGroupsRequest(), v).empty());
  ListGroupsRequest req;
  EXPECT_TRUE(DecodeExact(Bytes{}, 2, &req).IsOk());
}

}  // namespace
}  // namespace kconnect::broker::protocol
