#include "offset_store_test_util.h"

#include <stdexcept>

namespace kconnect::worker::storage::testing {
namespace {

void PutU16(std::string& out, uint16_t v) {
  out.push_back(static_cast<char>(v >> 8));
  out.push_back(static_cast<char>(v & 0xff));
}

void PutU32(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((v >> shift) & 0xff));
}

void PutUtf(std::string& out, const std::string& s) {
  PutU16(out, static_cast<uint16_t>(s.size()));
  out += s;
}

}  // namespace

std::string JavaSerializedOffsets(
    const std::vector<std::pair<std::string, std::optional<std::string>>>& entries) {
  std::string out = FromHex("aced0005");  // STREAM_MAGIC, STREAM_VERSION
  out += FromHex("7372");                 // TC_OBJECT TC_CLASSDESC
  PutUtf(out, "java.util.HashMap");
  out += FromHex("0507dac1c31660d1");  // serialVersionUID 362498820763181265
  out += FromHex("030002");            // SC_SERIALIZABLE|SC_WRITE_METHOD, 2 fields
  out += 'F';
  PutUtf(out, "loadFactor");
  out += 'I';
  PutUtf(out, "threshold");
  out += FromHex("7870");      // TC_ENDBLOCKDATA, superclass TC_NULL
  out += FromHex("3f400000");  // loadFactor 0.75f
  PutU32(out, 12);             // threshold
  out += FromHex("7708");      // TC_BLOCKDATA, 8 bytes
  PutU32(out, 16);             // capacity
  PutU32(out, static_cast<uint32_t>(entries.size()));
  bool byte_array_class_written = false;
  auto put_array = [&](const std::string& bytes) {
    out += FromHex("75");  // TC_ARRAY
    if (!byte_array_class_written) {
      out += FromHex("72");  // TC_CLASSDESC "[B"
      PutUtf(out, "[B");
      out += FromHex("acf317f8060854e0");  // serialVersionUID of byte[]
      out += FromHex("0200007870");        // SC_SERIALIZABLE, 0 fields, end, TC_NULL
      byte_array_class_written = true;
    } else {
      out += FromHex("71007e0002");  // TC_REFERENCE to the "[B" descriptor
    }
    PutU32(out, static_cast<uint32_t>(bytes.size()));
    out += bytes;
  };
  for (const auto& [key, value] : entries) {
    put_array(key);
    if (value) {
      put_array(*value);
    } else {
      out += FromHex("70");  // TC_NULL
    }
  }
  out += FromHex("78");  // TC_ENDBLOCKDATA
  return out;
}

std::string FromHex(const std::string& hex) {
  if (hex.size() % 2 != 0) throw std::invalid_argument("odd hex length");
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

}  // namespace kconnect::worker::storage::testing
