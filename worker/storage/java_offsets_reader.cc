#include "worker/storage/java_offsets_reader.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <vector>

namespace kconnect::worker::storage {
namespace {

// Java Object Serialization constants (java.io.ObjectStreamConstants).
constexpr uint8_t kTcNull = 0x70;
constexpr uint8_t kTcReference = 0x71;
constexpr uint8_t kTcClassDesc = 0x72;
constexpr uint8_t kTcObject = 0x73;
constexpr uint8_t kTcArray = 0x75;
constexpr uint8_t kTcBlockData = 0x77;
constexpr uint8_t kTcEndBlockData = 0x78;
constexpr uint32_t kBaseWireHandle = 0x7e0000;
constexpr uint8_t kScWriteMethod = 0x01;
constexpr uint8_t kScSerializable = 0x02;

constexpr int64_t kHashMapSerialVersionUid = 362498820763181265LL;
constexpr uint64_t kByteArraySerialVersionUid = 0xacf317f8060854e0ULL;

constexpr char kMagic[] = "\xAC\xED\x00\x05";
constexpr size_t kMagicSize = 4;

// Thrown inside this file only; ReadJavaSerializedOffsets turns it into a value.
class ParseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::string Hex(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "0x%02x", v);
  return buf;
}

// A bounds-checked big-endian reader over the stream.
class Cursor {
 public:
  explicit Cursor(std::string_view bytes) : bytes_(bytes) {}

  size_t Offset() const { return pos_; }
  bool AtEnd() const { return pos_ == bytes_.size(); }

  void Need(size_t n) const {
    if (bytes_.size() - pos_ < n) {
      throw ParseError("truncated at byte " + std::to_string(bytes_.size()) + " (needed " +
                       std::to_string(n) + " more bytes at offset " + std::to_string(pos_) + ")");
    }
  }
  uint8_t U8() {
    Need(1);
    return static_cast<uint8_t>(bytes_[pos_++]);
  }
  uint16_t U16() {
    const uint16_t hi = U8();
    return static_cast<uint16_t>((hi << 8) | U8());
  }
  uint32_t U32() {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | U8();
    return v;
  }
  uint64_t U64() {
    const uint64_t hi = U32();
    return (hi << 32) | U32();
  }
  std::string_view View(size_t n) {
    Need(n);
    std::string_view out = bytes_.substr(pos_, n);
    pos_ += n;
    return out;
  }
  // A modified-UTF-8 string with a 16-bit length (class and field names).
  std::string Utf() { return std::string(View(U16())); }

  // Reads one byte and fails unless it is `expected`.
  void Expect(uint8_t expected, const char* what) {
    const size_t at = pos_;
    const uint8_t got = U8();
    if (got != expected) {
      throw ParseError("expected " + std::string(what) + " (" + Hex(expected) + ") at offset " +
                       std::to_string(at) + ", found " + Hex(got));
    }
  }

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
};

// Parses the stream layout in runtime spec §4, tracking wire handles so that
// TC_REFERENCE can be resolved.
class HashMapParser {
 public:
  explicit HashMapParser(std::string_view bytes) : in_(bytes) {}

  std::map<std::string, std::optional<std::string>> Parse() {
    if (in_.View(kMagicSize) != std::string_view(kMagic, kMagicSize)) {
      throw ParseError("bad stream header");
    }
    in_.Expect(kTcObject, "TC_OBJECT");
    ReadHashMapClassDesc();
    NewHandle(Handle::kOther);  // the map object itself

    // Fields, in Java's order (primitive fields sorted by name).
    const float load_factor = std::bit_cast<float>(in_.U32());
    in_.U32();  // threshold: recomputed by Java's reader, ignored
    // HashMap.readObject refuses these too.
    if (!(load_factor > 0) || std::isnan(load_factor)) {
      throw ParseError("illegal HashMap load factor");
    }

    in_.Expect(kTcBlockData, "TC_BLOCKDATA");
    const size_t block_at = in_.Offset();
    if (const uint8_t len = in_.U8(); len != 8) {
      throw ParseError("unexpected block data length " + std::to_string(len) + " at offset " +
                       std::to_string(block_at));
    }
    in_.U32();  // bucket count: ignored by Java's reader as well
    const auto size = static_cast<int32_t>(in_.U32());
    if (size < 0) throw ParseError("negative HashMap size " + std::to_string(size));

    std::map<std::string, std::optional<std::string>> entries;
    for (int32_t i = 0; i < size; ++i) {
      const size_t key_at = in_.Offset();
      std::optional<std::string> key = ReadByteArray();
      if (!key) throw ParseError("null key at offset " + std::to_string(key_at));
      entries[std::move(*key)] = ReadByteArray();
    }
    in_.Expect(kTcEndBlockData, "TC_ENDBLOCKDATA");
    if (!in_.AtEnd()) {
      throw ParseError("unexpected data after the HashMap at offset " +
                       std::to_string(in_.Offset()));
    }
    return entries;
  }

 private:
  enum class Handle { kOther, kByteArrayClass, kByteArray };

  uint32_t NewHandle(Handle kind) {
    handles_.push_back(kind);
    return kBaseWireHandle + static_cast<uint32_t>(handles_.size() - 1);
  }

  void ExpectField(char type, const char* name) {
    const size_t at = in_.Offset();
    const uint8_t got_type = in_.U8();
    const std::string got_name = in_.Utf();
    if (got_type != static_cast<uint8_t>(type) || got_name != name) {
      throw ParseError("unexpected HashMap field at offset " + std::to_string(at) + " (expected " +
                       type + " " + name + ")");
    }
  }

  void ReadHashMapClassDesc() {
    in_.Expect(kTcClassDesc, "TC_CLASSDESC");
    const size_t name_at = in_.Offset();
    if (const std::string name = in_.Utf(); name != "java.util.HashMap") {
      throw ParseError("the stored object is a " + name + " (offset " + std::to_string(name_at) +
                       "), not a java.util.HashMap");
    }
    if (static_cast<int64_t>(in_.U64()) != kHashMapSerialVersionUid) {
      throw ParseError("unexpected java.util.HashMap serialVersionUID");
    }
    NewHandle(Handle::kOther);
    if (in_.U8() != (kScSerializable | kScWriteMethod)) {
      throw ParseError("unexpected java.util.HashMap class flags");
    }
    if (const uint16_t fields = in_.U16(); fields != 2) {
      throw ParseError("unexpected java.util.HashMap field count " + std::to_string(fields));
    }
    ExpectField('F', "loadFactor");
    ExpectField('I', "threshold");
    in_.Expect(kTcEndBlockData, "TC_ENDBLOCKDATA");  // no class annotation
    in_.Expect(kTcNull, "TC_NULL");                  // AbstractMap is not Serializable
  }

  // The `[B` class descriptor: in full the first time, then as a reference.
  void ReadByteArrayClassDesc() {
    const size_t at = in_.Offset();
    const uint8_t tc = in_.U8();
    if (tc == kTcReference) {
      const uint32_t handle = in_.U32();
      if (Kind(handle) != Handle::kByteArrayClass) {
        throw ParseError("array at offset " + std::to_string(at) + " is not a byte[]");
      }
      return;
    }
    if (tc != kTcClassDesc) {
      throw ParseError("unexpected type code " + Hex(tc) + " for an array class at offset " +
                       std::to_string(at));
    }
    if (const std::string name = in_.Utf(); name != "[B") {
      throw ParseError("array of class " + name + " at offset " + std::to_string(at) +
                       ", expected byte[]");
    }
    if (in_.U64() != kByteArraySerialVersionUid) {
      throw ParseError("unexpected byte[] serialVersionUID");
    }
    NewHandle(Handle::kByteArrayClass);
    if (in_.U8() != kScSerializable || in_.U16() != 0) {
      throw ParseError("unexpected byte[] class descriptor at offset " + std::to_string(at));
    }
    in_.Expect(kTcEndBlockData, "TC_ENDBLOCKDATA");
    in_.Expect(kTcNull, "TC_NULL");
  }

  // A key or value: a byte array, a reference to one read earlier, or null.
  std::optional<std::string> ReadByteArray() {
    const size_t at = in_.Offset();
    const uint8_t tc = in_.U8();
    if (tc == kTcNull) return std::nullopt;
    if (tc == kTcReference) {
      const uint32_t handle = in_.U32();
      if (Kind(handle) != Handle::kByteArray) {
        throw ParseError("reference at offset " + std::to_string(at) + " is not a byte[]");
      }
      return std::string(arrays_.at(handle));
    }
    if (tc != kTcArray) {
      throw ParseError("unexpected type code " + Hex(tc) + " at offset " + std::to_string(at) +
                       ", expected a byte[] or null");
    }
    ReadByteArrayClassDesc();
    const uint32_t handle = NewHandle(Handle::kByteArray);
    const auto length = static_cast<int32_t>(in_.U32());
    if (length < 0) {
      throw ParseError("negative array length at offset " + std::to_string(at));
    }
    const std::string_view bytes = in_.View(static_cast<size_t>(length));
    arrays_[handle] = bytes;
    return std::string(bytes);
  }

  Handle Kind(uint32_t handle) const {
    if (handle < kBaseWireHandle || handle - kBaseWireHandle >= handles_.size()) {
      throw ParseError("reference to unknown handle " + Hex(handle));
    }
    return handles_[handle - kBaseWireHandle];
  }

  Cursor in_;
  std::vector<Handle> handles_;
  // Contents of every array read so far, by handle; views into the input.
  std::map<uint32_t, std::string_view> arrays_;
};

}  // namespace

bool IsJavaSerialized(std::string_view bytes) {
  return bytes.substr(0, kMagicSize) == std::string_view(kMagic, kMagicSize);
}

bool IsTruncatedJavaHeader(std::string_view bytes) {
  return !bytes.empty() && bytes.size() < kMagicSize &&
         std::string_view(kMagic, kMagicSize).substr(0, bytes.size()) == bytes;
}

std::optional<std::map<std::string, std::optional<std::string>>> ReadJavaSerializedOffsets(
    std::string_view bytes, std::string* error) {
  try {
    return HashMapParser(bytes).Parse();
  } catch (const ParseError& e) {
    *error = e.what();
    return std::nullopt;
  }
}

}  // namespace kconnect::worker::storage
