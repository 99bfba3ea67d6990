#pragma once
// The two Kafka clusters the broker benchmarks compare: the bundled broker in
// this process (persisting under `dir`) and librdkafka's in-memory mock.

#include <cstdio>
#include <memory>
#include <string>

#include "broker/app/broker.h"
#include "broker/app/broker_config.h"
#include "worker/kafka/mock_cluster.h"

namespace kcbench {

struct Brokers {
  std::unique_ptr<kconnect::broker::app::Broker> bundled;
  std::unique_ptr<kconnect::worker::kafka::MockCluster> mock;
};

// Both started, or false after printing why. `extra` adds broker settings.
inline bool StartBrokers(const std::string& dir, Brokers* out,
                         const kconnect::common::Properties& extra = {}) {
  kconnect::common::Properties props = {{"listeners", "PLAINTEXT://127.0.0.1:0"},
                                        {"log.dirs", dir + "/logs"}};
  for (const auto& [k, v] : extra) props[k] = v;
  kconnect::broker::app::BrokerConfig config;
  std::string error;
  if (!kconnect::broker::app::ParseBrokerConfig(props, "bench", &config, &error, nullptr) ||
      !(out->bundled = kconnect::broker::app::Broker::Start(config, props, &error))) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return false;
  }
  auto mock = kconnect::worker::kafka::MockCluster::Start(1);
  if (!mock) {
    std::fprintf(stderr, "%s\n", mock.Error().message.c_str());
    return false;
  }
  out->mock = std::move(mock).Value();
  return true;
}

}  // namespace kcbench
