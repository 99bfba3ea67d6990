#include "worker/storage/file_connector_store.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "worker/util/file_io.h"

namespace kconnect::worker::storage {
namespace {

constexpr int kVersion = 1;

bool KnownTargetState(const std::string& s) {
  return s == "STARTED" || s == "PAUSED" || s == "STOPPED";
}

}  // namespace

std::map<std::string, StoredConnector> FileConnectorStore::Load() const {
  std::string text;
  if (const int err = util::ReadWholeFile(path_, &text); err != 0) {
    if (err == ENOENT) return {};
    throw std::runtime_error("Cannot read the connector state file " + path_ + ": " +
                             std::strerror(err));
  }
  auto fail = [&](const std::string& why) {
    return std::runtime_error("The connector state file " + path_ + " is not valid: " + why +
                              " (fix or move it away; it holds the connectors created over REST)");
  };
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) throw fail("not a JSON object");
  auto version = doc.find("version");
  if (version == doc.end() || !version->is_number_integer() || *version != kVersion) {
    throw fail("unknown or missing \"version\" (expected " + std::to_string(kVersion) + ")");
  }
  auto connectors = doc.find("connectors");
  if (connectors == doc.end() || !connectors->is_object()) throw fail("no \"connectors\" object");
  std::map<std::string, StoredConnector> out;
  for (const auto& [name, entry] : connectors->items()) {
    StoredConnector c;
    auto config = entry.find("config");
    if (!entry.is_object() || config == entry.end() || !config->is_object()) {
      throw fail("connector \"" + name + "\" has no \"config\" object");
    }
    for (const auto& [key, value] : config->items()) {
      if (!value.is_string()) {
        throw fail("connector \"" + name + "\": config value of \"" + key + "\" is not a string");
      }
      c.config[key] = value.get<std::string>();
    }
    auto state = entry.find("target_state");
    if (state != entry.end()) {
      if (!state->is_string() || !KnownTargetState(state->get<std::string>())) {
        throw fail("connector \"" + name + "\": target_state must be STARTED, PAUSED or STOPPED");
      }
      c.target_state = state->get<std::string>();
    }
    out.emplace(name, std::move(c));
  }
  return out;
}

bool FileConnectorStore::Save(const std::map<std::string, StoredConnector>& connectors,
                              std::string* error) const {
  nlohmann::ordered_json doc;
  doc["version"] = kVersion;
  nlohmann::ordered_json list = nlohmann::ordered_json::object();
  for (const auto& [name, c] : connectors) {
    list[name] = {{"config", c.config}, {"target_state", c.target_state}};
  }
  doc["connectors"] = std::move(list);
  // Indented: operators read and, when a plugin is gone, edit this file.
  return util::WriteFileAtomically(
      path_, doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n",
      error);
}

}  // namespace kconnect::worker::storage
