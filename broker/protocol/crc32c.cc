#include "broker/protocol/crc32c.h"

#include <isa-l.h>

#include <limits>

namespace kconnect::broker::protocol {

uint32_t Crc32cExtend(uint32_t crc, const void* data, size_t len) {
  // ISA-L's crc32_iscsi neither inverts its seed nor its result: the standard
  // CRC-32C is ~crc32_iscsi(buf, len, ~0). Passing ~crc as the seed and
  // inverting the result turns a finished CRC back into the running register,
  // which is what makes extending work (and Crc32cExtend(0, ...) == Crc32c).
  // It takes a non-const pointer and an int length, hence the cast and the
  // chunking for inputs beyond INT_MAX.
  auto* p = static_cast<unsigned char*>(const_cast<void*>(data));
  uint32_t reg = ~crc;
  constexpr size_t kMaxChunk = static_cast<size_t>(std::numeric_limits<int>::max());
  while (len > 0) {
    size_t n = len < kMaxChunk ? len : kMaxChunk;
    reg = crc32_iscsi(p, static_cast<int>(n), reg);
    p += n;
    len -= n;
  }
  return ~reg;
}

uint32_t Crc32c(const void* data, size_t len) { return Crc32cExtend(0, data, len); }

}  // namespace kconnect::broker::protocol
