#include "broker/protocol/reader.h"

#include <cstdint>
#include <string>

namespace kconnect::broker::protocol {

void Reader::Fail(StatusCode code, std::string message) {
  if (!status_.IsOk()) return;
  status_ = protocol::Status(code, std::move(message) + " at byte " + std::to_string(pos_));
}

bool Reader::Need(size_t n) {
  if (!Ok()) return false;
  if (size_ - pos_ < n) {
    Fail(StatusCode::kTruncated, "truncated input: need " + std::to_string(n) + " bytes, have " +
                                     std::to_string(size_ - pos_));
    return false;
  }
  return true;
}

int8_t Reader::ReadInt8() {
  if (!Need(1)) return 0;
  return static_cast<int8_t>(data_[pos_++]);
}

uint16_t Reader::ReadUint16() {
  if (!Need(2)) return 0;
  uint16_t v = static_cast<uint16_t>((data_[pos_] << 8) | data_[pos_ + 1]);
  pos_ += 2;
  return v;
}

int16_t Reader::ReadInt16() { return static_cast<int16_t>(ReadUint16()); }

uint32_t Reader::ReadUint32() {
  if (!Need(4)) return 0;
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | data_[pos_ + i];
  pos_ += 4;
  return v;
}

int32_t Reader::ReadInt32() { return static_cast<int32_t>(ReadUint32()); }

int64_t Reader::ReadInt64() {
  if (!Need(8)) return 0;
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | data_[pos_ + i];
  pos_ += 8;
  return static_cast<int64_t>(v);
}

uint64_t Reader::ReadUnsignedVarlong() {
  uint64_t value = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    if (!Need(1)) return 0;
    uint8_t b = data_[pos_++];
    // The 10th byte may only carry the top bit of a 64-bit value.
    if (shift == 63 && (b & 0xfe) != 0) {
      Fail(StatusCode::kMalformed, "varlong longer than 64 bits");
      return 0;
    }
    value |= static_cast<uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) return value;
  }
  Fail(StatusCode::kMalformed, "varlong longer than 10 bytes");
  return 0;
}

uint32_t Reader::ReadUnsignedVarint() {
  uint32_t value = 0;
  for (int shift = 0; shift < 35; shift += 7) {
    if (!Need(1)) return 0;
    uint8_t b = data_[pos_++];
    // The 5th byte may only carry the top 4 bits of a 32-bit value.
    if (shift == 28 && (b & 0xf0) != 0) {
      Fail(StatusCode::kMalformed, "varint longer than 32 bits");
      return 0;
    }
    value |= static_cast<uint32_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) return value;
  }
  Fail(StatusCode::kMalformed, "varint longer than 5 bytes");
  return 0;
}

int32_t Reader::ReadVarint() {
  uint32_t u = ReadUnsignedVarint();
  return static_cast<int32_t>((u >> 1) ^ (~(u & 1) + 1));
}

int64_t Reader::ReadVarlong() {
  uint64_t u = ReadUnsignedVarlong();
  return static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1));
}

std::span<const uint8_t> Reader::ReadRaw(size_t n) {
  if (!Need(n)) return {};
  std::span<const uint8_t> out(data_ + pos_, n);
  pos_ += n;
  return out;
}

Reader Reader::Sub(size_t n) {
  std::span<const uint8_t> raw = ReadRaw(n);
  Reader sub(raw.data(), raw.size());
  if (!Ok()) sub.Fail(status_.Code(), status_.Message());
  return sub;
}

namespace {

// Decodes a length prefix. Returns -1 for null, -2 after recording a failure.
int64_t ReadLength(Reader& r, bool compact, bool wide) {
  int64_t len;
  if (compact) {
    len = static_cast<int64_t>(r.ReadUnsignedVarint()) - 1;
  } else {
    len = wide ? r.ReadInt32() : r.ReadInt16();
    if (len < -1) {
      r.Fail(StatusCode::kMalformed, "negative length " + std::to_string(len));
      return -2;
    }
  }
  if (!r.Ok()) return -2;
  return len;
}

}  // namespace

std::optional<std::string> Reader::ReadNullableString(bool compact) {
  int64_t len = ReadLength(*this, compact, /*wide=*/false);
  if (len < 0) return std::nullopt;
  std::span<const uint8_t> raw = ReadRaw(static_cast<size_t>(len));
  if (!Ok()) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(raw.data()), raw.size());
}

std::string Reader::ReadString(bool compact) {
  size_t at = pos_;
  int64_t len = ReadLength(*this, compact, /*wide=*/false);
  if (len == -1) {
    pos_ = at;
    Fail(StatusCode::kMalformed, "null string where the version does not allow null");
  }
  if (len < 0) return {};
  std::span<const uint8_t> raw = ReadRaw(static_cast<size_t>(len));
  return std::string(reinterpret_cast<const char*>(raw.data()), raw.size());
}

std::optional<std::vector<uint8_t>> Reader::ReadNullableBytes(bool compact) {
  int64_t len = ReadLength(*this, compact, /*wide=*/true);
  if (len < 0) return std::nullopt;
  std::span<const uint8_t> raw = ReadRaw(static_cast<size_t>(len));
  if (!Ok()) return std::nullopt;
  return std::vector<uint8_t>(raw.begin(), raw.end());
}

std::vector<uint8_t> Reader::ReadBytes(bool compact) {
  size_t at = pos_;
  int64_t len = ReadLength(*this, compact, /*wide=*/true);
  if (len == -1) {
    pos_ = at;
    Fail(StatusCode::kMalformed, "null bytes where the version does not allow null");
  }
  if (len < 0) return {};
  std::span<const uint8_t> raw = ReadRaw(static_cast<size_t>(len));
  return std::vector<uint8_t>(raw.begin(), raw.end());
}

int32_t Reader::ReadArrayLength(bool compact, bool nullable, size_t min_element_size) {
  size_t at = pos_;
  int64_t n = ReadLength(*this, compact, /*wide=*/true);
  if (n == -2) return -1;
  if (n == -1) {
    if (!nullable) {
      pos_ = at;
      Fail(StatusCode::kMalformed, "null array where the version does not allow null");
    }
    return -1;
  }
  if (n > INT32_MAX) {
    pos_ = at;
    Fail(StatusCode::kMalformed, "array length " + std::to_string(n) + " out of range");
    return -1;
  }
  if (min_element_size == 0) min_element_size = 1;
  if (static_cast<uint64_t>(n) > (size_ - pos_) / min_element_size) {
    pos_ = at;
    Fail(StatusCode::kTruncated, "array of " + std::to_string(n) + " elements exceeds the " +
                                     std::to_string(size_ - pos_) + " bytes left");
    return -1;
  }
  return static_cast<int32_t>(n);
}

}  // namespace kconnect::broker::protocol
