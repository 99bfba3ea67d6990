#pragma once

#include <cstdint>
#include <string_view>

namespace kconnect::worker::util {

// Kafka's 32-bit murmur2 hash (`org.apache.kafka.common.utils.Utils.murmur2`,
// seed 0x9747b28c) of the raw bytes of `data`, as the signed int Java returns.
// Pure function; thread-safe.
int32_t Murmur2(std::string_view data);

// The partition the Java producer's default partitioner picks for a non-null
// key (`BuiltInPartitioner.partitionForKey`):
// `(murmur2(key) & 0x7fffffff) % num_partitions`. Internal topics must be
// written with it so that a key lands where a Java worker put it.
// REQUIRES: num_partitions > 0.
int32_t Murmur2Partition(std::string_view key, int32_t num_partitions);

}  // namespace kconnect::worker::util
