#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace kconnect::worker::storage {

// True when `bytes` begins with the Java Object Serialization header
// `AC ED 00 05`, i.e. the file was written by Apache Kafka's Java
// `FileOffsetBackingStore`.
bool IsJavaSerialized(std::string_view bytes);

// True when `bytes` is a non-empty proper prefix of that header: a Java file
// cut off inside its first four bytes.
bool IsTruncatedJavaHeader(std::string_view bytes);

// Reads the offsets from a Java-serialized `java.util.HashMap<byte[], byte[]>`
// as Kafka's `FileOffsetBackingStore` writes it (runtime spec §4): the HashMap
// class descriptor with its `loadFactor`/`threshold` fields, the block with
// capacity and size, then `size` key/value byte arrays, the `[B` descriptor
// given once and referenced afterwards, values possibly `null`.
//
// Only that subset is accepted; anything else (another class, a null key,
// unknown type codes, trailing bytes, a truncated stream) returns nullopt with
// `*error` describing the problem and its byte offset. No Java code is ever
// instantiated: this is a byte parser, not a deserializer.
// Pure function; thread-safe.
std::optional<std::map<std::string, std::optional<std::string>>> ReadJavaSerializedOffsets(
    std::string_view bytes, std::string* error);

}  // namespace kconnect::worker::storage
