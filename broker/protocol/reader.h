#pragma once
// Reader: bounds-checked decoding of Kafka protocol primitives from a byte span.
//
// Every read checks the remaining length first. The first failure is sticky:
// the reader records it, every later read returns a zero/empty value without
// touching memory, and Status() reports the first problem. Generated message
// code therefore reads field after field and checks Ok() only at loop
// boundaries, yet cannot run past the end of the input or loop on garbage:
// array and string lengths are capped by the bytes that remain.
//
// Ownership: the Reader does not own the bytes; they must outlive it.
// Thread-safety: none; one Reader per thread.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "broker/protocol/status.h"

namespace kconnect::broker::protocol {

class Reader {
 public:
  Reader(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  explicit Reader(std::span<const uint8_t> bytes) : Reader(bytes.data(), bytes.size()) {}

  bool Ok() const { return status_.IsOk(); }
  // The first failure, or OK.
  const protocol::Status& Status() const { return status_; }
  size_t Position() const { return pos_; }
  size_t Remaining() const { return Ok() ? size_ - pos_ : 0; }

  // Records a failure (the first one wins) and stops all further reads.
  void Fail(StatusCode code, std::string message);

  // Fixed-width big-endian integers. Booleans: any non-zero byte is true.
  bool ReadBool() { return ReadInt8() != 0; }
  int8_t ReadInt8();
  int16_t ReadInt16();
  int32_t ReadInt32();
  int64_t ReadInt64();
  uint16_t ReadUint16();
  uint32_t ReadUint32();

  // Zig-zag signed varints (record-level fields) and LEB128 unsigned varints
  // (KIP-482 lengths and tags). At most 5 bytes for 32-bit, 10 for 64-bit.
  int32_t ReadVarint();
  int64_t ReadVarlong();
  uint32_t ReadUnsignedVarint();
  uint64_t ReadUnsignedVarlong();

  // Strings: classic = int16 length (-1 = null); compact = uvarint length+1
  // (0 = null). The non-nullable forms fail on null.
  std::string ReadString(bool compact);
  std::optional<std::string> ReadNullableString(bool compact);

  // Bytes: classic = int32 length (-1 = null); compact = uvarint length+1.
  std::vector<uint8_t> ReadBytes(bool compact);
  std::optional<std::vector<uint8_t>> ReadNullableBytes(bool compact);

  // Array element count: classic int32 (-1 = null), compact uvarint count+1
  // (0 = null). Returns -1 for null (a failure when !nullable) and never more
  // than Remaining() / min_element_size, since every element occupies at least
  // that many bytes; a larger count fails as truncated.
  int32_t ReadArrayLength(bool compact, bool nullable, size_t min_element_size = 1);

  // Copies or skips n raw bytes.
  std::span<const uint8_t> ReadRaw(size_t n);
  void Skip(size_t n) { (void)ReadRaw(n); }

  // A reader over the next n bytes, consuming them from this one (used for
  // tagged-field values, whose size is known up front). On failure returns an
  // empty, failed reader.
  Reader Sub(size_t n);

 private:
  // True if n more bytes are available; otherwise records kTruncated.
  bool Need(size_t n);

  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
  protocol::Status status_;
};

}  // namespace kconnect::broker::protocol
