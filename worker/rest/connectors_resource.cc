#include "worker/rest/connectors_resource.h"

#include <cctype>
#include <utility>
#include <vector>

#include "worker/rest/error_mapper.h"
#include "worker/rest/json_body.h"
#include "worker/rest/uri_codec.h"

namespace kconnect::worker::rest {
namespace {

using Params = Router::Params;


std::string LocationOf(const RestRequest& request, const std::string& name) {
  return request.base_uri + "/connectors/" + EncodePath(name);
}

RestResponse ConnectorInfoResponse(const RestRequest& request,
                                   const herder::CreateOrUpdateResult& result) {
  if (!result.created) return RestResponse::Json(200, ToJson(result.info));
  RestResponse response = RestResponse::Json(201, ToJson(result.info));
  response.headers.emplace_back("Location", LocationOf(request, result.info.name));
  return response;
}

template <typename T>
RestResponse EmptyOrError(const util::Result<T>& result, int status) {
  if (!result) return ErrorResponse(result.Error());
  return RestResponse::NoBody(status);
}

template <typename T>
RestResponse JsonOrError(const util::Result<T>& result) {
  if (!result) return ErrorResponse(result.Error());
  return RestResponse::Json(200, ToJson(*result));
}

RestResponse MessageOrError(const util::Result<std::string>& result) {
  if (!result) return ErrorResponse(result.Error());
  return RestResponse::Json(200, MessageJson(*result));
}

}  // namespace

std::string JavaTrim(const std::string& text) {
  size_t begin = 0;
  size_t end = text.size();
  while (begin < end && static_cast<unsigned char>(text[begin]) <= 0x20) ++begin;
  while (end > begin && static_cast<unsigned char>(text[end - 1]) <= 0x20) --end;
  return text.substr(begin, end - begin);
}

util::Result<util::Empty> CheckAndPutConnectorConfigName(const std::string& name,
                                                         NullableProps* config) {
  auto it = config->find("name");
  if (it != config->end() && it->second) {
    if (*it->second != name) {
      return util::BadRequest("Connector name configuration (" + *it->second +
                              ") doesn't match connector name in the URL (" + name + ")");
    }
  } else {
    (*config)["name"] = name;
  }
  return util::Empty{};
}

util::Result<Props> ToProps(const NullableProps& config) {
  Props props;
  int nulls = 0;
  for (const auto& [key, value] : config) {
    if (value) {
      props[key] = *value;
    } else {
      ++nulls;
    }
  }
  if (nulls == 0) return props;
  std::string message = "Connector configuration is invalid and contains the following " +
                        std::to_string(nulls) + " error(s):";
  for (int i = 0; i < nulls; ++i) {
    message += "\nNull value can not be supplied as the configuration value.";
  }
  message +=
      "\nYou can also find the above list of errors at the endpoint "
      "`/connector-plugins/{connectorType}/config/validate`";
  return util::BadRequest(std::move(message));
}

void ConnectorsResource::Register(Router& router) {
  auto add = [&router](const char* method, const char* path, Router::Handler handler) {
    router.Add(method, path, /*consumes_json=*/true, std::move(handler));
  };
  add("GET", "/connectors",
      [this](const RestRequest& request, const Params&) { return ListConnectors(request); });
  add("POST", "/connectors",
      [this](const RestRequest& request, const Params&) { return CreateConnector(request); });
  add("GET", "/connectors/{connector}",
      [this](const RestRequest&, const Params& p) { return GetConnector(p[0]); });
  add("DELETE", "/connectors/{connector}", [this](const RestRequest&, const Params& p) {
    return EmptyOrError(herder_.DeleteConnector(p[0]), 204);
  });
  add("GET", "/connectors/{connector}/config",
      [this](const RestRequest&, const Params& p) { return GetConnectorConfig(p[0]); });
  add("PUT", "/connectors/{connector}/config", [this](const RestRequest& request, const Params& p) {
    return PutConnectorConfig(request, p[0]);
  });
  add("PATCH", "/connectors/{connector}/config",
      [this](const RestRequest& request, const Params& p) {
        return PatchConnectorConfig(request, p[0]);
      });
  add("GET", "/connectors/{connector}/status",
      [this](const RestRequest&, const Params& p) { return GetConnectorStatus(p[0]); });
  add("GET", "/connectors/{connector}/tasks",
      [this](const RestRequest&, const Params& p) { return GetTaskConfigs(p[0]); });
  // Internal, between workers of a distributed cluster (spec 4.7); clients
  // never call them. Standalone answers 500 as Java does.
  add("POST", "/connectors/{connector}/tasks", [this](const RestRequest& request, const Params& p) {
    return PutTaskConfigs(request, p[0]);
  });
  add("PUT", "/connectors/{connector}/fence", [this](const RestRequest&, const Params& p) {
    return EmptyOrError(herder_.FenceZombieSourceTasks(p[0]), 204);
  });
  // Deprecated in Kafka (KIP-970) but still served by 3.9 (R-TASKSCFG).
  add("GET", "/connectors/{connector}/tasks-config",
      [this](const RestRequest&, const Params& p) { return GetTasksConfig(p[0]); });
  add("GET", "/connectors/{connector}/tasks/{task:int}/status",
      [this](const RestRequest&, const Params& p) { return GetTaskStatus(p[0], p[1]); });
  add("POST", "/connectors/{connector}/tasks/{task:int}/restart",
      [this](const RestRequest&, const Params& p) { return RestartTask(p[0], p[1]); });
  // Pause and resume are asynchronous: 202 (R-PAUSE, R-RESUME); stop is
  // answered once done: 204 (R-STOP).
  add("PUT", "/connectors/{connector}/pause", [this](const RestRequest&, const Params& p) {
    return EmptyOrError(herder_.PauseConnector(p[0]), 202);
  });
  add("PUT", "/connectors/{connector}/resume", [this](const RestRequest&, const Params& p) {
    return EmptyOrError(herder_.ResumeConnector(p[0]), 202);
  });
  add("PUT", "/connectors/{connector}/stop", [this](const RestRequest&, const Params& p) {
    return EmptyOrError(herder_.StopConnector(p[0]), 204);
  });
  add("POST", "/connectors/{connector}/restart",
      [this](const RestRequest& request, const Params& p) { return RestartConnector(request, p[0]); });
  // KIP-875 (R-OFFGET, R-OFFPATCH, R-OFFDEL).
  add("GET", "/connectors/{connector}/offsets",
      [this](const RestRequest&, const Params& p) { return GetOffsets(p[0]); });
  add("PATCH", "/connectors/{connector}/offsets",
      [this](const RestRequest& request, const Params& p) { return AlterOffsets(request, p[0]); });
  add("DELETE", "/connectors/{connector}/offsets",
      [this](const RestRequest&, const Params& p) { return MessageOrError(herder_.ResetConnectorOffsets(p[0])); });
  add("GET", "/connectors/{connector}/topics",
      [this](const RestRequest&, const Params& p) { return GetActiveTopics(p[0]); });
  // R-TOPICSRESET: 202 like pause/resume, although the reset is done when
  // the herder answers.
  add("PUT", "/connectors/{connector}/topics/reset", [this](const RestRequest&, const Params& p) {
    return EmptyOrError(herder_.ResetConnectorActiveTopics(p[0]), 202);
  });
}

RestResponse ConnectorsResource::ListConnectors(const RestRequest& request) {
  auto names = herder_.Connectors();
  if (!names) return ErrorResponse(names.Error());
  // R-EXPAND: any `expand` parameter, even an unknown or empty one, switches
  // the answer to an object keyed by connector name.
  std::vector<std::string> expansions = request.QueryParams("expand");
  bool expand = !expansions.empty();
  if (!expand) {
    Json out = Json::array();
    for (const auto& name : *names) out.push_back(name);
    return RestResponse::Json(200, out);
  }
  Json out = Json::object();
  for (const auto& name : *names) {
    Json entry = Json::object();
    bool vanished = false;
    for (const auto& expansion : expansions) {
      if (expansion == "status") {
        auto status = herder_.ConnectorStatus(name);
        if (!status) {
          // Deleted (or not yet reported) while we iterate: Java leaves the
          // connector out rather than failing the whole listing.
          if (status.Error().status == 404) {
            vanished = true;
            break;
          }
          return ErrorResponse(status.Error());
        }
        entry["status"] = ToJson(*status);
      } else if (expansion == "info") {
        auto info = herder_.GetConnectorInfo(name);
        if (!info) {
          if (info.Error().status == 404) {
            vanished = true;
            break;
          }
          return ErrorResponse(info.Error());
        }
        entry["info"] = ToJson(*info);
      }
    }
    if (!vanished) out[name] = std::move(entry);
  }
  return RestResponse::Json(200, out);
}

RestResponse ConnectorsResource::CreateConnector(const RestRequest& request) {
  auto body = ReadRequiredBody(request.body);
  if (!body) return ErrorResponse(body.Error());
  auto bound = BindCreateConnectorRequest(*body);
  if (!bound) return ErrorResponse(bound.Error());
  CreateConnectorRequest create = std::move(bound).Value();
  // R-NAME: only the top-level name is trimmed; a missing one is "".
  std::string name = create.name ? JavaTrim(*create.name) : "";
  if (!create.config) {
    return ErrorResponse(util::BadRequest("Request body has no \"config\" object"));
  }
  auto named = CheckAndPutConnectorConfigName(name, &*create.config);
  if (!named) return ErrorResponse(named.Error());
  auto props = ToProps(*create.config);
  if (!props) return ErrorResponse(props.Error());
  auto result = herder_.PutConnectorConfig(name, *props, /*allow_replace=*/false,
                                           create.initial_state);
  if (!result) return ErrorResponse(result.Error());
  // A create always answers 201 with Location (R-CREATE step 5).
  herder::CreateOrUpdateResult created = std::move(result).Value();
  created.created = true;
  return ConnectorInfoResponse(request, created);
}

RestResponse ConnectorsResource::PatchConnectorConfig(const RestRequest& request,
                                                      const std::string& name) {
  // R-PATCHCFG: a partial map; null removes a key. The merged config is
  // validated as a whole by the herder. Always 200: a patch never creates.
  auto patch = ReadConfigMapBody(request.body);
  if (!patch) return ErrorResponse(patch.Error());
  return JsonOrError(herder_.PatchConnectorConfig(name, *patch));
}

RestResponse ConnectorsResource::GetConnector(const std::string& name) {
  return JsonOrError(herder_.GetConnectorInfo(name));
}

RestResponse ConnectorsResource::GetConnectorConfig(const std::string& name) {
  return JsonOrError(herder_.ConnectorConfig(name));
}

RestResponse ConnectorsResource::PutConnectorConfig(const RestRequest& request,
                                                    const std::string& name) {
  auto config = ReadConfigMapBody(request.body);
  if (!config) return ErrorResponse(config.Error());
  NullableProps submitted = std::move(config).Value();
  // The URL's name is used as is (no trimming on PUT).
  auto named = CheckAndPutConnectorConfigName(name, &submitted);
  if (!named) return ErrorResponse(named.Error());
  auto props = ToProps(submitted);
  if (!props) return ErrorResponse(props.Error());
  auto result = herder_.PutConnectorConfig(name, *props, /*allow_replace=*/true, std::nullopt);
  if (!result) return ErrorResponse(result.Error());
  return ConnectorInfoResponse(request, *result);
}

RestResponse ConnectorsResource::GetConnectorStatus(const std::string& name) {
  return JsonOrError(herder_.ConnectorStatus(name));
}

RestResponse ConnectorsResource::GetTaskConfigs(const std::string& name) {
  auto tasks = herder_.TaskConfigs(name);
  if (!tasks) return ErrorResponse(tasks.Error());
  Json out = Json::array();
  for (const auto& task : *tasks) out.push_back(ToJson(task));
  return RestResponse::Json(200, out);
}

RestResponse ConnectorsResource::PutTaskConfigs(const RestRequest& request,
                                                const std::string& name) {
  auto configs = ReadTaskConfigsBody(request.body);
  if (!configs) return ErrorResponse(configs.Error());
  return EmptyOrError(herder_.PutTaskConfigs(name, *configs), 204);
}

RestResponse ConnectorsResource::GetTasksConfig(const std::string& name) {
  auto tasks = herder_.TaskConfigs(name);
  if (!tasks) return ErrorResponse(tasks.Error());
  // Java's standalone herder answers 404 for a connector without tasks too
  // (a stopped or paused-at-creation one).
  if (tasks->empty()) return ErrorResponse(util::NotFound("Connector " + name + " not found"));
  Json out = Json::object();
  for (const auto& task : *tasks) out[task.id.ToString()] = ToJson(task.config);
  return RestResponse::Json(200, out);
}

RestResponse ConnectorsResource::GetTaskStatus(const std::string& name, const std::string& task) {
  int id = 0;
  if (!ParseJavaInt(task, &id)) return ErrorResponse(HttpNotFound());
  return JsonOrError(herder_.TaskStatus(name, id));
}

RestResponse ConnectorsResource::RestartConnector(const RestRequest& request,
                                                  const std::string& name) {
  bool include_tasks = BoolQueryParam(request, "includeTasks", false);
  bool only_failed = BoolQueryParam(request, "onlyFailed", false);
  if (include_tasks || only_failed) {
    // R-RESTART2: 202 with the plan (what is restarted shows RESTARTING).
    auto plan = herder_.RestartConnectorAndTasks(name, include_tasks, only_failed);
    if (!plan) return ErrorResponse(plan.Error());
    return RestResponse::Json(202, ToJson(*plan));
  }
  // R-RESTART: the connector instance only, 204.
  return EmptyOrError(herder_.RestartConnector(name), 204);
}

RestResponse ConnectorsResource::GetActiveTopics(const std::string& name) {
  // R-TOPICS: ActiveTopicsInfo keyed by the name as given, known or not.
  auto topics = herder_.ConnectorActiveTopics(name);
  if (!topics) return ErrorResponse(topics.Error());
  Json out = Json::object();
  out[name] = ActiveTopicsJson(*topics);
  return RestResponse::Json(200, out);
}

RestResponse ConnectorsResource::RestartTask(const std::string& name, const std::string& task) {
  int id = 0;
  if (!ParseJavaInt(task, &id)) return ErrorResponse(HttpNotFound());
  return EmptyOrError(herder_.RestartTask(name, id), 204);
}

RestResponse ConnectorsResource::GetOffsets(const std::string& name) {
  return JsonOrError(herder_.ConnectorOffsets(name));
}

RestResponse ConnectorsResource::AlterOffsets(const RestRequest& request,
                                              const std::string& name) {
  // The body is checked before the connector is looked up (R-OFFPATCH 1).
  auto offsets = ReadConnectorOffsetsBody(request.body);
  if (!offsets) return ErrorResponse(offsets.Error());
  return MessageOrError(herder_.AlterConnectorOffsets(name, *offsets));
}

}  // namespace kconnect::worker::rest
