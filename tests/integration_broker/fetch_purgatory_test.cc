// FetchPurgatory on its own: deadlines, wake-ups by watched partitions only,
// the append-sequence hand-off, connection close and destruction.

#include "broker/server/handlers/fetch_purgatory.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

namespace kconnect::broker::server {
namespace {

using Clock = FetchPurgatory::Clock;
using std::chrono::milliseconds;

// Polls `done` until true or the deadline passes.
template <typename Fn>
bool WaitFor(Fn done, milliseconds limit = milliseconds(5000)) {
  const auto end = Clock::now() + limit;
  while (Clock::now() < end) {
    if (done()) return true;
    std::this_thread::sleep_for(milliseconds(2));
  }
  return done();
}

// Counts tries; completes when expired or once `ready` is set.
struct Probe {
  std::atomic<int> tries{0};
  std::atomic<bool> ready{false};
  std::atomic<bool> completed{false};
  std::atomic<bool> expired{false};
  Clock::time_point completed_at;

  FetchPurgatory::Attempt Attempt() {
    return [this](bool is_expired) {
      ++tries;
      if (!is_expired && !ready) return false;
      completed_at = Clock::now();
      expired = is_expired;
      completed = true;
      return true;
    };
  }
};

TEST(FetchPurgatoryTest, CompletesAtTheDeadline) {
  FetchPurgatory purgatory;
  Probe probe;
  const auto start = Clock::now();
  purgatory.Park(1, {{"t", 0}}, start + milliseconds(300), purgatory.AppendSequence(),
                 probe.Attempt());
  EXPECT_EQ(purgatory.ParkedCount(), 1u);
  ASSERT_TRUE(WaitFor([&] { return probe.completed.load(); }));
  EXPECT_TRUE(probe.expired);
  EXPECT_GE(probe.completed_at - start, milliseconds(300));
  EXPECT_LT(probe.completed_at - start, milliseconds(1000));
  EXPECT_TRUE(WaitFor([&] { return purgatory.ParkedCount() == 0; }));
}

TEST(FetchPurgatoryTest, OnlyAppendsToWatchedPartitionsWakeAFetch) {
  FetchPurgatory purgatory;
  Probe probe;
  purgatory.Park(1, {{"t", 0}, {"u", 2}}, Clock::now() + milliseconds(10000),
                 purgatory.AppendSequence(), probe.Attempt());
  purgatory.OnAppend("t", 1);
  purgatory.OnAppend("other", 0);
  // Give the thread a chance to (wrongly) try it.
  EXPECT_FALSE(WaitFor([&] { return probe.tries.load() > 0; }, milliseconds(200)));
  purgatory.OnAppend("u", 2);
  ASSERT_TRUE(WaitFor([&] { return probe.tries.load() == 1; }));
  EXPECT_FALSE(probe.completed);  // not ready: stays parked
  EXPECT_EQ(purgatory.ParkedCount(), 1u);
  probe.ready = true;
  purgatory.OnAppend("t", 0);
  ASSERT_TRUE(WaitFor([&] { return probe.completed.load(); }));
  EXPECT_FALSE(probe.expired);
  EXPECT_TRUE(WaitFor([&] { return purgatory.ParkedCount() == 0; }));
}

TEST(FetchPurgatoryTest, AnAppendBeforeParkingIsNotMissed) {
  FetchPurgatory purgatory;
  Probe probe;
  const uint64_t seen = purgatory.AppendSequence();
  // The data arrives after the handler's own try but before it parks.
  purgatory.OnAppend("t", 0);
  probe.ready = true;
  purgatory.Park(1, {{"t", 0}}, Clock::now() + milliseconds(10000), seen, probe.Attempt());
  ASSERT_TRUE(WaitFor([&] { return probe.completed.load(); }, milliseconds(2000)));
  EXPECT_FALSE(probe.expired);
}

TEST(FetchPurgatoryTest, AClosedConnectionDropsItsFetchesOnly) {
  FetchPurgatory purgatory;
  Probe mine, other;
  purgatory.Park(7, {{"t", 0}}, Clock::now() + milliseconds(10000), purgatory.AppendSequence(),
                 mine.Attempt());
  purgatory.Park(8, {{"t", 0}}, Clock::now() + milliseconds(10000), purgatory.AppendSequence(),
                 other.Attempt());
  purgatory.OnConnectionClosed(7);
  EXPECT_EQ(purgatory.ParkedCount(), 1u);
  other.ready = true;
  purgatory.OnAppend("t", 0);
  ASSERT_TRUE(WaitFor([&] { return other.completed.load(); }));
  EXPECT_EQ(mine.tries.load(), 0);
}

TEST(FetchPurgatoryTest, DestructionDropsParkedFetchesWithoutWaiting) {
  auto purgatory = std::make_unique<FetchPurgatory>();
  auto probe = std::make_shared<Probe>();
  // The attempt owns a reference: destroying the purgatory must release it.
  std::weak_ptr<Probe> watch = probe;
  purgatory->Park(1, {{"t", 0}}, Clock::now() + milliseconds(60000), purgatory->AppendSequence(),
                  [probe](bool) { return false; });
  probe.reset();
  const auto start = Clock::now();
  purgatory.reset();
  EXPECT_LT(Clock::now() - start, milliseconds(1000));
  EXPECT_TRUE(watch.expired());
}

TEST(FetchPurgatoryTest, ManyFetchesEachAnsweredOnce) {
  FetchPurgatory purgatory;
  constexpr int kFetches = 200;
  std::atomic<int> completions{0};
  for (int i = 0; i < kFetches; ++i) {
    purgatory.Park(static_cast<uint64_t>(i), {{"t", i % 4}},
                   Clock::now() + milliseconds(100 + i % 50), purgatory.AppendSequence(),
                   [&completions, i](bool expired) {
                     if (!expired && i % 2 == 0) return false;
                     ++completions;
                     return true;
                   });
  }
  std::thread appender([&] {
    for (int i = 0; i < 500; ++i) purgatory.OnAppend("t", i % 4);
  });
  appender.join();
  ASSERT_TRUE(WaitFor([&] { return completions.load() == kFetches; }));
  EXPECT_TRUE(WaitFor([&] { return purgatory.ParkedCount() == 0; }));
  EXPECT_EQ(completions.load(), kFetches);
}

}  // namespace
}  // namespace kconnect::broker::server
