// Worker: reading and changing connector offsets (KIP-875; Java's
// Worker.connectorOffsets / modifyConnectorOffsets).

#include <spdlog/spdlog.h>

#include <algorithm>
#include <regex>

#include "kconnect/errors.h"
#include "worker/runtime/connector_config.h"
#include "worker/runtime/connector_offsets.h"
#include "worker/runtime/offset_storage.h"
#include "worker/runtime/worker.h"

namespace kconnect::worker::runtime {

namespace {

using herder::ConnectorOffset;
using OffsetList = std::vector<ConnectorOffset>;

// What a connector's AlterOffsets threw, as the REST message: a
// ConnectException's own text (Java: ConnectUtils.maybeWrap), anything else
// wrapped.
std::string RejectionMessage(const std::string& connector) {
  try {
    throw;
  } catch (const kconnect::ConnectException& e) {
    return e.what();
  } catch (const std::exception& e) {
    return "Failed to modify offsets for connector " + connector + ": " + e.what();
  } catch (...) {
    return "Failed to modify offsets for connector " + connector;
  }
}

// Java's "zombie sink tasks" text: the group still has members.
std::string GroupHasMembersMessage(const std::string& connector, const std::string& what) {
  return "Failed to " + what + " consumer group offsets for connector " + connector +
         " either because its tasks haven't stopped completely yet or the connector was resumed "
         "before the request to " + what +
         " its offsets could be successfully completed. If the connector is in a stopped state, "
         "this operation can be safely retried. If it doesn't eventually succeed, the Connect "
         "cluster may need to be restarted to get rid of the zombie sink tasks.";
}

// The key and value bytes the source tasks' offset writer would produce, and
// the maps the connector sees: read back from those bytes, as Java
// normalises them through its JSON converter (integers become int64).
struct SourceWrite {
  std::vector<std::pair<std::string, std::optional<std::string>>> entries;
  std::vector<std::pair<std::optional<kconnect::OffsetMap>, std::optional<kconnect::OffsetMap>>>
      normalized;
};

util::Result<SourceWrite> PrepareSourceWrite(const std::string& connector,
                                             const OffsetList& offsets) {
  SourceWrite out;
  for (const auto& [partition, offset] : offsets) {
    try {
      std::string key = SerializeOffsetKey(connector, partition);
      std::optional<std::string> value;
      if (offset) value = SerializeOffsetMap(*offset);
      std::optional<kconnect::OffsetMap> partition_read;
      if (partition) partition_read = ParseOffsetMap(SerializeOffsetMap(*partition));
      std::optional<kconnect::OffsetMap> offset_read;
      if (value) offset_read = ParseOffsetMap(*value);
      if ((partition && !partition_read) || (value && !offset_read)) {
        return util::BadRequest("The offsets cannot be stored as JSON: " + key + " -> " +
                                value.value_or("null"));
      }
      out.entries.emplace_back(std::move(key), std::move(value));
      out.normalized.emplace_back(std::move(partition_read), std::move(offset_read));
    } catch (const kconnect::DataException& e) {
      return util::BadRequest(e.what());
    }
  }
  return out;
}

}  // namespace

util::Result<std::unique_ptr<kconnect::Connector>> Worker::NewConnectorFor(
    const Props& connector_config) const {
  auto cls = connector_config.find(kConnectorClassConfig);
  if (cls == connector_config.end()) {
    return util::BadRequest("Connector config contains no connector type");
  }
  return plugins_.NewConnector(cls->second);
}

std::vector<ConnectorOffset> Worker::SourceOffsets(const std::string& connector) const {
  OffsetList out;
  for (const auto& [key, value] : offsets_.All()) {
    std::string owner;
    std::optional<kconnect::OffsetMap> partition;
    if (!ParseOffsetKey(key, &owner, &partition) || owner != connector) continue;
    if (!value) continue;  // reset
    auto offset = ParseOffsetMap(*value);
    if (!offset) {
      spdlog::warn("[{}] Ignoring an offset that is not a JSON object: {} -> {}", connector, key,
                   *value);
      continue;
    }
    out.push_back({std::move(partition), std::move(offset)});
  }
  return out;
}

util::Result<std::map<kconnect::TopicPartition, int64_t>> Worker::SinkCommittedOffsets(
    kafka::Admin& admin, const std::string& group, const Props& connector_config) const {
  std::map<kconnect::TopicPartition, int64_t> committed;
  kafka::KafkaError error = admin.ListConsumerGroupOffsets(group, nullptr, &committed);
  if (!error.Ok()) return util::Internal(error.message);
  if (!committed.empty()) return committed;
  // Nothing may also mean a broker that cannot list a group's offsets
  // without being told the partitions (see Admin): ask for those of the
  // topics the sink consumes. Offsets of topics it no longer consumes are
  // then not seen.
  std::map<std::string, int> topics;
  error = admin.Topics(&topics);
  if (!error.Ok()) return util::Internal(error.message);
  const std::vector<std::string> listed = SinkTopics(connector_config);
  std::optional<std::regex> pattern;
  if (auto re = connector_config.find("topics.regex");
      re != connector_config.end() && !re->second.empty()) {
    try {
      pattern.emplace(re->second);
    } catch (const std::regex_error& e) {
      return util::BadRequest("Invalid topics.regex " + re->second + ": " + e.what());
    }
  }
  std::vector<kconnect::TopicPartition> partitions;
  for (const auto& [topic, count] : topics) {
    const bool consumed = std::find(listed.begin(), listed.end(), topic) != listed.end() ||
                          (pattern && std::regex_match(topic, *pattern));
    for (int p = 0; consumed && p < count; ++p) partitions.push_back({topic, p});
  }
  if (partitions.empty()) return committed;
  error = admin.ListConsumerGroupOffsets(group, &partitions, &committed);
  if (!error.Ok()) return util::Internal(error.message);
  return committed;
}

util::Result<std::vector<ConnectorOffset>> Worker::ConnectorOffsets(
    const std::string& connector, const Props& connector_config, bool is_sink) const {
  if (!is_sink) return SourceOffsets(connector);
  auto admin = kafka::Admin::Create(AdminProps(connector, connector_config),
                                    "offsets admin client of " + connector);
  if (!admin) return admin.Error();
  const std::string group = SinkGroupId(connector, connector_config);
  auto committed = SinkCommittedOffsets(*admin.Value(), group, connector_config);
  if (!committed) {
    return util::Error{committed.Error().status,
                       "Failed to retrieve consumer group offsets for sink connector " +
                           connector + " (group " + group + "): " + committed.Error().message};
  }
  return SinkConnectorOffsets(*committed);
}

util::Result<std::string> Worker::ModifyConnectorOffsets(
    const std::string& connector, const Props& connector_config, bool is_sink,
    const std::optional<OffsetList>& offsets) const {
  return is_sink ? ModifySinkOffsets(connector, connector_config, offsets)
                 : ModifySourceOffsets(connector, connector_config, offsets);
}

util::Result<std::string> Worker::ModifySourceOffsets(const std::string& connector,
                                                      const Props& connector_config,
                                                      const std::optional<OffsetList>& offsets) const {
  const bool reset = !offsets;
  OffsetList requested;
  if (reset) {
    for (auto& known : SourceOffsets(connector)) requested.push_back({known.partition, std::nullopt});
  } else {
    requested = *offsets;
  }
  auto write = PrepareSourceWrite(connector, requested);
  if (!write) return write.Error();
  auto instance = NewConnectorFor(connector_config);
  if (!instance) return instance.Error();
  auto* source = dynamic_cast<kconnect::SourceConnector*>(instance.Value().get());
  if (source == nullptr) return util::Internal("Connector " + connector + " is not a source connector");
  bool handled = false;
  try {
    handled = source->AlterOffsets(connector_config, write->normalized);
  } catch (...) {
    return util::Internal(RejectionMessage(connector));
  }
  if (write->entries.empty()) {
    spdlog::info("[{}] No offsets to {}: none were committed yet, or they were reset already",
                 connector, reset ? "reset" : "alter");
  } else {
    std::string error;
    if (!offsets_.Set(write->entries, &error)) {
      return util::Internal("Failed to " + std::string(reset ? "reset" : "alter") +
                            " offsets for connector " + connector + ": " + error);
    }
    spdlog::info("[{}] {} offsets of {} source partition(s)", connector,
                 reset ? "Reset" : "Altered", write->entries.size());
  }
  return ModifiedOffsetsMessage(handled, reset);
}

util::Result<std::string> Worker::ModifySinkOffsets(const std::string& connector,
                                                    const Props& connector_config,
                                                    const std::optional<OffsetList>& offsets) const {
  const bool reset = !offsets;
  SinkOffsets parsed;
  if (!reset) {
    auto checked = ParseSinkConnectorOffsets(*offsets);
    if (!checked) return checked.Error();
    parsed = std::move(checked).Value();
  }
  auto instance = NewConnectorFor(connector_config);
  if (!instance) return instance.Error();
  auto* sink = dynamic_cast<kconnect::SinkConnector*>(instance.Value().get());
  if (sink == nullptr) return util::Internal("Connector " + connector + " is not a sink connector");
  auto admin = kafka::Admin::Create(AdminProps(connector, connector_config),
                                    "offsets admin client of " + connector);
  if (!admin) return admin.Error();
  const std::string group = SinkGroupId(connector, connector_config);
  if (reset) {
    // The connector is told which partitions lose their offsets.
    auto committed = SinkCommittedOffsets(*admin.Value(), group, connector_config);
    if (!committed) {
      return util::Error{committed.Error().status,
                         "Failed to reset consumer group offsets for connector " + connector +
                             ": " + committed.Error().message};
    }
    for (const auto& [tp, offset] : *committed) parsed.emplace_back(tp, std::nullopt);
  }
  bool handled = false;
  try {
    handled = sink->AlterOffsets(connector_config, parsed);
  } catch (...) {
    return util::Internal(RejectionMessage(connector));
  }

  if (reset) {
    kafka::KafkaError deleted = admin.Value()->DeleteGroup(group);
    // A group already gone was reset before: resetting is idempotent.
    if (!deleted.Ok() && deleted.code != RD_KAFKA_RESP_ERR_GROUP_ID_NOT_FOUND) {
      if (deleted.code == RD_KAFKA_RESP_ERR_NON_EMPTY_GROUP) {
        return util::Internal(GroupHasMembersMessage(connector, "reset"));
      }
      return util::Internal("Failed to reset consumer group offsets for connector " + connector +
                            ": " + deleted.message);
    }
    spdlog::info("[{}] Reset the offsets of consumer group {}", connector, group);
    return ModifiedOffsetsMessage(handled, true);
  }

  std::map<kconnect::TopicPartition, int64_t> to_alter;
  std::vector<kconnect::TopicPartition> to_reset;
  for (const auto& [tp, offset] : parsed) {
    if (offset) {
      to_alter[tp] = *offset;
    } else {
      to_reset.push_back(tp);
    }
  }
  std::vector<kafka::KafkaError> errors;
  if (!to_alter.empty()) errors.push_back(admin.Value()->AlterConsumerGroupOffsets(group, to_alter));
  if (!to_reset.empty()) {
    kafka::KafkaError deleted = admin.Value()->DeleteConsumerGroupOffsets(group, to_reset);
    // No group, no offsets to reset.
    if (deleted.code != RD_KAFKA_RESP_ERR_GROUP_ID_NOT_FOUND) errors.push_back(deleted);
  }
  for (const auto& error : errors) {
    if (error.Ok()) continue;
    // Only members may commit while the group is not empty, and offsets of
    // a topic the group consumes cannot be deleted.
    if (error.code == RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID ||
        error.code == RD_KAFKA_RESP_ERR_GROUP_SUBSCRIBED_TO_TOPIC ||
        error.code == RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION ||
        error.code == RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS) {
      return util::Internal(GroupHasMembersMessage(connector, "alter"));
    }
    return util::Internal("Failed to alter consumer group offsets for connector " + connector +
                          ": " + error.message);
  }
  spdlog::info("[{}] Altered {} and reset {} offset(s) of consumer group {}", connector,
               to_alter.size(), to_reset.size(), group);
  return ModifiedOffsetsMessage(handled, false);
}

}  // namespace kconnect::worker::runtime
