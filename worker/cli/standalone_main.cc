#include "worker/cli/standalone_main.h"

#include <signal.h>
#include <spdlog/spdlog.h>

#include <string>
#include <vector>

#include "common/logging/console_format.h"
#include "worker/cli/connector_file.h"
#include "worker/cli/standalone_worker.h"
#include "worker/util/properties.h"

namespace kconnect::worker::cli {

namespace {
constexpr const char* kUsage =
    "Usage: connect-standalone [--mock-broker] worker.properties [connector1.properties "
    "connector2.json ...]\n"
    "  --mock-broker  start an in-memory Kafka mock cluster inside the worker and use it as\n"
    "                 bootstrap.servers (nothing is persisted; for trying things out)";
}  // namespace

int RunStandalone(int argc, char** argv) {
  common::logging::UseConnectConsoleFormat();
  StandaloneWorker::Options options;
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--help") {
      spdlog::info(kUsage);
      return 1;
    }
    if (a == "--mock-broker") {
      options.mock_broker = true;
      continue;
    }
    positional.push_back(a);
  }
  if (positional.empty()) {
    spdlog::info(kUsage);
    return 1;
  }

  // Signals are handled synchronously by this thread; block them before any
  // other thread exists so that every thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  options.worker_file = positional[0];
  if (!options.worker_file.empty()) {
    try {
      options.worker_props = util::LoadPropertiesFile(options.worker_file);
    } catch (const std::exception& e) {
      spdlog::error("Stopping due to error: {}", e.what());
      return 2;
    }
  }
  options.extra_plugin_dirs = StandaloneWorker::BundledConnectorDirs();
  spdlog::info("Kafka Connect standalone worker initializing ...");
  StandaloneWorker worker(std::move(options));
  if (auto error = worker.Start()) {
    spdlog::error("Stopping due to error: {}", error->message);
    return error->exit_code;
  }

  // Connectors from the command line. A bad file is reported and skipped; the
  // other connectors keep running (Java stops the whole worker with code 3).
  for (size_t i = 1; i < positional.size(); ++i) {
    auto file = ParseConnectorFile(positional[i]);
    if (!file) {
      spdlog::error("Failed to create connector from {}: {}", positional[i],
                    file.Error().message);
      continue;
    }
    // A connector restored from the state file with the same config keeps
    // running untouched; a changed file updates it (the command line is the
    // operator's latest word), keeping its stored target state.
    if (auto current = worker.Herder().ConnectorConfig(file->name);
        current && current.Value() == file->config) {
      spdlog::info("Connector {} from {} is unchanged since the last run", file->name,
                   positional[i]);
      continue;
    }
    auto created =
        worker.Herder().PutConnectorConfig(file->name, file->config, true, file->initial_state);
    if (!created) {
      spdlog::error("Failed to create connector for {}: {}", positional[i],
                    created.Error().message);
      continue;
    }
    spdlog::info("{} connector {}", created->created ? "Created" : "Updated", file->name);
  }
  spdlog::info("Kafka Connect started");

  int sig = 0;
  sigwait(&signals, &sig);
  spdlog::info("Kafka Connect stopping (signal {})", sig);
  worker.Stop();
  spdlog::info("Kafka Connect stopped");
  return 0;
}

}  // namespace kconnect::worker::cli
