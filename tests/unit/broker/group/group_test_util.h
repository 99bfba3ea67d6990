#pragma once
// Helpers for the group coordinator tests: a settable clock, callbacks that
// record how often and with what they were called, request builders, and a
// way to bring a group to Stable through the real protocol.

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "broker/group/group_coordinator.h"

namespace kconnect::broker::group::testing {

// What a delayed-reply callback received; `calls` catches double completion.
template <typename T>
struct Captured {
  int calls = 0;
  std::optional<T> value;
  bool done() const { return calls > 0; }
  const T& get() const {
    static const T kNotCalled{};
    EXPECT_EQ(calls, 1);
    if (!value) {
      ADD_FAILURE() << "callback was not called";
      return kNotCalled;
    }
    return *value;
  }
};

using JoinCapture = std::shared_ptr<Captured<JoinGroupResult>>;
using SyncCapture = std::shared_ptr<Captured<SyncGroupResult>>;

inline std::vector<uint8_t> Bytes(std::string_view s) { return {s.begin(), s.end()}; }

class GroupTest : public ::testing::Test {
 protected:
  static constexpr int64_t kStart = 1'000'000;
  static constexpr int32_t kSession = 10'000;
  static constexpr int32_t kRebalance = 20'000;

  GroupTest() { Make(0); }

  // (Re)creates the coordinator with this initial rebalance delay.
  void Make(int32_t initial_delay_ms, int32_t new_member_join_timeout_ms = 300'000) {
    coord_.reset();
    GroupCoordinatorConfig config;
    config.group_initial_rebalance_delay_ms = initial_delay_ms;
    config.new_member_join_timeout_ms = new_member_join_timeout_ms;
    config.clock = [this] { return now_; };
    coord_ = std::make_unique<GroupCoordinator>(config);
  }

  void Advance(int64_t ms) {
    now_ += ms;
    coord_->Tick();
  }

  static JoinGroupRequest Req(std::string member_id, std::string client_id = "client",
                              int16_t version = 2,
                              std::vector<GroupProtocol> protocols = {{"range", Bytes("m")}}) {
    JoinGroupRequest r;
    r.api_version = version;
    r.group_id = "g";
    r.session_timeout_ms = kSession;
    r.rebalance_timeout_ms = kRebalance;
    r.member_id = std::move(member_id);
    r.protocol_type = "consumer";
    r.protocols = std::move(protocols);
    r.client_id = std::move(client_id);
    r.client_host = "/127.0.0.1";
    return r;
  }

  JoinCapture Join(JoinGroupRequest r) {
    auto c = std::make_shared<Captured<JoinGroupResult>>();
    coord_->JoinGroup(std::move(r), [c](JoinGroupResult res) {
      ++c->calls;
      c->value = std::move(res);
    });
    return c;
  }

  SyncCapture Sync(const std::string& member_id, int32_t generation,
                   std::vector<SyncGroupAssignment> assignments = {}) {
    SyncGroupRequest r;
    r.group_id = "g";
    r.generation_id = generation;
    r.member_id = member_id;
    r.assignments = std::move(assignments);
    auto c = std::make_shared<Captured<SyncGroupResult>>();
    coord_->SyncGroup(std::move(r), [c](SyncGroupResult res) {
      ++c->calls;
      c->value = std::move(res);
    });
    return c;
  }

  int16_t Beat(const std::string& member_id, int32_t generation, std::string group = "g") {
    return coord_->Heartbeat({std::move(group), generation, member_id, std::nullopt});
  }

  LeaveGroupResult Leave(std::vector<std::string> member_ids, std::string group = "g") {
    LeaveGroupRequest r;
    r.group_id = std::move(group);
    for (auto& id : member_ids) r.members.push_back({std::move(id), std::nullopt});
    return coord_->LeaveGroup(r);
  }

  GroupState State() const { return coord_->StateOf("g"); }
  DescribedGroup Describe() const { return coord_->DescribeGroups({"g"}).at(0); }

  // Brings "g" to Stable with members a (leader) and b, the way clients do
  // (initial delay 0): a forms generation 1 alone, b's join starts a rebalance,
  // a rejoins, both sync. Returns {a, b}; the generation is 2.
  std::pair<std::string, std::string> StableAB() {
    auto a = Join(Req("", "a"));
    EXPECT_TRUE(a->done());
    const std::string a_id = a->get().member_id;
    EXPECT_EQ(Sync(a_id, 1, {{a_id, Bytes("A1")}})->get().error_code, errors::kNone);
    auto b = Join(Req("", "b"));
    EXPECT_FALSE(b->done());
    auto a2 = Join(Req(a_id, "a"));
    EXPECT_TRUE(a2->done());
    EXPECT_TRUE(b->done());
    const std::string b_id = b->get().member_id;
    EXPECT_EQ(a2->get().generation_id, 2);
    auto sb = Sync(b_id, 2);
    auto sa = Sync(a_id, 2, {{a_id, Bytes("A2")}, {b_id, Bytes("B2")}});
    EXPECT_EQ(sb->get().assignment, Bytes("B2"));
    EXPECT_EQ(sa->get().assignment, Bytes("A2"));
    EXPECT_EQ(State(), GroupState::kStable);
    return {a_id, b_id};
  }

  int64_t now_ = kStart;
  std::unique_ptr<GroupCoordinator> coord_;
};

}  // namespace kconnect::broker::group::testing
