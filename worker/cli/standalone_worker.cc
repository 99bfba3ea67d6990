#include "worker/cli/standalone_worker.h"

#include "worker/cli/embedded_broker.h"

#include <limits.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <filesystem>

#ifndef KCONNECT_KAFKA_VERSION
#define KCONNECT_KAFKA_VERSION "3.9.0"
#endif
#ifndef KCONNECT_COMMIT_ID
#define KCONNECT_COMMIT_ID "unknown"
#endif

namespace kconnect::worker::cli {

namespace {
std::string HostPortOf(const std::string& url) {
  // "http://host:port/" -> "host:port"
  std::string s = url;
  auto scheme = s.find("://");
  if (scheme != std::string::npos) s = s.substr(scheme + 3);
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}
}  // namespace

std::vector<std::string> StandaloneWorker::BundledConnectorDirs() {
  std::vector<std::string> out;
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  if (n <= 0) return out;
  std::filesystem::path exe(std::string(buf, static_cast<size_t>(n)));
  for (const auto& candidate :
       {exe.parent_path().parent_path() / "connectors",                          // build tree
        exe.parent_path().parent_path() / "lib" / "kconnect" / "connectors"}) {  // installed
    std::error_code ec;
    if (std::filesystem::is_directory(candidate, ec)) out.push_back(candidate.string());
  }
  return out;
}

StandaloneWorker::StandaloneWorker(Options options) : options_(std::move(options)) {}

StandaloneWorker::~StandaloneWorker() { Stop(); }

std::optional<StartError> StandaloneWorker::Start() {
  Props& props = options_.worker_props;
  // 1. Plugins, from the raw plugin.path (before the config is validated).
  runtime::RegisterBuiltinPlugins(registry_);
  std::vector<std::string> plugin_path = options_.extra_plugin_dirs;
  if (auto it = props.find("plugin.path"); it != props.end()) {
    auto parsed = ConfigDef::ParseType("plugin.path", it->second, ConfigDef::Type::kList);
    for (const auto& p : std::get<std::vector<std::string>>(parsed)) {
      if (!p.empty()) plugin_path.push_back(p);
    }
  }
  registry_.ScanPluginPath(plugin_path);

  // 2. Worker config, after starting the Kafka cluster it names when that
  //    lives in this process: the embedded broker or the in-memory mock.
  std::optional<common::Properties> embedded;
  try {
    embedded = EmbeddedBrokerProps(props);
  } catch (const std::exception& e) {
    return StartError{2, std::string(e.what()) + " (in worker configuration '" +
                             options_.worker_file + "')"};
  }
  if (embedded && options_.mock_broker) {
    spdlog::info("--mock-broker given: the embedded broker is not started");
    embedded.reset();
  }
  if (embedded) {
    std::string error;
    bool config_error = false;
    broker_ = StartEmbeddedBroker(*embedded, options_.worker_file, &error, &config_error);
    if (!broker_) return StartError{config_error ? 2 : 3, error};
    const std::string bootstrap = broker_->BootstrapServers();
    if (auto it = props.find("bootstrap.servers"); it != props.end() && it->second != bootstrap) {
      spdlog::info("bootstrap.servers={} replaced by the embedded broker's {}", it->second,
                   bootstrap);
    }
    props["bootstrap.servers"] = bootstrap;
  }
  if (options_.mock_broker) {
    auto started = kafka::MockCluster::Start(1);
    if (!started) return StartError{2, started.Error().message};
    mock_ = std::move(started).Value();
    props["bootstrap.servers"] = mock_->Bootstraps();
    spdlog::info("Started the in-memory mock Kafka cluster at {}", mock_->Bootstraps());
  }
  try {
    config_ = std::make_unique<runtime::WorkerConfig>(runtime::StandaloneConfigDef(), props);
  } catch (const std::exception& e) {
    return StartError{2, std::string(e.what()) + " (in worker configuration '" +
                             options_.worker_file + "')"};
  }
  if (auto advertised = config_->AdvertisedListener();
      advertised && !advertised->empty() && *advertised != "http") {
    // Java would advertise a TLS listener; there is none to advertise here.
    return StartError{2, "rest.advertised.listener=" + *advertised +
                             " is not supported: the REST server only has http listeners"};
  }
  auto policy = util::HttpPolicy::Create(config_->AllowedOrigins(), config_->AllowedMethods(),
                                         config_->ResponseHeaders());
  if (!policy) return StartError{2, policy.Error().message};

  // 3. Kafka cluster id.
  kafka::ClientProps admin_props = {{"bootstrap.servers", config_->BootstrapServers()},
                                    {"log_level", "3"}};
  auto cluster_id = kafka::LookupClusterId(admin_props, 30000);
  if (!cluster_id) {
    return StartError{2, cluster_id.Error().message +
                             " (bootstrap.servers=" + config_->BootstrapServers() + ")"};
  }
  spdlog::info("Kafka cluster ID: {}", cluster_id.Value());

  // 4. Offsets.
  offsets_ = std::make_unique<storage::FileOffsetBackingStore>(config_->OffsetStorageFile());
  try {
    offsets_->Start();
  } catch (const std::exception& e) {
    return StartError{2, e.what()};
  }

  // 4b. Connectors kept from earlier runs (read now: a bad file stops
  //     start-up before anything runs).
  std::map<std::string, storage::StoredConnector> stored_connectors;
  if (auto path = config_->ConnectorStateFile()) {
    connector_store_ = std::make_unique<storage::FileConnectorStore>(*path);
    try {
      stored_connectors = connector_store_->Load();
    } catch (const std::exception& e) {
      return StartError{2, e.what()};
    }
  }

  // 5. Worker, herder, REST. The worker id is host:port of the REST listener,
  //    known once it is bound.
  worker_ = std::make_unique<runtime::Worker>("", *config_, registry_, *offsets_);
  herder_ = std::make_unique<herder::StandaloneHerder>(*worker_, cluster_id.Value());
  rest_ = std::make_unique<rest::RestServer>(config_->Listeners(), *herder_,
                                             KCONNECT_KAFKA_VERSION, KCONNECT_COMMIT_ID,
                                             std::move(policy.Value()));
  rest_->SetAdminListeners(config_->AdminListeners());
  auto rest_started = rest_->Start();
  if (!rest_started) return StartError{3, rest_started.Error().message};
  std::string host_port = HostPortOf(rest_->AdvertisedUrl());
  if (config_->AdvertisedHost() || config_->AdvertisedPort()) {
    std::string host =
        config_->AdvertisedHost().value_or(host_port.substr(0, host_port.rfind(':')));
    int port = config_->AdvertisedPort().value_or(rest_->Port());
    host_port = host + ":" + std::to_string(port);
  }
  worker_->SetWorkerId(host_port);
  if (mock_) {
    // Kafka brokers auto-create topics with one partition by default; the
    // mock cluster would use four, which reorders the quickstart's lines.
    herder_->SetConnectorConfigHook([m = mock_.get()](const Props& c) {
      for (const char* key : {"topic", "topics"}) {
        auto it = c.find(key);
        if (it == c.end()) continue;
        auto parsed = ConfigDef::ParseType(key, it->second, ConfigDef::Type::kList);
        for (const auto& t : std::get<std::vector<std::string>>(parsed)) {
          if (!t.empty()) (void)m->CreateTopic(t, 1);
        }
      }
    });
  }
  if (connector_store_) herder_->SetConnectorStore(connector_store_.get());
  herder_->Start();
  if (connector_store_) herder_->RestoreConnectors(std::move(stored_connectors));
  started_ = true;
  spdlog::info("REST server listening at {}", rest_->AdvertisedUrl());
  return std::nullopt;
}

void StandaloneWorker::Stop() {
  // REST first, as Java's Connect.stop(): no new requests reach a herder that
  // is shutting down.
  if (rest_) rest_->Stop();
  if (herder_) herder_->Stop();
  if (offsets_) offsets_->Stop();
  herder_.reset();
  rest_.reset();
  worker_.reset();
  offsets_.reset();
  mock_.reset();
  // The broker last: the worker's clients flush to it while they stop.
  if (broker_) {
    broker_->Stop();
    broker_.reset();
    spdlog::info("Embedded broker stopped");
  }
  started_ = false;
}

}  // namespace kconnect::worker::cli
