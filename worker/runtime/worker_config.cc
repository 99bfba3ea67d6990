#include "worker/runtime/worker_config.h"

#include <memory>
#include <variant>

#include "worker/util/http_policy.h"

namespace kconnect::worker::runtime {

namespace {
using Type = ConfigDef::Type;
using Importance = ConfigDef::Importance;
using Parsed = ConfigDef::Parsed;

// Java's AdminListenersValidator: null or empty is fine, a blank entry is not.
class AdminListenersValidator : public ConfigDef::Validator {
 public:
  void EnsureValid(const std::string&, const Parsed& value) const override {
    const auto* list = std::get_if<std::vector<std::string>>(&value);
    if (list == nullptr) return;
    for (const auto& item : *list) {
      if (item.find_first_not_of(" \t") == std::string::npos) {
        throw ConfigException("Empty URL found when parsing admin.listeners list.");
      }
    }
  }
  std::string ToString() const override {
    return "List of comma-separated URLs, ex: http://localhost:8080,https://localhost:8443.";
  }
};

// response.http.headers.config is checked when the worker config is read, so
// a typo stops start-up with the rule named rather than at the first request.
class ResponseHeadersValidator : public ConfigDef::Validator {
 public:
  void EnsureValid(const std::string& name, const Parsed& value) const override {
    const auto* text = std::get_if<std::string>(&value);
    if (text == nullptr) return;
    auto rules = util::ParseResponseHeaderRules(*text);
    if (!rules) throw ConfigException(name, *text, rules.Error().message);
  }
  std::string ToString() const override {
    return "Comma-separated header rules, where each header rule is of the form "
           "'[action] [header name]:[header value]' and optionally surrounded by double quotes "
           "if any part of a header rule contains a comma";
  }
};

void DefineWorker(ConfigDef& def) {
  def.Define({.name = "bootstrap.servers",
              .type = Type::kList,
              .default_value = Parsed{std::vector<std::string>{"localhost:9092"}},
              .importance = Importance::kHigh,
              .documentation = "A list of host/port pairs used to establish the initial connection "
                               "to the Kafka cluster."});
  def.Define({.name = "client.dns.lookup",
              .type = Type::kString,
              .default_value = Parsed{std::string("use_all_dns_ips")},
              .validator = ConfigDef::ValidString(
                  {"use_all_dns_ips", "resolve_canonical_bootstrap_servers_only"}),
              .importance = Importance::kMedium,
              .documentation = "Controls how the client uses DNS lookups."});
  def.Define({.name = "key.converter",
              .type = Type::kClass,
              .importance = Importance::kHigh,
              .documentation = "Converter class used to convert between Kafka Connect format and "
                               "the serialized form that is written to Kafka (keys)."});
  def.Define({.name = "value.converter",
              .type = Type::kClass,
              .importance = Importance::kHigh,
              .documentation = "Converter class used to convert between Kafka Connect format and "
                               "the serialized form that is written to Kafka (values)."});
  def.Define({.name = "header.converter",
              .type = Type::kClass,
              .default_value = Parsed{std::string("org.apache.kafka.connect.storage.SimpleHeaderConverter")},
              .importance = Importance::kLow,
              .documentation = "HeaderConverter class used to convert between Kafka Connect format "
                               "and the serialized form that is written to Kafka."});
  def.Define({.name = "task.shutdown.graceful.timeout.ms",
              .type = Type::kLong,
              .default_value = Parsed{int64_t{5000}},
              .importance = Importance::kLow,
              .documentation = "Amount of time to wait for tasks to shutdown gracefully."});
  def.Define({.name = "offset.flush.interval.ms",
              .type = Type::kLong,
              .default_value = Parsed{int64_t{60000}},
              .importance = Importance::kLow,
              .documentation = "Interval at which to try committing offsets for tasks."});
  def.Define({.name = "offset.flush.timeout.ms",
              .type = Type::kLong,
              .default_value = Parsed{int64_t{5000}},
              .importance = Importance::kLow,
              .documentation = "Maximum number of milliseconds to wait for records to flush and "
                               "partition offset data to be committed to offset storage."});
  def.Define({.name = "plugin.path",
              .type = Type::kList,
              .default_value = Parsed{},
              .importance = Importance::kLow,
              .documentation = "List of paths separated by commas (,) that contain plugins."});
  def.Define({.name = "plugin.discovery",
              .type = Type::kString,
              .default_value = Parsed{std::string("hybrid_warn")},
              .validator = ConfigDef::CaseInsensitiveValidString(
                  {"only_scan", "hybrid_warn", "hybrid_fail", "service_load"}),
              .importance = Importance::kLow,
              .documentation = "Method to use to discover plugins present in the classpath and "
                               "plugin.path configuration."});
  def.Define({.name = "listeners",
              .type = Type::kList,
              .default_value = Parsed{std::vector<std::string>{"http://:8083"}},
              .validator = ConfigDef::NonNullValidator(),
              .importance = Importance::kLow,
              .documentation = "List of comma-separated URIs the REST API will listen on."});
  def.Define({.name = "admin.listeners",
              .type = Type::kList,
              .default_value = Parsed{},
              .validator = std::make_shared<AdminListenersValidator>(),
              .importance = Importance::kLow,
              .documentation = "List of comma-separated URIs the Admin REST API will listen on. "
                               "The supported protocols are HTTP and HTTPS. An empty or blank "
                               "string will disable this feature. The default behavior is to use "
                               "the regular listener (specified by the 'listeners' property)."});
  def.Define({.name = "rest.advertised.host.name",
              .type = Type::kString,
              .default_value = Parsed{},
              .importance = Importance::kLow,
              .documentation = "Hostname to give out to other workers to connect to."});
  def.Define({.name = "rest.advertised.port",
              .type = Type::kInt,
              .default_value = Parsed{},
              .importance = Importance::kLow,
              .documentation = "Port to give out to other workers to connect to."});
  def.Define({.name = "rest.advertised.listener",
              .type = Type::kString,
              .default_value = Parsed{},
              .importance = Importance::kLow,
              .documentation = "Advertised listener (HTTP or HTTPS)."});
  def.Define({.name = "access.control.allow.origin",
              .type = Type::kString,
              .default_value = Parsed{std::string()},
              .importance = Importance::kLow,
              .documentation = "Value to set the Access-Control-Allow-Origin header to for REST "
                               "API requests. To enable cross origin access, set this to the "
                               "domain of the application that should be permitted to access the "
                               "API, or '*' to allow access from any domain. The default value "
                               "only allows access from the domain of the REST API."});
  def.Define({.name = "access.control.allow.methods",
              .type = Type::kString,
              .default_value = Parsed{std::string()},
              .importance = Importance::kLow,
              .documentation = "Sets the methods supported for cross origin requests by setting "
                               "the Access-Control-Allow-Methods header. The default value of the "
                               "Access-Control-Allow-Methods header allows cross origin requests "
                               "for GET, POST and HEAD."});
  def.Define({.name = "response.http.headers.config",
              .type = Type::kString,
              .default_value = Parsed{std::string()},
              .validator = std::make_shared<ResponseHeadersValidator>(),
              .importance = Importance::kLow,
              .documentation = "Rules for REST API HTTP response headers"});
  def.Define({.name = "topic.creation.enable",
              .type = Type::kBoolean,
              .default_value = Parsed{true},
              .importance = Importance::kLow,
              .documentation = "Whether to allow automatic creation of topics used by source "
                               "connectors."});
  // KIP-558. The status topic records them in distributed mode; standalone
  // keeps them in memory.
  def.Define({.name = "topic.tracking.enable",
              .type = Type::kBoolean,
              .default_value = Parsed{true},
              .importance = Importance::kLow,
              .documentation = "Enable tracking the set of active topics per connector during "
                               "runtime."});
  def.Define({.name = "topic.tracking.allow.reset",
              .type = Type::kBoolean,
              .default_value = Parsed{true},
              .importance = Importance::kLow,
              .documentation = "If set to true, it allows user requests to reset the set of active "
                               "topics per connector."});
  def.Define({.name = "connector.client.config.override.policy",
              .type = Type::kString,
              .default_value = Parsed{std::string("All")},
              .importance = Importance::kMedium,
              .documentation = "Class name or alias of implementation of "
                               "ConnectorClientConfigOverridePolicy."});
}
}  // namespace

const ConfigDef& WorkerConfigDef() {
  static const ConfigDef def = [] {
    ConfigDef d;
    DefineWorker(d);
    return d;
  }();
  return def;
}

const ConfigDef& StandaloneConfigDef() {
  static const ConfigDef def = [] {
    ConfigDef d;
    DefineWorker(d);
    d.Define({.name = "offset.storage.file.filename",
              .type = Type::kString,
              .importance = Importance::kHigh,
              .documentation = "File to store offset data in"});
    d.Define({.name = "config.storage.file.filename",
              .type = Type::kString,
              .default_value = Parsed{},
              .importance = Importance::kMedium,
              .documentation = "File to keep connector configurations and target states in, so "
                               "that connectors created, changed, paused, stopped or deleted "
                               "through the REST API stay so after a restart. Default: the "
                               "offsets file's name with '.connectors.json' appended; an empty "
                               "value keeps them in memory only."});
    return d;
  }();
  return def;
}

WorkerConfig::WorkerConfig(const ConfigDef& def, Props originals)
    : config_(def, std::move(originals)) {}

std::string WorkerConfig::BootstrapServers() const {
  std::string out;
  for (const auto& s : config_.GetList("bootstrap.servers")) {
    if (!out.empty()) out += ",";
    out += s;
  }
  return out;
}

std::optional<std::string> WorkerConfig::ConnectorStateFile() const {
  auto configured = config_.GetString("config.storage.file.filename");
  if (!configured) return OffsetStorageFile() + ".connectors.json";
  if (configured->empty()) return std::nullopt;
  return configured;
}

std::optional<std::vector<std::string>> WorkerConfig::AdminListeners() const {
  const auto& v = config_.Get("admin.listeners");
  if (const auto* list = std::get_if<std::vector<std::string>>(&v)) return *list;
  return std::nullopt;
}

std::optional<int32_t> WorkerConfig::AdvertisedPort() const {
  const auto& v = config_.Get("rest.advertised.port");
  if (const auto* p = std::get_if<int32_t>(&v)) return *p;
  return std::nullopt;
}

}  // namespace kconnect::worker::runtime
