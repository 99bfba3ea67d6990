#include <algorithm>

#include "fake_herder.h"
#include "worker/runtime/connector_offsets.h"

namespace kconnect::worker::rest::testing {

namespace {
bool SamePartition(const herder::ConnectorOffset& a, const herder::ConnectorOffset& b) {
  return a.partition == b.partition;
}
}  // namespace

Result<std::vector<herder::ConnectorOffset>> FakeHerder::ConnectorOffsets(
    const std::string& name) {
  if (auto e = Enter()) return *e;
  std::lock_guard lock(mu_);
  if (!connectors_.count(name)) return util::NotFound("Connector " + name + " not found");
  return offsets_[name];
}

Result<std::string> FakeHerder::AlterConnectorOffsets(
    const std::string& name, const std::vector<herder::ConnectorOffset>& offsets) {
  if (auto e = Enter()) return *e;
  std::lock_guard lock(mu_);
  alter_calls_.push_back(offsets);
  auto it = connectors_.find(name);
  if (it == connectors_.end()) return util::NotFound("Connector " + name + " not found");
  const Connector& c = it->second;
  if (c.target != herder::TargetState::kStopped || c.tasks != 0) {
    return herder::OffsetsNeedStoppedConnector(name);
  }
  const std::string mode = c.config.count("alter.offsets") ? c.config.at("alter.offsets") : "";
  if (mode == "reject") return util::Internal("The connector rejected these offsets");
  auto& stored = offsets_[name];
  for (const auto& entry : offsets) {
    std::erase_if(stored, [&](const auto& s) { return SamePartition(s, entry); });
    if (entry.offset) stored.push_back(entry);
  }
  return runtime::ModifiedOffsetsMessage(mode != "framework", /*reset=*/false);
}

Result<std::string> FakeHerder::ResetConnectorOffsets(const std::string& name) {
  if (auto e = Enter()) return *e;
  std::lock_guard lock(mu_);
  auto it = connectors_.find(name);
  if (it == connectors_.end()) return util::NotFound("Connector " + name + " not found");
  if (it->second.target != herder::TargetState::kStopped || it->second.tasks != 0) {
    return herder::OffsetsNeedStoppedConnector(name);
  }
  offsets_.erase(name);
  const bool framework = it->second.config.count("alter.offsets") &&
                         it->second.config.at("alter.offsets") == "framework";
  return runtime::ModifiedOffsetsMessage(!framework, /*reset=*/true);
}

void FakeHerder::SetOffsets(const std::string& name, std::vector<herder::ConnectorOffset> offsets) {
  std::lock_guard lock(mu_);
  offsets_[name] = std::move(offsets);
}

std::vector<std::vector<herder::ConnectorOffset>> FakeHerder::AlterCalls() {
  std::lock_guard lock(mu_);
  return alter_calls_;
}

}  // namespace kconnect::worker::rest::testing
