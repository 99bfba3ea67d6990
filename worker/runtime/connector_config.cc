#include "worker/runtime/connector_config.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace kconnect::worker::runtime {

namespace {
using Type = ConfigDef::Type;
using Importance = ConfigDef::Importance;
using Width = ConfigDef::Width;

void DefineCommon(ConfigDef& def) {
  const std::string common = "Common";
  int order = 0;
  def.Define({.name = "name",
              .type = Type::kString,
              .validator = ConfigDef::NonEmptyStringWithoutControlChars(),
              .importance = Importance::kHigh,
              .documentation = "Globally unique name to use for this connector.",
              .group = common,
              .order_in_group = ++order,
              .width = Width::kMedium,
              .display_name = "Connector name"});
  def.Define({.name = kConnectorClassConfig,
              .type = Type::kString,
              .importance = Importance::kHigh,
              .documentation =
                  "Name or alias of the class for this connector. Must be a subclass of "
                  "org.apache.kafka.connect.connector.Connector.",
              .group = common,
              .order_in_group = ++order,
              .width = Width::kLong,
              .display_name = "Connector class"});
  def.Define({.name = kTasksMaxConfig,
              .type = Type::kInt,
              .default_value = ConfigDef::Parsed{int32_t{1}},
              // Java's atLeast(1) alone: its own null check gives the second
              // error for a non-numeric value, "Value must be non-null".
              .validator = ConfigDef::AtLeast(1),
              .importance = Importance::kHigh,
              .documentation = "Maximum number of tasks to use for this connector.",
              .group = common,
              .order_in_group = ++order,
              .width = Width::kShort,
              .display_name = "Tasks max"});
  def.Define({.name = "tasks.max.enforce",
              .type = Type::kBoolean,
              .default_value = ConfigDef::Parsed{true},
              .importance = Importance::kLow,
              .documentation = "(Deprecated) Whether to enforce that the tasks.max property is "
                               "respected by the connector.",
              .group = common,
              .order_in_group = ++order,
              .width = Width::kShort,
              .display_name = "Enforce tasks max"});
  for (const char* which : {"key", "value", "header"}) {
    std::string key = std::string(which) + ".converter";
    def.Define({.name = key,
                .type = Type::kClass,
                .default_value = ConfigDef::Parsed{},
                .importance = Importance::kLow,
                .documentation = "Converter class used to convert between Kafka Connect format and "
                                 "the serialized form that is written to Kafka.",
                .group = common,
                .order_in_group = ++order,
                .width = Width::kShort,
                .display_name = std::string(which) + " converter class"});
  }
  def.Define({.name = "transforms",
              .type = Type::kList,
              .default_value = ConfigDef::Parsed{std::vector<std::string>{}},
              .importance = Importance::kLow,
              .documentation = "Aliases for the transformations to be applied to records.",
              .group = std::string("Transforms"),
              .order_in_group = 1,
              .width = Width::kLong,
              .display_name = "Transforms"});
  def.Define({.name = "predicates",
              .type = Type::kList,
              .default_value = ConfigDef::Parsed{std::vector<std::string>{}},
              .importance = Importance::kLow,
              .documentation = "Aliases for the predicates used by transformations.",
              .group = std::string("Predicates"),
              .order_in_group = 1,
              .width = Width::kLong,
              .display_name = "Predicates"});
  def.Define({.name = "config.action.reload",
              .type = Type::kString,
              .default_value = ConfigDef::Parsed{std::string("restart")},
              .validator = ConfigDef::CaseInsensitiveValidString({"none", "restart"}),
              .importance = Importance::kLow,
              .documentation = "The action that Connect should take on the connector when changes "
                               "in external configuration providers result in a change in the "
                               "connector's configuration properties.",
              .group = common,
              .order_in_group = ++order,
              .width = Width::kMedium,
              .display_name = "Reload Action"});
  const std::string errors = "Error Handling";
  int eorder = 0;
  def.Define({.name = "errors.retry.timeout",
              .type = Type::kLong,
              .default_value = ConfigDef::Parsed{int64_t{0}},
              .importance = Importance::kMedium,
              .documentation = "The maximum duration in milliseconds that a failed operation will "
                               "be reattempted. The default is 0, which means no retries will be "
                               "attempted. Use -1 for infinite retries.",
              .group = errors,
              .order_in_group = ++eorder,
              .width = Width::kMedium,
              .display_name = "Retry Timeout for Errors"});
  def.Define({.name = "errors.retry.delay.max.ms",
              .type = Type::kLong,
              .default_value = ConfigDef::Parsed{int64_t{60000}},
              .importance = Importance::kMedium,
              .documentation = "The maximum duration in milliseconds between consecutive retry "
                               "attempts.",
              .group = errors,
              .order_in_group = ++eorder,
              .width = Width::kMedium,
              .display_name = "Maximum Delay Between Retries for Errors"});
  def.Define({.name = "errors.tolerance",
              .type = Type::kString,
              .default_value = ConfigDef::Parsed{std::string("none")},
              .validator = ConfigDef::ValidString({"none", "all"}),
              .importance = Importance::kMedium,
              .documentation = "Behavior for tolerating errors during connector operation.",
              .group = errors,
              .order_in_group = ++eorder,
              .width = Width::kShort,
              .display_name = "Error Tolerance"});
  def.Define({.name = "errors.log.enable",
              .type = Type::kBoolean,
              .default_value = ConfigDef::Parsed{false},
              .importance = Importance::kMedium,
              .documentation = "If true, write each error and the details of the failed operation "
                               "and problematic record to the Connect application log.",
              .group = errors,
              .order_in_group = ++eorder,
              .width = Width::kShort,
              .display_name = "Log Errors"});
  def.Define({.name = "errors.log.include.messages",
              .type = Type::kBoolean,
              .default_value = ConfigDef::Parsed{false},
              .importance = Importance::kMedium,
              .documentation = "Whether to include in the log the Connect record that resulted in a "
                               "failure.",
              .group = errors,
              .order_in_group = ++eorder,
              .width = Width::kShort,
              .display_name = "Log Error Details"});
}

ConfigDef MakeSource() {
  ConfigDef def;
  DefineCommon(def);
  def.Define({.name = "topic.creation.groups",
              .type = Type::kList,
              .default_value = ConfigDef::Parsed{std::vector<std::string>{}},
              .importance = Importance::kLow,
              .documentation = "Groups of configurations for topics created by source connectors",
              .group = std::string("Topic Creation"),
              .order_in_group = 1,
              .width = Width::kLong,
              .display_name = "Topic Creation Groups"});
  def.Define({.name = "exactly.once.support",
              .type = Type::kString,
              .default_value = ConfigDef::Parsed{std::string("requested")},
              .validator = ConfigDef::CaseInsensitiveValidString({"requested", "required"}),
              .importance = Importance::kMedium,
              .documentation = "Permitted values are requested, required.",
              .group = std::string("Exactly Once Support"),
              .order_in_group = 1,
              .width = Width::kShort,
              .display_name = "Exactly once support"});
  def.Define({.name = "transaction.boundary",
              .type = Type::kString,
              .default_value = ConfigDef::Parsed{std::string("poll")},
              .validator = ConfigDef::CaseInsensitiveValidString({"poll", "interval", "connector"}),
              .importance = Importance::kMedium,
              .documentation = "Permitted values are: poll, interval, connector.",
              .group = std::string("Exactly Once Support"),
              .order_in_group = 2,
              .width = Width::kShort,
              .display_name = "Transaction Boundary"});
  def.Define({.name = "transaction.boundary.interval.ms",
              .type = Type::kLong,
              .default_value = ConfigDef::Parsed{},
              .importance = Importance::kLow,
              .documentation = "If 'transaction.boundary' is set to 'interval', determines the "
                               "interval for producer transaction commits by connector tasks.",
              .group = std::string("Exactly Once Support"),
              .order_in_group = 3,
              .width = Width::kShort,
              .display_name = "Transaction boundary interval"});
  def.Define({.name = "offsets.storage.topic",
              .type = Type::kString,
              .default_value = ConfigDef::Parsed{},
              .importance = Importance::kLow,
              .documentation = "The name of a separate offsets topic to use for this connector.",
              .group = std::string("offsets.topic"),
              .order_in_group = 1,
              .width = Width::kLong,
              .display_name = "Offsets topic"});
  return def;
}

ConfigDef MakeSink() {
  ConfigDef def;
  DefineCommon(def);
  def.Define({.name = "topics",
              .type = Type::kList,
              .default_value = ConfigDef::Parsed{std::vector<std::string>{}},
              .importance = Importance::kHigh,
              .documentation = "List of topics to consume, separated by commas",
              .group = std::string("Common"),
              .order_in_group = 4,
              .width = Width::kLong,
              .display_name = "Topics"});
  def.Define({.name = "topics.regex",
              .type = Type::kString,
              .default_value = ConfigDef::Parsed{std::string("")},
              .importance = Importance::kHigh,
              .documentation = "Regular expression giving topics to consume.",
              .group = std::string("Common"),
              .order_in_group = 4,
              .width = Width::kLong,
              .display_name = "Topics regex"});
  def.Define({.name = "errors.deadletterqueue.topic.name",
              .type = Type::kString,
              .default_value = ConfigDef::Parsed{std::string("")},
              .importance = Importance::kMedium,
              .documentation = "The name of the topic to be used as the dead letter queue (DLQ).",
              .group = std::string("Error Handling"),
              .order_in_group = 6,
              .width = Width::kMedium,
              .display_name = "Dead Letter Queue Topic Name"});
  def.Define({.name = "errors.deadletterqueue.topic.replication.factor",
              .type = Type::kShort,
              .default_value = ConfigDef::Parsed{int16_t{3}},
              .importance = Importance::kMedium,
              .documentation = "Replication factor used to create the dead letter queue topic.",
              .group = std::string("Error Handling"),
              .order_in_group = 7,
              .width = Width::kMedium,
              .display_name = "Dead Letter Queue Topic Replication Factor"});
  def.Define({.name = "errors.deadletterqueue.context.headers.enable",
              .type = Type::kBoolean,
              .default_value = ConfigDef::Parsed{false},
              .importance = Importance::kMedium,
              .documentation = "If true, add headers containing error context to the messages "
                               "written to the dead letter queue.",
              .group = std::string("Error Handling"),
              .order_in_group = 8,
              .width = Width::kMedium,
              .display_name = "Enable Error Context Headers"});
  return def;
}

bool IsBlank(const std::string* v) {
  return v == nullptr || std::all_of(v->begin(), v->end(), [](unsigned char c) {
           return std::isspace(c) != 0;
         });
}
}  // namespace

const ConfigDef& CommonConnectorConfigDef() {
  static const ConfigDef def = [] {
    ConfigDef d;
    DefineCommon(d);
    return d;
  }();
  return def;
}
const ConfigDef& SourceConnectorConfigDef() {
  static const ConfigDef def = MakeSource();
  return def;
}
const ConfigDef& SinkConnectorConfigDef() {
  static const ConfigDef def = MakeSink();
  return def;
}

std::vector<ConfigDef::ConfigValue> ValidateConnectorConfig(const kconnect::Connector& connector,
                                                            bool is_sink, const Props& config) {
  const ConfigDef& framework = is_sink ? SinkConnectorConfigDef() : SourceConnectorConfigDef();
  std::vector<ConfigDef::ConfigValue> values = framework.Validate(config);
  if (is_sink) {
    auto find = [&](const char* k) -> const std::string* {
      auto it = config.find(k);
      return it == config.end() ? nullptr : &it->second;
    };
    const bool has_topics = !IsBlank(find("topics"));
    const bool has_regex = !IsBlank(find("topics.regex"));
    std::string problem;
    if (has_topics && has_regex) {
      problem = "topics and topics.regex are mutually exclusive options, but both are set.";
    } else if (!has_topics && !has_regex) {
      problem = "Must configure one of topics or topics.regex";
    }
    if (!problem.empty()) {
      for (auto& v : values) {
        if (v.name == "topics" || v.name == "topics.regex") v.error_messages.push_back(problem);
      }
    }
  }
  // The connector's own keys; a key it redefines replaces the framework's result.
  std::vector<ConfigDef::ConfigValue> own = connector.Validate(config);
  for (auto& o : own) {
    auto it = std::find_if(values.begin(), values.end(),
                           [&](const ConfigDef::ConfigValue& v) { return v.name == o.name; });
    if (it != values.end()) {
      *it = std::move(o);
    } else {
      values.push_back(std::move(o));
    }
  }
  return values;
}

std::vector<std::string> CollectErrors(const std::vector<ConfigDef::ConfigValue>& values) {
  std::vector<std::string> errors;
  for (const auto& v : values) {
    errors.insert(errors.end(), v.error_messages.begin(), v.error_messages.end());
  }
  return errors;
}

std::string InvalidConfigMessage(const std::vector<std::string>& errors) {
  std::string msg = "Connector configuration is invalid and contains the following " +
                    std::to_string(errors.size()) + " error(s):\n";
  for (const auto& e : errors) msg += e + "\n";
  msg +=
      "You can also find the above list of errors at the endpoint "
      "`/connector-plugins/{connectorType}/config/validate`";
  return msg;
}

std::vector<std::string> SinkTopics(const Props& config) {
  std::vector<std::string> out;
  auto it = config.find("topics");
  if (it == config.end()) return out;
  auto parsed = ConfigDef::ParseType("topics", it->second, ConfigDef::Type::kList);
  std::set<std::string> seen;
  for (const auto& t : std::get<std::vector<std::string>>(parsed)) {
    if (t.empty() || !seen.insert(t).second) continue;
    out.push_back(t);
  }
  return out;
}

}  // namespace kconnect::worker::runtime
