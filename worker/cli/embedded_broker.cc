#include "worker/cli/embedded_broker.h"

#include <spdlog/spdlog.h>

#include <cctype>
#include <stdexcept>
#include <vector>

#include "broker/app/broker_config.h"

namespace kconnect::worker::cli {

namespace {

// Java's ConfigDef boolean parsing: case-insensitive true/false only.
bool ParseEnable(const std::string& value) {
  std::string v;
  for (char c : value) {
    if (c != ' ' && c != '\t') v.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  if (v == "true") return true;
  if (v == "false") return false;
  throw std::invalid_argument("Invalid value " + value + " for configuration " +
                              kEmbeddedBrokerPrefix + "enable: Expected value to be either true or false");
}

}  // namespace

std::optional<common::Properties> EmbeddedBrokerProps(const common::Properties& worker_props) {
  auto it = worker_props.find(std::string(kEmbeddedBrokerPrefix) + "enable");
  if (it == worker_props.end() || !ParseEnable(it->second)) return std::nullopt;
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
