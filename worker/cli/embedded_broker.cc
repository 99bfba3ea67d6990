#include "worker/cli/embedded_broker.h"

#include <spdlog/spdlog.h>

#include <variant>
#include <vector>

#include "broker/app/broker_config.h"
#include "kconnect/config_def.h"

namespace kconnect::worker::cli {

std::optional<common::Properties> EmbeddedBrokerProps(const common::Properties& worker_props) {
  const std::string enable_key = std::string(kEmbeddedBrokerPrefix) + "enable";
  auto it = worker_props.find(enable_key);
  if (it == worker_props.end() ||
      !std::get<bool>(ConfigDef::ParseType(enable_key, it->second, ConfigDef::Type::kBoolean))) {
    return std::nullopt;
  }
  common::Properties props = common::StripPrefix(worker_props, kEmbeddedBrokerPrefix);
  props.erase("enable");
  props.emplace("listeners", "PLAINTEXT://localhost:9092");
  props.emplace("group.initial.rebalance.delay.ms", "0");
  return props;
}

std::unique_ptr<broker::app::Broker> StartEmbeddedBroker(const common::Properties& broker_props,
                                                         const std::string& worker_file,
                                                         std::string* error, bool* config_error) {
  *config_error = false;
  broker::app::BrokerConfig config;
  std::vector<std::string> warnings;
  // Messages name the broker key; the source says where it came from.
  const std::string source =
      "worker configuration '" + worker_file + "' (as " + kEmbeddedBrokerPrefix + "<key>)";
  if (!broker::app::ParseBrokerConfig(broker_props, source, &config, error, &warnings)) {
    *config_error = true;
    return nullptr;
  }
  for (const auto& w : warnings) spdlog::warn("Embedded broker: {}", w);
  auto broker = broker::app::Broker::Start(config, broker_props, error);
  if (!broker) {
    *error = "the embedded broker failed to start: " + *error;
    return nullptr;
  }
  std::string dirs;
  for (const auto& d : config.log_dirs) dirs += (dirs.empty() ? "" : ",") + d;
  spdlog::info("Embedded broker started at {} (log.dirs {}), cluster id {}",
               broker->BootstrapServers(), dirs, broker->ClusterId());
  return broker;
}

}  // namespace kconnect::worker::cli
