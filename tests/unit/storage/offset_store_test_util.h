#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kconnect::worker::storage::testing {

// Builds the bytes Apache Kafka's Java FileOffsetBackingStore writes: a
// Java-serialized HashMap<byte[], byte[]> laid out as in runtime spec §4.
// `null` values become TC_NULL.
std::string JavaSerializedOffsets(
    const std::vector<std::pair<std::string, std::optional<std::string>>>& entries);

// Decodes a hex string ("aced0005...") into bytes.
std::string FromHex(const std::string& hex);

}  // namespace kconnect::worker::storage::testing
