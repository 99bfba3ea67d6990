#include "worker/cli/connector_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstring>

#include "worker/util/file_io.h"
#include "worker/util/properties.h"

namespace kconnect::worker::cli {

namespace {

std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
  return s;
}

// JSON scalars other than strings are stored as their string form, as Java's
// Jackson coercion does for Map<String,String>.
std::optional<std::string> ScalarString(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean() || v.is_number()) return v.dump();
  return std::nullopt;
}

util::Result<Props> ToProps(const nlohmann::json& obj, const std::string& path) {
  Props out;
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    auto s = ScalarString(it.value());
    if (!s) {
      return util::BadRequest("Connector configuration at '" + path + "': value of '" + it.key() +
                              "' must be a string");
    }
    out[it.key()] = *s;
  }
  return out;
}

}  // namespace

util::Result<ConnectorFile> ParseConnectorFile(const std::string& path) {
  std::string text;
  if (int err = util::ReadWholeFile(path, &text); err != 0) {
    return util::BadRequest("Could not read connector configuration file " + path + ": " +
                            std::strerror(err));
  }
  const std::string missing_name = "Connector configuration at '" + path +
                                   "' is missing the mandatory 'name' configuration";
  auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_discarded() && json.is_object()) {
    ConnectorFile file;
    if (json.contains("config") && json["config"].is_object()) {
      // CreateConnectorRequest {"name":..,"config":{..},"initial_state":..}
      if (!json.contains("name") || !json["name"].is_string()) {
        return util::BadRequest(missing_name);
      }
      file.name = json["name"].get<std::string>();
      auto props = ToProps(json["config"], path);
      if (!props) return props.Error();
      file.config = std::move(props).Value();
      auto it = file.config.find("name");
      if (it != file.config.end() && it->second != file.name) {
        return util::BadRequest(
            "Connector name configuration in 'config' doesn't match the one specified in 'name' "
            "at '" + path + "'");
      }
      file.config["name"] = file.name;
      if (json.contains("initial_state") && json["initial_state"].is_string()) {
        std::string st = Upper(json["initial_state"].get<std::string>());
        if (st == "RUNNING") {
          file.initial_state = herder::TargetState::kStarted;
        } else if (st == "PAUSED") {
          file.initial_state = herder::TargetState::kPaused;
        } else if (st == "STOPPED") {
          file.initial_state = herder::TargetState::kStopped;
        } else {
          return util::BadRequest("Connector configuration at '" + path +
                                  "' has an invalid initial_state '" + st +
                                  "' (expected RUNNING, PAUSED or STOPPED)");
        }
      }
      return file;
    }
    auto props = ToProps(json, path);
    if (!props) return props.Error();
    file.config = std::move(props).Value();
    auto it = file.config.find("name");
    if (it == file.config.end()) return util::BadRequest(missing_name);
    file.name = it->second;
    return file;
  }
  ConnectorFile file;
  file.config = util::ParseProperties(text);
  auto it = file.config.find("name");
  if (it == file.config.end()) return util::BadRequest(missing_name);
  file.name = it->second;
  return file;
}

}  // namespace kconnect::worker::cli
