// Consumer groups with an independently written client: kafka-python
// consumers, each its own process, split a topic on the bundled broker; one
// is killed with SIGKILL (no LeaveGroup) and the other gets its partitions
// once the dead member's session has expired.

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <sstream>
#include <string>

#include "broker/app/broker.h"
#include "broker/app/broker_config.h"
#include "process_util.h"

namespace {

using kctest::Process;
using kctest::WaitFor;

// Prints "assigned <p> <p> ..." whenever its assignment changes.
constexpr const char* kConsumer = R"(import sys
from kafka import KafkaConsumer
c = KafkaConsumer(bootstrap_servers=sys.argv[1], group_id='py-group', client_id=sys.argv[3],
                  session_timeout_ms=6000, heartbeat_interval_ms=500,
                  enable_auto_commit=False, auto_offset_reset='earliest')
c.subscribe([sys.argv[2]])
last = None
while True:
    c.poll(timeout_ms=100)
    now = sorted(tp.partition for tp in c.assignment())
    if now != last:
        print('assigned ' + ' '.join(str(p) for p in now), flush=True)
        last = now
)";

// The partitions of the last "assigned" line in a consumer's log.
std::set<int> LastAssignment(const Process& p) {
  std::set<int> out;
  const std::string log = p.Log();
  const size_t at = log.rfind("assigned");
  if (at == std::string::npos) return out;
  std::istringstream line(log.substr(at + 8, log.find('\n', at) - at - 8));
  int partition;
  while (line >> partition) out.insert(partition);
  return out;
}

TEST(PythonGroupE2E, KafkaPythonMemberKilledWithoutLeavingHandsOverAfterItsSession) {
  kctest::TempDir dir;
  kconnect::common::Properties props = {{"listeners", "PLAINTEXT://127.0.0.1:0"},
                                        {"log.dirs", dir.Path("logs")},
                                        {"group.initial.rebalance.delay.ms", "0"},
                                        {"offsets.topic.num.partitions", "3"}};
  kconnect::broker::app::BrokerConfig config;
  std::string error;
  ASSERT_TRUE(kconnect::broker::app::ParseBrokerConfig(props, "test", &config, &error, nullptr))
      << error;
  auto broker = kconnect::broker::app::Broker::Start(config, props, &error);
  ASSERT_NE(broker, nullptr) << error;
  ASSERT_TRUE(broker->Logs().CreateTopic("jobs", 4, {}).IsOk());
  const std::string script = dir.Path("consumer.py");
  kctest::WriteFile(script, kConsumer);
  const std::string bootstrap = broker->BootstrapServers();

  Process a({"/usr/bin/python3", script, bootstrap, "jobs", "a"}, dir.Path("a.log"));
  ASSERT_TRUE(WaitFor([&] { return LastAssignment(a).size() == 4; }, std::chrono::seconds(30)))
      << a.Log();
  Process b({"/usr/bin/python3", script, bootstrap, "jobs", "b"}, dir.Path("b.log"));
  ASSERT_TRUE(WaitFor(
      [&] {
        std::set<int> all = LastAssignment(a);
        const std::set<int> of_b = LastAssignment(b);
        all.insert(of_b.begin(), of_b.end());
        return LastAssignment(a).size() == 2 && of_b.size() == 2 && all.size() == 4;
      },
      std::chrono::seconds(30)))
      << "a: " << a.Log() << "b: " << b.Log();

  const auto killed_at = std::chrono::steady_clock::now();
  b.Signal(SIGKILL);
  EXPECT_EQ(b.Wait(), -SIGKILL);
  ASSERT_TRUE(WaitFor([&] { return LastAssignment(a).size() == 4; }, std::chrono::seconds(30)))
      << a.Log();
  // Not before b's 6 s session ran out: a killed member is only noticed so.
  EXPECT_GE(std::chrono::steady_clock::now() - killed_at, std::chrono::milliseconds(5000));
  a.Signal(SIGKILL);
  a.Wait();
}

}  // namespace
