#include "broker/protocol/writer.h"

namespace kconnect::broker::protocol {

void Writer::WriteInt8(int8_t v) { Put(static_cast<uint8_t>(v)); }

void Writer::WriteUint16(uint16_t v) {
  Put(static_cast<uint8_t>(v >> 8));
  Put(static_cast<uint8_t>(v));
}

void Writer::WriteUint32(uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) Put(static_cast<uint8_t>(v >> shift));
}

void Writer::WriteInt64(int64_t v) {
  uint64_t u = static_cast<uint64_t>(v);
  for (int shift = 56; shift >= 0; shift -= 8) Put(static_cast<uint8_t>(u >> shift));
}

void Writer::WriteUnsignedVarlong(uint64_t v) {
  while (v >= 0x80) {
    Put(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  Put(static_cast<uint8_t>(v));
}

void Writer::WriteUnsignedVarint(uint32_t v) { WriteUnsignedVarlong(v); }

void Writer::WriteVarint(int32_t v) {
  uint32_t u = static_cast<uint32_t>(v);
  WriteUnsignedVarint((u << 1) ^ static_cast<uint32_t>(v >> 31));
}

void Writer::WriteVarlong(int64_t v) {
  uint64_t u = static_cast<uint64_t>(v);
  WriteUnsignedVarlong((u << 1) ^ static_cast<uint64_t>(v >> 63));
}

void Writer::WriteRaw(std::span<const uint8_t> v) {
  if (out_ != nullptr) out_->insert(out_->end(), v.begin(), v.end());
  size_ += v.size();
}

void Writer::WriteString(std::string_view v, bool compact) {
  if (compact) {
    WriteUnsignedVarint(static_cast<uint32_t>(v.size() + 1));
  } else {
    WriteInt16(static_cast<int16_t>(v.size()));
  }
  WriteRaw(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(v.data()), v.size()));
}

void Writer::WriteNullableString(const std::optional<std::string>& v, bool compact) {
  if (v.has_value()) {
    WriteString(*v, compact);
  } else if (compact) {
    WriteUnsignedVarint(0);
  } else {
    WriteInt16(-1);
  }
}

void Writer::WriteBytes(std::span<const uint8_t> v, bool compact) {
  if (compact) {
    WriteUnsignedVarint(static_cast<uint32_t>(v.size() + 1));
  } else {
    WriteInt32(static_cast<int32_t>(v.size()));
  }
  WriteRaw(v);
}

void Writer::WriteNullableBytes(const std::optional<std::vector<uint8_t>>& v, bool compact) {
  if (v.has_value()) {
    WriteBytes(*v, compact);
  } else if (compact) {
    WriteUnsignedVarint(0);
  } else {
    WriteInt32(-1);
  }
}

void Writer::WriteRecords(std::span<const uint8_t> v, bool compact) {
  if (outside_positions_ == nullptr) {
    WriteBytes(v, compact);
    return;
  }
  const uint64_t size = outside_next_ < outside_sizes_.size() ? outside_sizes_[outside_next_] : 0;
  ++outside_next_;
  if (compact) {
    WriteUnsignedVarint(static_cast<uint32_t>(size + 1));
  } else {
    WriteInt32(static_cast<int32_t>(size));
  }
  outside_positions_->push_back(out_ != nullptr ? out_->size() : size_);
  size_ += size;
}

void Writer::WriteNullableRecords(const std::optional<std::vector<uint8_t>>& v, bool compact) {
  if (v.has_value()) {
    WriteRecords(*v, compact);
  } else {
    WriteNullableBytes(std::nullopt, compact);  // null is null, wherever records go
  }
}

void Writer::WriteArrayLength(size_t n, bool compact) {
  if (compact) {
    WriteUnsignedVarint(static_cast<uint32_t>(n + 1));
  } else {
    WriteInt32(static_cast<int32_t>(n));
  }
}

void Writer::WriteNullArray(bool compact) {
  if (compact) {
    WriteUnsignedVarint(0);
  } else {
    WriteInt32(-1);
  }
}

size_t UnsignedVarintSize(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

}  // namespace kconnect::broker::protocol
