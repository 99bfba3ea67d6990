// InitProducerId: fresh ids for idempotent producers, never reused across a
// restart; transactional ids refused. (librdkafka's transactional producer
// asks FindCoordinator for its transaction coordinator before InitProducerId,
// so it does not reach this handler; the raw requests below do.)

#include "broker/protocol/init_producer_id.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "broker/protocol/error_code.h"
#include "broker_harness.h"
#include "data_test_util.h"

namespace kconnect::testing {
namespace {

namespace pr = broker::protocol;
using std::chrono::milliseconds;

int Port(const TestBroker& broker) { return std::stoi(broker.Bootstrap().substr(10)); }

std::optional<pr::InitProducerIdResponse> Init(RawClient& client, std::optional<std::string> txn,
                                               int16_t version) {
  pr::InitProducerIdRequest req;
  req.transactional_id = std::move(txn);
  req.transaction_timeout_ms = 60000;
  if (!client.Send(req, version, 1)) return std::nullopt;
  return client.Receive<pr::InitProducerIdResponse>(version, milliseconds(5000));
}

TEST(InitProducerIdTest, HandsOutDistinctIdsThatGrowAcrossRestarts) {
  TestBroker broker;
  broker.Start();
  int64_t last = -1;
  {
    RawClient client(Port(broker));
    for (int16_t v = 0; v <= 1; ++v) {
      auto r = Init(client, std::nullopt, v);
      ASSERT_TRUE(r.has_value());
      EXPECT_EQ(r->error_code, 0);
      EXPECT_EQ(r->producer_epoch, 0);
      EXPECT_GT(r->producer_id, last);
      last = r->producer_id;
    }
  }
  broker.Stop();
  broker.Start();
  RawClient client(Port(broker));
  auto r = Init(client, std::nullopt, 1);
  ASSERT_TRUE(r.has_value());
  EXPECT_GT(r->producer_id, last);
}

TEST(InitProducerIdTest, TransactionalIdsAreRefused) {
  TestBroker broker;
  broker.Start();
  RawClient client(Port(broker));
  auto r = Init(client, std::string("txn-1"), 1);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->error_code, pr::ToInt(pr::ErrorCode::kTransactionalIdAuthorizationFailed));
  EXPECT_EQ(r->producer_id, -1);
  r = Init(client, std::string(""), 1);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->error_code, pr::ToInt(pr::ErrorCode::kInvalidRequest));
}

}  // namespace
}  // namespace kconnect::testing
