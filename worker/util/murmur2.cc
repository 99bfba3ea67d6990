#include "worker/util/murmur2.h"

#include <cassert>

namespace kconnect::worker::util {

int32_t Murmur2(std::string_view data) {
  // Java does this in wrapping int arithmetic; unsigned types give the same
  // bits without signed overflow. `>>>` is a logical shift, as on uint32_t.
  constexpr uint32_t kSeed = 0x9747b28c;
  constexpr uint32_t kM = 0x5bd1e995;
  constexpr int kR = 24;
  const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
  const size_t length = data.size();

  uint32_t h = kSeed ^ static_cast<uint32_t>(length);
  const size_t length4 = length / 4;
  for (size_t i = 0; i < length4; ++i) {
    const size_t i4 = i * 4;
    uint32_t k = static_cast<uint32_t>(bytes[i4]) | (static_cast<uint32_t>(bytes[i4 + 1]) << 8) |
                 (static_cast<uint32_t>(bytes[i4 + 2]) << 16) |
                 (static_cast<uint32_t>(bytes[i4 + 3]) << 24);
    k *= kM;
    k ^= k >> kR;
    k *= kM;
    h *= kM;
    h ^= k;
  }
  const size_t tail = length & ~static_cast<size_t>(3);
  switch (length % 4) {
    case 3:
      h ^= static_cast<uint32_t>(bytes[tail + 2]) << 16;
      [[fallthrough]];
    case 2:
      h ^= static_cast<uint32_t>(bytes[tail + 1]) << 8;
      [[fallthrough]];
    case 1:
      h ^= static_cast<uint32_t>(bytes[tail]);
      h *= kM;
      break;
    default:
      break;
  }
  h ^= h >> 13;
  h *= kM;
  h ^= h >> 15;
  return static_cast<int32_t>(h);
}

int32_t Murmur2Partition(std::string_view key, int32_t num_partitions) {
  assert(num_partitions > 0);
  // Java's Utils.toPositive masks the sign bit rather than taking abs().
  const uint32_t positive = static_cast<uint32_t>(Murmur2(key)) & 0x7fffffffU;
  return static_cast<int32_t>(positive % static_cast<uint32_t>(num_partitions));
}

}  // namespace kconnect::worker::util
