#include "worker/runtime/connector_offsets.h"

#include <charconv>

namespace kconnect::worker::runtime {

namespace {

// Java's Integer.parseInt / Long.parseLong: an optional sign, then decimal
// digits only, within range.
template <typename T>
bool ParseJavaInteger(const std::string& text, T* out) {
  std::string_view digits = text;
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  if (digits.empty() || digits.front() == '+') return false;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), *out);
  return ec == std::errc() && end == digits.data() + digits.size();
}

}  // namespace

util::Result<SinkOffsets> ParseSinkConnectorOffsets(
    const std::vector<herder::ConnectorOffset>& offsets) {
  std::map<kconnect::TopicPartition, std::optional<int64_t>> parsed;
  for (const auto& entry : offsets) {
    if (!entry.partition) {
      return util::BadRequest("The partition for a sink connector offset cannot be null or missing");
    }
    const kconnect::Value* topic = kconnect::FindOffsetField(*entry.partition, kKafkaTopicKey);
    const kconnect::Value* partition =
        kconnect::FindOffsetField(*entry.partition, kKafkaPartitionKey);
    if (topic == nullptr || partition == nullptr) {
      return util::BadRequest(std::string("The partition for a sink connector offset must contain "
                                          "the keys '") +
                              kKafkaTopicKey + "' and '" + kKafkaPartitionKey + "'");
    }
    if (topic->IsNull()) {
      return util::BadRequest("Kafka topic names must be valid strings and may not be null");
    }
    if (partition->IsNull()) {
      return util::BadRequest("Kafka partitions must be valid numbers and may not be null");
    }
    kconnect::TopicPartition tp{topic->ToJavaString(), 0};
    const std::string partition_text = partition->ToJavaString();
    if (!ParseJavaInteger(partition_text, &tp.partition)) {
      return util::BadRequest("Failed to parse the following Kafka partition value in the provided "
                              "offsets: '" + partition_text +
                              "'. Partition values for sink connectors need to be integers.");
    }
    // Java would pass these on and fail in the admin client with a 500;
    // they are the caller's mistake, so 400.
    if (tp.topic.empty()) return util::BadRequest("Kafka topic names may not be empty");
    if (tp.partition < 0) {
      return util::BadRequest("Kafka partitions may not be negative, but got " + partition_text +
                              " for topic '" + tp.topic + "'");
    }
    if (!entry.offset) {
      parsed[tp] = std::nullopt;  // reset this partition
      continue;
    }
    const kconnect::Value* offset = kconnect::FindOffsetField(*entry.offset, kKafkaOffsetKey);
    if (offset == nullptr) {
      return util::BadRequest(std::string("The offset for a sink connector should either be null "
                                          "or contain the key '") +
                              kKafkaOffsetKey + "'");
    }
    const std::string offset_text = offset->ToJavaString();
    int64_t value = 0;
    if (!ParseJavaInteger(offset_text, &value)) {
      return util::BadRequest("Failed to parse the following Kafka offset value in the provided "
                              "offsets: '" + offset_text +
                              "'. Offset values for sink connectors need to be integers.");
    }
    if (value < 0) {
      return util::BadRequest("Kafka offsets may not be negative, but got " + offset_text +
                              " for " + tp.ToString());
    }
    parsed[tp] = value;
  }
  return SinkOffsets(parsed.begin(), parsed.end());
}

std::vector<herder::ConnectorOffset> SinkConnectorOffsets(
    const std::map<kconnect::TopicPartition, int64_t>& committed) {
  std::vector<herder::ConnectorOffset> out;
  for (const auto& [tp, offset] : committed) {
    herder::ConnectorOffset entry;
    entry.partition = kconnect::OffsetMap{{kKafkaTopicKey, kconnect::Value(tp.topic)},
                                          {kKafkaPartitionKey, kconnect::Value(tp.partition)}};
    entry.offset = kconnect::OffsetMap{{kKafkaOffsetKey, kconnect::Value(offset)}};
    out.push_back(std::move(entry));
  }
  return out;
}

std::string ModifiedOffsetsMessage(bool connector_handled, bool reset) {
  const std::string what = reset ? "reset" : "altered";
  if (connector_handled) return "The offsets for this connector have been " + what + " successfully";
  return "The Connect framework-managed offsets for this connector have been " + what +
         " successfully. However, if this connector manages offsets externally, they will need to "
         "be manually " +
         what + " in the system that the connector uses.";
}

}  // namespace kconnect::worker::runtime
