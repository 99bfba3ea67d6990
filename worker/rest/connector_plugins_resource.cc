#include "worker/rest/connector_plugins_resource.h"

#include <string>
#include <vector>

#include "worker/rest/entities.h"
#include "worker/rest/error_mapper.h"
#include "worker/rest/json_body.h"

namespace kconnect::worker::rest {

void ConnectorPluginsResource::Register(Router& router) {
  router.Add("GET", "/connector-plugins", /*consumes_json=*/true,
             [this](const RestRequest& request, const Router::Params&) {
               // @DefaultValue("true") boolean connectorsOnly (KIP-769).
               bool connectors_only = BoolQueryParam(request, "connectorsOnly", true);
               Json out = Json::array();
               for (const auto& plugin : herder_.ConnectorPlugins(connectors_only)) {
                 out.push_back(ToJson(plugin));
               }
               return RestResponse::Json(200, out);
             });
  // R-PLUGINCFG.
  router.Add("GET", "/connector-plugins/{plugin}/config", /*consumes_json=*/true,
             [this](const RestRequest&, const Router::Params& p) {
               auto keys = herder_.ConnectorPluginConfig(p[0]);
               if (!keys) return ErrorResponse(keys.Error());
               Json out = Json::array();
               for (const auto& key : *keys) out.push_back(ToJson(key));
               return RestResponse::Json(200, out);
             });
  router.Add("PUT", "/connector-plugins/{plugin}/config/validate", /*consumes_json=*/true,
             [this](const RestRequest& request, const Router::Params& p) {
               return Validate(request, p[0]);
             });
}

namespace {
// Java's normalizedPluginName: a trailing "Connector" does not count.
std::string Normalized(const std::string& name) {
  static const std::string kSuffix = "Connector";
  if (name.size() > kSuffix.size() &&
      name.compare(name.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0) {
    return name.substr(0, name.size() - kSuffix.size());
  }
  return name;
}
}  // namespace

RestResponse ConnectorPluginsResource::Validate(const RestRequest& request,
                                                const std::string& plugin) {
  // R-VALIDATE: the path only has to agree with the body's connector.class
  // (suffix match, "Connector" stripped from both); the body's class is the
  // one validated.
  auto config = ReadConfigMapBody(request.body);
  if (!config) return ErrorResponse(config.Error());
  Props props;
  std::vector<std::string> null_keys;
  for (const auto& [key, value] : *config) {
    if (value) {
      props[key] = *value;
    } else {
      null_keys.push_back(key);
    }
  }
  if (auto cls = props.find("connector.class"); cls != props.end()) {
    const std::string included = Normalized(cls->second);
    const std::string requested = Normalized(plugin);
    if (included.size() < requested.size() ||
        included.compare(included.size() - requested.size(), requested.size(), requested) != 0) {
      return ErrorResponse(util::BadRequest("Included connector type " + cls->second +
                                            " does not match request type " + plugin));
    }
  }
  auto validated = herder_.ValidateConnectorConfig(props);
  if (!validated) return ErrorResponse(validated.Error());
  herder::ConfigInfos infos = std::move(validated).Value();
  // R-VAL-NULL: a null value is an error of its key.
  for (const auto& key : null_keys) {
    bool found = false;
    for (auto& c : infos.configs) {
      if (c.definition && c.definition->name == key) {
        if (!c.value) c.value = herder::ConfigValueInfo{key, std::nullopt, {}, {}, true};
        c.value->value.reset();
        // The key was given (as null), so it is not missing: Java's
        // validation sees it set and reports only the null.
        const std::string missing =
            "Missing required configuration \"" + key + "\" which has no default value.";
        infos.error_count -= static_cast<int>(std::erase(c.value->errors, missing));
        c.value->errors.push_back("Null value can not be supplied as the configuration value.");
        found = true;
      }
    }
    if (found) ++infos.error_count;
  }
  return RestResponse::Json(200, ToJson(infos));
}

}  // namespace kconnect::worker::rest
