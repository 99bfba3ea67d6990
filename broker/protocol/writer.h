#pragma once
// Writer: encoding of Kafka protocol primitives, appended to a byte vector.
//
// A Writer constructed without a buffer only counts bytes; generated code
// uses that to compute a message's encoded size (and the size prefix of a
// tagged field) with exactly the same code path that writes it, so the two can
// never disagree.
//
// Ownership: the output vector is borrowed and must outlive the Writer.
// Thread-safety: none; one Writer per thread.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kconnect::broker::protocol {

class Writer {
 public:
  // Appends to *out (not cleared first).
  explicit Writer(std::vector<uint8_t>* out) : out_(out) {}
  // Counting writer: Size() grows, nothing is stored.
  Writer() : out_(nullptr) {}

  // Bytes written (or counted) by this Writer so far.
  size_t Size() const { return size_; }
  bool Counting() const { return out_ == nullptr; }

  void WriteBool(bool v) { WriteInt8(v ? 1 : 0); }
  void WriteInt8(int8_t v);
  void WriteInt16(int16_t v) { WriteUint16(static_cast<uint16_t>(v)); }
  void WriteInt32(int32_t v) { WriteUint32(static_cast<uint32_t>(v)); }
  void WriteInt64(int64_t v);
  void WriteUint16(uint16_t v);
  void WriteUint32(uint32_t v);

  // Zig-zag signed varints and LEB128 unsigned varints.
  void WriteVarint(int32_t v);
  void WriteVarlong(int64_t v);
  void WriteUnsignedVarint(uint32_t v);
  void WriteUnsignedVarlong(uint64_t v);

  // Strings: classic = int16 length, compact = uvarint length+1.
  // REQUIRES: size fits the prefix (32767 bytes for classic strings).
  void WriteString(std::string_view v, bool compact);
  // Null is -1 (classic) or 0 (compact).
  void WriteNullableString(const std::optional<std::string>& v, bool compact);
  void WriteBytes(std::span<const uint8_t> v, bool compact);
  void WriteNullableBytes(const std::optional<std::vector<uint8_t>>& v, bool compact);
  // A records field: bytes, unless records are placed outside the buffer
  // (below), when only its length is written.
  void WriteRecords(std::span<const uint8_t> v, bool compact);
  void WriteNullableRecords(const std::optional<std::vector<uint8_t>>& v, bool compact);

  // Records placed outside the buffer. A Fetch response's records are sent
  // from the segment files themselves (sendfile), never copied into the
  // response: from this call on, the i-th records field written gets length
  // `sizes[i]` and none of its bytes (its own value is ignored), and its
  // place (the buffer's size just after the length) is appended to
  // *positions. Size() counts those bytes too: it is the size of what the
  // peer receives. REQUIRES: as many records fields follow as `sizes` has,
  // none of them null, and `sizes` outlives the writing.
  void PlaceRecordsOutside(std::span<const uint64_t> sizes, std::vector<size_t>* positions) {
    outside_sizes_ = sizes;
    outside_positions_ = positions;
    outside_next_ = 0;
  }

  // Array prefixes: count (classic int32 / compact count+1), or null.
  void WriteArrayLength(size_t n, bool compact);
  void WriteNullArray(bool compact);
  void WriteRaw(std::span<const uint8_t> v);

 private:
  void Put(uint8_t b) {
    if (out_ != nullptr) out_->push_back(b);
    ++size_;
  }

  std::vector<uint8_t>* out_;
  size_t size_ = 0;
  std::span<const uint64_t> outside_sizes_;
  std::vector<size_t>* outside_positions_ = nullptr;
  size_t outside_next_ = 0;
};

// Encoded size of an unsigned varint.
size_t UnsignedVarintSize(uint64_t v);

}  // namespace kconnect::broker::protocol
