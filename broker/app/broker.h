#pragma once
// Broker: the bundled single-node broker assembled — partition logs
// (LogManager), the API handlers and their table, the network server, and a
// background thread for retention. connect-broker runs one; connect-standalone
// will embed one.
//
// Lifecycle: Start() opens (and recovers) every log, binds every listener and
// serves; Stop() (or the destructor) stops accepting and answering, then
// closes the logs. Thread-safety: Start/Stop from one thread; the accessors
// from any thread.

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "broker/app/broker_config.h"
#include "broker/server/handlers/broker_context.h"
#include "broker/server/handlers/handler_table.h"
#include "broker/server/listener.h"
#include "broker/server/server.h"
#include "broker/storage/log_manager.h"
#include "common/properties.h"

namespace kconnect::broker::app {

class Broker {
 public:
  // `props` are the raw settings the config was parsed from (the log.* keys
  // are read again as topic defaults). On failure returns null and sets
  // *error to a message naming what is wrong (a bad listener, a log
  // directory that cannot be used, a port in use...).
  static std::unique_ptr<Broker> Start(const BrokerConfig& config, const common::Properties& props,
                                       std::string* error);
  ~Broker();
  Broker(const Broker&) = delete;
  Broker& operator=(const Broker&) = delete;

  // Idempotent.
  void Stop();

  // The bound port of a listener (by name, e.g. "PLAINTEXT").
  std::optional<uint16_t> BoundPort(const std::string& listener) const;
  // "host:port" of the first listener as advertised to clients.
  std::string BootstrapServers() const;
  const std::string& ClusterId() const { return context_.settings.cluster_id; }
  storage::LogManager& Logs() { return *logs_; }

 private:
  Broker() = default;
  server::AdvertisedEndpoint Advertised(const std::string& listener) const;
  void RetentionLoop();
  void CleanerLoop();

  BrokerConfig config_;
  std::vector<server::Listener> listeners_;
  std::vector<server::Listener> advertised_;
  std::unique_ptr<storage::LogManager> logs_;
  server::BrokerContext context_;
  server::HandlerTable table_;
  std::unique_ptr<server::Server> server_;

  std::mutex mu_;  // guards stopping_ (the retention thread waits on cv_)
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread retention_thread_;
  std::thread cleaner_thread_;
  bool stopped_ = false;
};

// The cluster id kept in `<dir>/meta.properties` (Kafka's file: version,
// node.id, cluster.id), created with a fresh random id on first start.
// Returns false with *error if the file cannot be read or written, or was
// written for another node id.
bool LoadOrCreateClusterId(const std::string& dir, int32_t node_id, std::string* cluster_id,
                           std::string* error);

}  // namespace kconnect::broker::app
