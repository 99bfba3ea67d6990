// connect-broker: runs the bundled single-node broker on its own.
//
//   connect-broker config/broker.properties
//
// Exit codes: 0 after SIGINT/SIGTERM, 1 for a bad command line, an unreadable
// or invalid config, or a broker that cannot start (the message says why).

#include <signal.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <string>

#include "broker/app/broker.h"
#include "broker/app/broker_config.h"
#include "common/logging/console_format.h"
#include "common/properties.h"

int main(int argc, char** argv) {
  kconnect::common::logging::UseConnectConsoleFormat();
  if (argc != 2) {
    std::fprintf(stderr, "Usage: %s broker.properties\n", argv[0]);
    return 1;
  }
  const std::string path = argv[1];
  kconnect::common::Properties props;
  try {
    props = kconnect::common::LoadPropertiesFile(path);
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return 1;
  }
  kconnect::broker::app::BrokerConfig config;
  std::string error;
  std::vector<std::string> warnings;
  if (!kconnect::broker::app::ParseBrokerConfig(props, path, &config, &error, &warnings)) {
    spdlog::error("{}", error);
    return 1;
  }
  for (const auto& w : warnings) spdlog::warn("{}", w);

  // Block the stop signals before any thread starts, then wait for one here.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  auto broker = kconnect::broker::app::Broker::Start(config, props, &error);
  if (!broker) {
    spdlog::error("Broker failed to start: {}", error);
    return 1;
  }
  spdlog::info("Broker started");
  int sig = 0;
  sigwait(&stop_signals, &sig);
  spdlog::info("Broker shutting down ({})", sig == SIGINT ? "SIGINT" : "SIGTERM");
  broker->Stop();
  spdlog::info("Broker stopped");
  return 0;
}
