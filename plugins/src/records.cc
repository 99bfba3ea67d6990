#include "kconnect/records.h"

namespace kconnect {

const Value* FindOffsetField(const OffsetMap& map, const std::string& key) {
  for (const auto& [k, v] : map) {
    if (k == key) return &v;
  }
  return nullptr;
}

SourceRecord::SourceRecord(std::optional<OffsetMap> partition, std::optional<OffsetMap> offset,
                           std::string topic_name, std::optional<int32_t> kafka_partition_id,
                           SchemaPtr value_schema_ptr, Value record_value)
    : source_partition(std::move(partition)), source_offset(std::move(offset)) {
  topic = std::move(topic_name);
  kafka_partition = kafka_partition_id;
  value_schema = std::move(value_schema_ptr);
  value = std::move(record_value);
}

}  // namespace kconnect
