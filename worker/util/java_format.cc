#include "worker/util/java_format.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <system_error>

namespace kconnect::worker::util {
namespace {

// A finite, non-zero number as significant digits d1d2...dn (no trailing
// zeros) and the exponent e of d1.d2...dn x 10^e.
struct Decimal {
  std::string digits;
  int exponent = 0;
};

// Parses std::to_chars scientific output such as "-1.25e+02" or "5e-324".
Decimal ParseScientific(std::string_view text) {
  Decimal d;
  size_t i = 0;
  if (text[i] == '-') ++i;
  for (; i < text.size() && text[i] != 'e'; ++i) {
    if (text[i] != '.') d.digits.push_back(text[i]);
  }
  ++i;  // 'e'
  int sign = 1;
  if (text[i] == '-') sign = -1;
  ++i;  // the exponent always has a sign
  int exp = 0;
  std::from_chars(text.data() + i, text.data() + text.size(), exp);
  d.exponent = sign * exp;
  while (d.digits.size() > 1 && d.digits.back() == '0') d.digits.pop_back();
  return d;
}

// The decimal Java picks. JDK 19+ (`DoubleToDecimal`) takes the shortest
// decimal that rounds to the value, except that when that is a single digit it
// chooses the closest among one- and two-digit decimals. That only differs
// from std::to_chars' shortest output for tiny subnormals: Double.MIN_VALUE is
// "4.9E-324", not "5.0E-324".
template <typename T>
Decimal JavaDecimal(T value) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::scientific);
  Decimal shortest = ParseScientific(std::string_view(buf, res.ptr - buf));
  if (shortest.digits.size() != 1) return shortest;

  res = std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::scientific, 1);
  T back{};
  const auto parsed = std::from_chars(buf, res.ptr, back);
  // Rounding intervals of subnormals are symmetric, so the closest two-digit
  // decimal always reads back; the check guards the reasoning, not a known case.
  if (parsed.ec != std::errc() || back != value) return shortest;
  return ParseScientific(std::string_view(buf, res.ptr - buf));
}

// Lays out a decimal the way Double.toString / Float.toString do.
std::string Layout(bool negative, const Decimal& d) {
  std::string out;
  if (negative) out.push_back('-');
  const int e = d.exponent;
  const int n = static_cast<int>(d.digits.size());
  if (e >= -3 && e < 7) {
    if (e >= 0) {
      // Integer part: the first e+1 digits, zero-padded.
      for (int i = 0; i <= e; ++i) out.push_back(i < n ? d.digits[i] : '0');
      out.push_back('.');
      if (n > e + 1) {
        out.append(d.digits, static_cast<size_t>(e) + 1, std::string::npos);
      } else {
        out.push_back('0');
      }
    } else {
      out.append("0.");
      out.append(static_cast<size_t>(-e - 1), '0');
      out.append(d.digits);
    }
    return out;
  }
  out.push_back(d.digits[0]);
  out.push_back('.');
  if (n > 1) {
    out.append(d.digits, 1, std::string::npos);
  } else {
    out.push_back('0');
  }
  out.push_back('E');
  out.append(std::to_string(e));
  return out;
}

template <typename T>
std::string JavaToString(T value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value < 0 ? "-Infinity" : "Infinity";
  if (value == 0) return std::signbit(value) ? "-0.0" : "0.0";
  return Layout(std::signbit(value), JavaDecimal(value));
}

constexpr char kBase64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

std::string JavaDoubleToString(double value) { return JavaToString(value); }

std::string JavaFloatToString(float value) { return JavaToString(value); }

void AppendJsonString(std::string& out, std::string_view utf8) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out.push_back('"');
  // Runs of characters that need no escape are copied in one append: typical
  // text has none that do.
  const auto needs_escape = [](unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; };
  size_t run = 0;
  for (size_t i = 0; i < utf8.size(); ++i) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (!needs_escape(c)) continue;
    out.append(utf8.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\b':
        out.append("\\b");
        break;
      case '\t':
        out.append("\\t");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\f':
        out.append("\\f");
        break;
      case '\r':
        out.append("\\r");
        break;
      default:
        out.append("\\u00");
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0xF]);
    }
  }
  out.append(utf8.data() + run, utf8.size() - run);
  out.push_back('"');
}

std::string Base64Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  const auto* in = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t v = (uint32_t{in[i]} << 16) | (uint32_t{in[i + 1]} << 8) | in[i + 2];
    out.push_back(kBase64Alphabet[(v >> 18) & 63]);
    out.push_back(kBase64Alphabet[(v >> 12) & 63]);
    out.push_back(kBase64Alphabet[(v >> 6) & 63]);
    out.push_back(kBase64Alphabet[v & 63]);
  }
  const size_t rest = bytes.size() - i;
  if (rest == 1) {
    const uint32_t v = uint32_t{in[i]} << 16;
    out.push_back(kBase64Alphabet[(v >> 18) & 63]);
    out.push_back(kBase64Alphabet[(v >> 12) & 63]);
    out.append("==");
  } else if (rest == 2) {
    const uint32_t v = (uint32_t{in[i]} << 16) | (uint32_t{in[i + 1]} << 8);
    out.push_back(kBase64Alphabet[(v >> 18) & 63]);
    out.push_back(kBase64Alphabet[(v >> 12) & 63]);
    out.push_back(kBase64Alphabet[(v >> 6) & 63]);
    out.push_back('=');
  }
  return out;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  size_t data_len = text.size();
  if (data_len % 4 == 0 && data_len > 0 && text[data_len - 1] == '=') {
    --data_len;
    if (text[data_len - 1] == '=') --data_len;
  }
  // Padding was only taken off a complete final quantum; any other `=` fails
  // the alphabet check below. One leftover character cannot encode a byte.
  if (data_len % 4 == 1) return std::nullopt;

  std::string out;
  out.reserve(data_len / 4 * 3 + 2);
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < data_len; ++i) {
    const int v = Base64Value(text[i]);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

}  // namespace kconnect::worker::util
