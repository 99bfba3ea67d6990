#pragma once
// The bundled broker inside connect-standalone. A worker config with
// `embedded.broker.enable=true` starts a broker in the worker's process before
// anything else, and the worker uses it as its Kafka cluster; every other
// `embedded.broker.<key>` is the broker setting `<key>` (the keys of
// config/broker.properties), so `embedded.broker.listeners` and
// `embedded.broker.log.dirs` say where it listens and keeps its data.
//
// This file and standalone_worker.cc are the only places that know both the
// worker and the broker (ARCHITECTURE.md, layering).

#include <memory>
#include <optional>
#include <string>

#include "broker/app/broker.h"
#include "common/properties.h"

namespace kconnect::worker::cli {

inline constexpr const char* kEmbeddedBrokerPrefix = "embedded.broker.";

// The broker settings a worker config asks for, or nullopt when the embedded
// broker is off. Defaults differ from connect-broker's where an embedded,
// single-user broker wants something else: it listens on loopback only
// (PLAINTEXT://localhost:9092) and a group's first rebalance is not delayed
// (group.initial.rebalance.delay.ms=0, as Kafka's sample server.properties).
// Throws ConfigException naming the key when embedded.broker.enable is not a
// boolean.
std::optional<common::Properties> EmbeddedBrokerProps(const common::Properties& worker_props);

// Parses `broker_props` and starts the broker. `worker_file` names the worker
// config in messages. On failure returns null and sets *error (and *config_error
// when the settings themselves are wrong rather than the start-up failing).
std::unique_ptr<broker::app::Broker> StartEmbeddedBroker(const common::Properties& broker_props,
                                                         const std::string& worker_file,
                                                         std::string* error, bool* config_error);

}  // namespace kconnect::worker::cli
