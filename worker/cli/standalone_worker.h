#pragma once
// StandaloneWorker: everything connect-standalone runs, as one object —
// plugin scan, worker config, Kafka cluster id, offsets file, worker, herder
// and REST server — so that the program and the in-process tests start the
// very same stack.
//
// Thread-safety: Start() and Stop() from one controlling thread.

#include <memory>
#include <string>
#include <vector>

#include "broker/app/broker.h"
#include "kconnect/config_def.h"
#include "worker/herder/standalone/standalone_herder.h"
#include "worker/kafka/mock_cluster.h"
#include "worker/plugins/plugin_registry.h"
#include "worker/rest/rest_server.h"
#include "worker/runtime/worker.h"
#include "worker/runtime/worker_config.h"
#include "worker/storage/file_connector_store.h"
#include "worker/storage/file_offset_backing_store.h"

namespace kconnect::worker::cli {

struct StartError {
  int exit_code = 2;  // Java's: 2 config/start-up error, 3 start failure
  std::string message;
};

class StandaloneWorker {
 public:
  struct Options {
    Props worker_props;
    std::string worker_file;  // only for messages
    bool mock_broker = false;
    // Searched in addition to plugin.path (the bundled connectors).
    std::vector<std::string> extra_plugin_dirs;
  };

  explicit StandaloneWorker(Options options);
  ~StandaloneWorker();

  // Returns nullopt on success.
  std::optional<StartError> Start();
  void Stop();

  herder::StandaloneHerder& Herder() { return *herder_; }
  plugins::PluginRegistry& Plugins() { return registry_; }
  int RestPort() const { return rest_ ? rest_->Port() : 0; }
  int AdminRestPort() const { return rest_ ? rest_->AdminPort() : 0; }
  std::string BootstrapServers() const { return config_ ? config_->BootstrapServers() : ""; }
  // The embedded broker, or null when the worker uses an outside cluster.
  broker::app::Broker* EmbeddedBroker() { return broker_.get(); }

  // Connectors shipped with kconnect, found next to the running binary.
  static std::vector<std::string> BundledConnectorDirs();

 private:
  Options options_;
  plugins::PluginRegistry registry_;
  std::unique_ptr<kafka::MockCluster> mock_;
  std::unique_ptr<broker::app::Broker> broker_;  // embedded.broker.enable=true
  std::unique_ptr<runtime::WorkerConfig> config_;
  std::unique_ptr<storage::FileOffsetBackingStore> offsets_;
  std::unique_ptr<runtime::Worker> worker_;
  std::unique_ptr<herder::StandaloneHerder> herder_;
  std::unique_ptr<rest::RestServer> rest_;
  std::unique_ptr<storage::FileConnectorStore> connector_store_;  // null: memory only
  bool started_ = false;
};

}  // namespace kconnect::worker::cli
