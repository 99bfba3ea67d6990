#pragma once
// A StandaloneHerder over a real Worker for the herder tests: the plugins of
// the given directories, an in-memory offset store and a librdkafka mock
// cluster on loopback with a one-partition topic "t".

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "worker/herder/standalone/standalone_herder.h"
#include "worker/kafka/mock_cluster.h"
#include "worker/plugins/plugin_registry.h"
#include "worker/runtime/worker.h"
#include "worker/runtime/worker_config.h"
#include "worker/storage/memory_offset_backing_store.h"

namespace kconnect::worker::herder::testing {

class StandaloneHerderFixture : public ::testing::Test {
 protected:
  void StartHerder(const std::vector<std::string>& plugin_dirs) {
    auto mock = kafka::MockCluster::Start(1);
    ASSERT_TRUE(mock.Ok());
    mock_ = std::move(mock).Value();
    ASSERT_TRUE(mock_->CreateTopic("t", 1).Ok());
    runtime::RegisterBuiltinPlugins(registry_);
    registry_.ScanPluginPath(plugin_dirs);
    config_ = std::make_unique<runtime::WorkerConfig>(
        runtime::StandaloneConfigDef(),
        Props{{"bootstrap.servers", mock_->Bootstraps()},
              {"key.converter", "org.apache.kafka.connect.json.JsonConverter"},
              {"value.converter", "org.apache.kafka.connect.json.JsonConverter"},
              {"offset.storage.file.filename", "/nonexistent/offsets"},
              {"offset.flush.interval.ms", "200"}});
    worker_ = std::make_unique<runtime::Worker>("127.0.0.1:8083", *config_, registry_, store_);
    herder_ = std::make_unique<StandaloneHerder>(*worker_, "cluster-id");
    herder_->Start();
  }

  void TearDown() override {
    if (herder_) herder_->Stop();
    herder_.reset();
    worker_.reset();
  }

  std::unique_ptr<kafka::MockCluster> mock_;
  plugins::PluginRegistry registry_;
  storage::MemoryOffsetBackingStore store_;
  std::unique_ptr<runtime::WorkerConfig> config_;
  std::unique_ptr<runtime::Worker> worker_;
  std::unique_ptr<StandaloneHerder> herder_;
};

inline void ExpectError(const util::Error& e, int status, const std::string& message) {
  EXPECT_EQ(e.status, status) << e.message;
  EXPECT_EQ(e.message, message);
}

}  // namespace kconnect::worker::herder::testing
