#pragma once
// KIP-875 helpers shared by every herder: the sink connector offset format
// (Java: SinkUtils) and the success messages of an offsets change.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kconnect/records.h"
#include "worker/herder/herder.h"
#include "worker/util/result.h"

namespace kconnect::worker::runtime {

inline constexpr const char* kKafkaTopicKey = "kafka_topic";
inline constexpr const char* kKafkaPartitionKey = "kafka_partition";
inline constexpr const char* kKafkaOffsetKey = "kafka_offset";

// Partition -> offset to commit, nullopt to reset (what SinkConnector::AlterOffsets gets).
using SinkOffsets = std::vector<std::pair<kconnect::TopicPartition, std::optional<int64_t>>>;

// Reads sink offsets from the REST shape. Partition and offset numbers may be
// JSON numbers or numeric strings (both "10" and 10, as Java parses
// String.valueOf(value)). A partition given twice keeps its last offset.
// Errors (400) name what is wrong, with Java's texts where Java has one.
util::Result<SinkOffsets> ParseSinkConnectorOffsets(
    const std::vector<herder::ConnectorOffset>& offsets);

// A consumer group's committed offsets in the REST shape, ordered by partition.
std::vector<herder::ConnectorOffset> SinkConnectorOffsets(
    const std::map<kconnect::TopicPartition, int64_t>& committed);

// Java's Worker.completeModifyOffsetsCallback: `connector_handled` is what the
// connector's AlterOffsets returned; `reset` tells DELETE from PATCH.
std::string ModifiedOffsetsMessage(bool connector_handled, bool reset);

}  // namespace kconnect::worker::runtime
