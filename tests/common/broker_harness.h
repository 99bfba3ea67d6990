#pragma once
// An in-process bundled broker for tests: a temp log dir, a loopback listener
// on an ephemeral port, and helpers to restart it on the same directory.

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "broker/app/broker.h"
#include "broker/app/broker_config.h"
#include "common/properties.h"

namespace kconnect::testing {

class TestBroker {
 public:
  // `extra` overrides or adds broker properties (Kafka key names).
  TestBroker() : TestBroker(std::map<std::string, std::string>{}) {}
  explicit TestBroker(std::map<std::string, std::string> extra) : extra_(std::move(extra)) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "kc-broker-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
  }
  ~TestBroker() {
    broker_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // Starts (or restarts) the broker; keeps the port of the previous run so
  // clients can reconnect to the same address.
  void Start() {
    common::Properties props = {{"listeners", "PLAINTEXT://127.0.0.1:" + std::to_string(port_)},
                                {"log.dirs", dir_ + "/logs"},
                                {"group.initial.rebalance.delay.ms", "0"}};
    for (const auto& [k, v] : extra_) props[k] = v;
    broker::app::BrokerConfig config;
    std::string error;
    ASSERT_TRUE(broker::app::ParseBrokerConfig(props, "test", &config, &error, nullptr)) << error;
    broker_ = broker::app::Broker::Start(config, props, &error);
    ASSERT_NE(broker_, nullptr) << error;
    port_ = *broker_->BoundPort("PLAINTEXT");
  }
  void Stop() { broker_.reset(); }

  std::string Bootstrap() const { return "127.0.0.1:" + std::to_string(port_); }
  const std::string& Dir() const { return dir_; }
  std::string LogDir() const { return dir_ + "/logs"; }
  broker::app::Broker& Get() { return *broker_; }

 private:
  std::map<std::string, std::string> extra_;
  std::string dir_;
  int port_ = 0;
  std::unique_ptr<broker::app::Broker> broker_;
};

}  // namespace kconnect::testing
