#include "broker/app/broker.h"

#include <filesystem>
#include <random>

#include "broker/server/handlers/group_service.h"
#include "broker/server/handlers/handlers.h"
#include "common/file_io.h"
#include "common/logging/logger_registry.h"

namespace kconnect::broker::app {

using common::logging::kBrokerLog;

bool LoadOrCreateClusterId(const std::string& dir, int32_t node_id, std::string* cluster_id,
                           std::string* error) {
  const std::string path = dir + "/meta.properties";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    *error = "Cannot create log directory " + dir + ": " + ec.message();
    return false;
  }
  if (std::filesystem::exists(path)) {
    common::Properties meta;
    try {
      meta = common::LoadPropertiesFile(path);
    } catch (const std::exception& e) {
      *error = e.what();
      return false;
    }
    auto id = meta.find("cluster.id");
    if (id == meta.end() || id->second.empty()) {
      *error = path + " has no cluster.id";
      return false;
    }
    auto node = meta.find("node.id");
    if (node != meta.end() && node->second != std::to_string(node_id)) {
      *error = "The log directory " + dir + " belongs to node.id " + node->second +
               ", but this broker is node.id " + std::to_string(node_id);
      return false;
    }
    *cluster_id = id->second;
    return true;
  }
  // Kafka's cluster ids are 16 random bytes in URL-safe base64 without padding.
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::random_device rd;
  std::string id;
  for (int i = 0; i < 22; ++i) id.push_back(kAlphabet[rd() % 64]);
  const std::string text = "#\n# Written by the broker on first start; do not edit.\n#\nversion=1\nnode.id=" +
                           std::to_string(node_id) + "\ncluster.id=" + id + "\n";
  std::string write_error;
  if (!common::WriteFileAtomically(path, text, &write_error)) {
    *error = write_error;
    return false;
  }
  *cluster_id = id;
  return true;
}

std::unique_ptr<Broker> Broker::Start(const BrokerConfig& config, const common::Properties& props,
                                      std::string* error) {
  std::unique_ptr<Broker> broker(new Broker());
  broker->config_ = config;

  auto listeners = server::ParseListeners(config.listeners);
  if (!listeners) {
    *error = "Invalid value " + config.listeners + " for configuration listeners: " +
             listeners.Error().message;
    return nullptr;
  }
  broker->listeners_ = *listeners;
  if (!config.advertised_listeners.empty()) {
    auto advertised = server::ParseListeners(config.advertised_listeners);
    if (!advertised) {
      *error = "Invalid value " + config.advertised_listeners +
               " for configuration advertised.listeners: " + advertised.Error().message;
      return nullptr;
    }
    broker->advertised_ = *advertised;
  }

  std::string cluster_id;
  if (!LoadOrCreateClusterId(config.log_dirs.front(), config.node_id, &cluster_id, error)) {
    return nullptr;
  }

  storage::ConfigMap raw(props.begin(), props.end());
  auto defaults = storage::LogConfig::FromBrokerProperties(raw);
  if (!defaults) {
    *error = defaults.Error().message;
    return nullptr;
  }
  storage::LogManagerOptions options;
  options.log_dirs = config.log_dirs;
  options.defaults = *defaults;
  options.default_partitions = config.num_partitions;
  auto logs = storage::LogManager::Open(std::move(options));
  if (!logs) {
    *error = "Cannot open the logs: " + logs.Error().message;
    return nullptr;
  }
  broker->logs_ = std::move(logs).Value();

  server::BrokerContext& ctx = broker->context_;
  ctx.settings.node_id = config.node_id;
  ctx.settings.cluster_id = cluster_id;
  ctx.settings.auto_create_topics_enable = config.auto_create_topics_enable;
  ctx.settings.num_partitions = config.num_partitions;
  ctx.settings.default_replication_factor = config.default_replication_factor;
  ctx.settings.replication_factor_clamp = config.replication_factor_clamp;
  ctx.settings.fetch_max_bytes = config.fetch_max_bytes;
  ctx.settings.group_initial_rebalance_delay_ms = config.group_initial_rebalance_delay_ms;
  ctx.logs = broker->logs_.get();
  group::GroupCoordinatorConfig group_config;
  group_config.group_initial_rebalance_delay_ms = config.group_initial_rebalance_delay_ms;
  auto groups = server::GroupService::Create(group_config, *broker->logs_, config.offsets_topic_num_partitions);
  if (!groups) {
    *error = "Cannot open the committed offsets: " + groups.Error().message;
    return nullptr;
  }
  ctx.groups = std::move(groups).Value();
  Broker* self = broker.get();
  ctx.advertised = [self](const std::string& listener) { return self->Advertised(listener); };
  server::RegisterAllHandlers(broker->table_, ctx);

  server::ServerOptions server_options;
  server_options.listeners = broker->listeners_;
  server_options.num_threads = config.num_network_threads;
  server_options.socket_request_max_bytes = config.socket_request_max_bytes;
  server_options.connections_max_idle = std::chrono::milliseconds(config.connections_max_idle_ms);
  broker->server_ = std::make_unique<server::Server>(server_options, broker->table_);
  auto started = broker->server_->Start();
  if (!started) {
    *error = started.Error().message;
    return nullptr;
  }
  broker->retention_thread_ = std::thread([self] { self->RetentionLoop(); });
  if (config.log_cleaner_enable) broker->cleaner_thread_ = std::thread([self] { self->CleanerLoop(); });
  for (const auto& bound : broker->server_->BoundListeners()) {
    kBrokerLog().info("Broker node {} listening on {}:{} ({}), cluster id {}", config.node_id,
                      bound.address, bound.port, bound.name, cluster_id);
  }
  return broker;
}

Broker::~Broker() { Stop(); }

void Broker::Stop() {
  if (stopped_) return;
  stopped_ = true;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (retention_thread_.joinable()) retention_thread_.join();
  if (cleaner_thread_.joinable()) cleaner_thread_.join();
  // Stop answering first (late completions are dropped), then let parked
  // fetches go, then seal the logs.
  if (server_) server_->Stop();
  context_.purgatory.reset();
  context_.groups.reset();
  if (logs_) logs_->Close();
}

void Broker::RetentionLoop() {
  const auto interval = std::chrono::milliseconds(config_.log_retention_check_interval_ms);
  std::unique_lock lock(mu_);
  while (!cv_.wait_for(lock, interval, [this] { return stopping_; })) {
    lock.unlock();
    auto deleted = logs_->RunRetention();
    if (deleted && *deleted > 0) kBrokerLog().info("Retention deleted {} segment(s)", *deleted);
    lock.lock();
  }
}

// Compaction runs on its own thread: a long pass must not hold up retention.
void Broker::CleanerLoop() {
  const auto interval = std::chrono::milliseconds(std::max<int64_t>(config_.log_cleaner_backoff_ms, 10));
  std::unique_lock lock(mu_);
  while (!cv_.wait_for(lock, interval, [this] { return stopping_; })) {
    lock.unlock();
    (void)logs_->RunCleaner();  // errors are logged per partition
    lock.lock();
  }
}

std::optional<uint16_t> Broker::BoundPort(const std::string& listener) const {
  return server_ ? server_->BoundPort(listener) : std::nullopt;
}

server::AdvertisedEndpoint Broker::Advertised(const std::string& listener) const {
  server::AdvertisedEndpoint out;
  const server::Listener* chosen = nullptr;
  for (const auto& l : advertised_) {
    if (l.name == listener) chosen = &l;
  }
  if (chosen == nullptr) {
    for (const auto& l : listeners_) {
      if (l.name == listener) chosen = &l;
    }
  }
  if (chosen == nullptr) chosen = &listeners_.front();
  out.host = chosen->host;
  // A wildcard address is not something a client can connect to.
  if (out.host.empty() || out.host == "0.0.0.0" || out.host == "::") out.host = "localhost";
  out.port = chosen->port;
  if (out.port == 0) {
    // Advertise what the matching listener actually bound.
    out.port = BoundPort(chosen->name).value_or(0);
    if (out.port == 0) out.port = BoundPort(listener).value_or(0);
  }
  return out;
}

std::string Broker::BootstrapServers() const {
  auto ep = Advertised(listeners_.front().name);
  return ep.host + ":" + std::to_string(ep.port);
}

}  // namespace kconnect::broker::app
