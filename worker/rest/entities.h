#pragma once
// JSON shapes of the REST entities (spec section 3) and the binding of
// request bodies, with Jackson's rules: member order as Java writes it,
// scalar-to-string coercion, and Jackson-worded 500s for bodies that do not
// bind (R-BADSHAPE, R-COERCE).

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "worker/herder/herder.h"
#include "worker/util/result.h"

namespace kconnect::worker::rest {

using Json = nlohmann::ordered_json;

// A config map as submitted: a JSON null value is kept as nullopt (R-COERCE,
// R-VAL-NULL).
using NullableProps = std::map<std::string, std::optional<std::string>>;

// "source", "sink" or "unknown".
const char* ConnectorTypeJson(herder::ConnectorType type);

Json ToJson(const Props& config);
Json ToJson(const herder::ConnectorTaskId& id);       // {"connector","task"}
Json ToJson(const herder::ConnectorInfo& info);       // {"name","config","tasks","type"}
Json ToJson(const herder::TaskInfo& info);            // {"id","config"}
Json ToJson(const herder::TaskStateInfo& state);      // {"id","state","worker_id"[,"trace"]}
Json ToJson(const herder::ConnectorStateInfo& info);  // {"name","connector","tasks","type"}
Json ToJson(const herder::PluginDesc& plugin);        // {"class","type"[,"version"]}
Json ToJson(const herder::ConfigKeyInfo& key);        // {"name","type",...,"order"}
Json ToJson(const herder::ConfigInfos& infos);        // {"name","error_count","groups","configs"}
// ConnectorOffsets: {"offsets":[{"partition":{...}|null,"offset":{...}|null}...]}.
Json ToJson(const std::vector<herder::ConnectorOffset>& offsets);
// Message: {"message": s}.
Json MessageJson(const std::string& message);

// R-OFFPATCH check 1, answered before the connector is looked up.
inline constexpr const char* kNoOffsetsMessage =
    "Partitions / offsets need to be provided for an alter offsets request";
// Body of PATCH /connectors/{n}/offsets (ConnectorOffsets). Scalars keep their
// JSON type (integers as int64, other numbers as double). Errors: 400
// kNoOffsetsMessage for an empty body or missing, null or empty `offsets`;
// 400 for malformed JSON (R-BADJSON, with the position); 400 naming the entry for any other
// shape problem (unknown fields, a partition or offset that is neither an
// object nor null, a nested value).
util::Result<std::vector<herder::ConnectorOffset>> ReadConnectorOffsetsBody(
    const std::string& body);
Json ToJson(const herder::LoggerLevel& level);        // {"level","last_modified"} (null kept)
// The inner object of ActiveTopicsInfo: {"topics":[...]}.
Json ActiveTopicsJson(const std::vector<std::string>& topics);

// Body of POST /connectors (E/CreateConnectorRequest).
struct CreateConnectorRequest {
  std::optional<std::string> name;      // as sent, not trimmed
  std::optional<NullableProps> config;  // nullopt when absent or null
  std::optional<herder::TargetState> initial_state;
};

// Binds a parsed body that is not JSON null. Errors (500, Jackson's wording):
// not an object; an unknown top-level field; `name`/`initial_state` or a
// config value that is an object or array; `config` that is not an object;
// `initial_state` other than RUNNING/PAUSED/STOPPED (any case).
util::Result<CreateConnectorRequest> BindCreateConnectorRequest(const Json& body);

// Binds a flat config map (body of PUT /connectors/{n}/config, or the
// `config` member above). `reference_chain` prefixes the path Jackson names in
// its messages. Scalars become strings, null stays null, objects and arrays
// are 500s.
util::Result<NullableProps> BindConfigMap(const Json& body, const std::string& reference_chain);
// A request body that must be a flat config map (PUT/PATCH config, validate):
// ReadRequiredBody, then BindConfigMap as Java's Map<String, String>.
util::Result<NullableProps> ReadConfigMapBody(const std::string& body);
// Body of the internal POST /connectors/{n}/tasks: a JSON list of config maps,
// each bound as BindConfigMap does (keys whose value is null are dropped).
util::Result<std::vector<Props>> ReadTaskConfigsBody(const std::string& body);

}  // namespace kconnect::worker::rest
