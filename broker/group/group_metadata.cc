#include "broker/group/group_metadata.h"

#include <algorithm>

namespace kconnect::broker::group::internal {

bool Member::Supports(const std::string& protocol_name) const {
  return std::any_of(protocols.begin(), protocols.end(),
                     [&](const GroupProtocol& p) { return p.name == protocol_name; });
}

const std::vector<uint8_t>& Member::MetadataFor(const std::string& protocol_name) const {
  static const std::vector<uint8_t> kNone;
  for (const auto& p : protocols) {
    if (p.name == protocol_name) return p.metadata;
  }
  return kNone;
}

bool Member::Matches(const std::vector<GroupProtocol>& other) const {
  if (other.size() != protocols.size()) return false;
  for (size_t i = 0; i < other.size(); ++i) {
    if (other[i].name != protocols[i].name || other[i].metadata != protocols[i].metadata) {
      return false;
    }
  }
  return true;
}

int32_t Group::RebalanceTimeoutMs() const {
  int32_t timeout = 0;
  for (const auto& [id, m] : members) timeout = std::max(timeout, m.rebalance_timeout_ms);
  return timeout;
}

bool Group::AllMembersJoined() const {
  if (!pending_members.empty()) return false;
  return std::all_of(members.begin(), members.end(),
                     [](const auto& entry) { return entry.second.awaiting_join(); });
}

bool Group::SupportsProtocols(const std::string& type, const std::vector<GroupProtocol>& protocols,
                              const std::string* self) const {
  if (type.empty() || protocols.empty()) return false;
  // An Empty group takes whatever its next first member brings.
  if (state == GroupState::kEmpty) return true;
  if (type != protocol_type) return false;
  return std::any_of(protocols.begin(), protocols.end(), [&](const GroupProtocol& p) {
    return std::all_of(members.begin(), members.end(), [&](const auto& entry) {
      return (self != nullptr && entry.first == *self) || entry.second.Supports(p.name);
    });
  });
}

std::string Group::SelectProtocol() const {
  const Member& leader = members.at(leader_id);
  auto supported_by_all = [&](const std::string& name) {
    return std::all_of(members.begin(), members.end(),
                       [&](const auto& entry) { return entry.second.Supports(name); });
  };
  std::map<std::string, int> votes;
  for (const auto& [id, m] : members) {
    for (const auto& p : m.protocols) {
      if (supported_by_all(p.name)) {
        ++votes[p.name];
        break;
      }
    }
  }
  // The join checks keep at least one common protocol; should that ever fail,
  // the leader's favourite still gives clients a non-null protocol name.
  if (votes.empty()) return leader.protocols.empty() ? std::string() : leader.protocols[0].name;
  int best = 0;
  for (const auto& [name, n] : votes) best = std::max(best, n);
  for (const auto& p : leader.protocols) {
    auto it = votes.find(p.name);
    if (it != votes.end() && it->second == best) return p.name;
  }
  return votes.begin()->first;  // unreachable: every candidate is one of the leader's
}

std::string Group::ElectLeader() const {
  if (members.count(leader_id) != 0) return leader_id;
  const Member* first = nullptr;
  for (const auto& [id, m] : members) {
    if (first == nullptr || m.join_seq < first->join_seq) first = &m;
  }
  return first == nullptr ? std::string() : first->id;
}

}  // namespace kconnect::broker::group::internal
