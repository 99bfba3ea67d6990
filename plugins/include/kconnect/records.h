#pragma once
// Records exchanged between tasks and the worker: ConnectRecord (the common
// part, what transformations see), SourceRecord and SinkRecord. They are plain
// value types with public fields; Java's newRecord(...) is simply a copy.

#include <compare>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kconnect/data/schema.h"
#include "kconnect/header.h"

// SDK types keep default visibility even when the including code is built with
// -fvisibility=hidden: the SDK library exports them, and plugins and the worker
// share one identity for their type_info (exceptions, dynamic_cast).
#pragma GCC visibility push(default)
namespace kconnect {

// A string-keyed, insertion-ordered map of primitive values: the shape of
// source partitions and source offsets ({"filename":"a.txt"} / {"position":75}).
// Order matters: offsets are looked up by the exact JSON bytes of the partition
// (runtime.md §3.3), which keep this order.
using OffsetMap = std::vector<std::pair<std::string, Value>>;

// Looks up a key in an OffsetMap; nullptr if absent.
const Value* FindOffsetField(const OffsetMap& map, const std::string& key);

struct TopicPartition {
  std::string topic;
  int32_t partition = 0;
  auto operator<=>(const TopicPartition&) const = default;
  std::string ToString() const { return topic + "-" + std::to_string(partition); }
};

enum class TimestampType { kNoTimestampType, kCreateTime, kLogAppendTime };

struct ConnectRecord {
  std::string topic;
  std::optional<int32_t> kafka_partition;
  SchemaPtr key_schema;
  Value key;
  SchemaPtr value_schema;
  Value value;
  std::optional<int64_t> timestamp;
  Headers headers;

  virtual ~ConnectRecord() = default;
  ConnectRecord() = default;
  ConnectRecord(const ConnectRecord&) = default;
  ConnectRecord(ConnectRecord&&) = default;
  ConnectRecord& operator=(const ConnectRecord&) = default;
  ConnectRecord& operator=(ConnectRecord&&) = default;
};

struct SourceRecord : ConnectRecord {
  // Null (nullopt) partition/offset are allowed, as in Java.
  std::optional<OffsetMap> source_partition;
  std::optional<OffsetMap> source_offset;

  SourceRecord() = default;
  // The common Java constructor SourceRecord(partition, offset, topic, partition,
  // valueSchema, value).
  SourceRecord(std::optional<OffsetMap> partition, std::optional<OffsetMap> offset,
               std::string topic_name, std::optional<int32_t> kafka_partition_id,
               SchemaPtr value_schema_ptr, Value record_value);
};

struct SinkRecord : ConnectRecord {
  int64_t kafka_offset = 0;
  TimestampType timestamp_type = TimestampType::kNoTimestampType;
  // Coordinates before any transformation; offsets are committed on these.
  std::string original_topic;
  int32_t original_kafka_partition = 0;
  int64_t original_kafka_offset = 0;
};

// Metadata of an acknowledged record (Java RecordMetadata).
struct RecordMetadata {
  std::string topic;
  int32_t partition = 0;
  int64_t offset = -1;
  int64_t timestamp = -1;
};

// Sink commit position (Java OffsetAndMetadata).
struct OffsetAndMetadata {
  int64_t offset = 0;
  std::string metadata;
  friend bool operator==(const OffsetAndMetadata&, const OffsetAndMetadata&) = default;
};

}  // namespace kconnect
#pragma GCC visibility pop

template <>
struct std::hash<kconnect::TopicPartition> {
  size_t operator()(const kconnect::TopicPartition& tp) const noexcept {
    return std::hash<std::string>()(tp.topic) * 31 + static_cast<size_t>(tp.partition);
  }
};
