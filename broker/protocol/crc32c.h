#pragma once
// CRC-32C (Castagnoli, iSCSI polynomial 0x1EDC6F41, reflected, init and final
// xor 0xFFFFFFFF): the checksum of Kafka RecordBatch v2 (the bytes from the
// attributes field to the end of the batch). Backed by ISA-L, which picks the
// SSE4.2/PCLMUL implementation at run time.
//
// Thread-safety: pure functions, safe from any thread.

#include <cstddef>
#include <cstdint>

namespace kconnect::broker::protocol {

// The standard CRC-32C of `len` bytes at `data`.
// Crc32c("123456789", 9) == 0xE3069283.
uint32_t Crc32c(const void* data, size_t len);

// Continues a CRC over more bytes: Crc32cExtend(Crc32c(a), b) == Crc32c(a ++ b).
// `crc` is a finished CRC as returned by Crc32c (0 for "no bytes yet").
uint32_t Crc32cExtend(uint32_t crc, const void* data, size_t len);

}  // namespace kconnect::broker::protocol
