#include "worker/runtime/converters/java_big_decimal.h"

#include <algorithm>
#include <cstdlib>
#include <limits>

namespace kconnect::worker::runtime {
namespace {

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

// Decimal digits of an unsigned big-endian magnitude (repeated division by 10).
std::string MagnitudeToDigits(Bytes magnitude) {
  std::string reversed;
  size_t start = 0;
  while (start < magnitude.size() && magnitude[start] == 0) ++start;
  while (start < magnitude.size()) {
    unsigned remainder = 0;
    for (size_t i = start; i < magnitude.size(); ++i) {
      const unsigned cur = (remainder << 8) | magnitude[i];
      magnitude[i] = static_cast<uint8_t>(cur / 10);
      remainder = cur % 10;
    }
    reversed.push_back(static_cast<char>('0' + remainder));
    while (start < magnitude.size() && magnitude[start] == 0) ++start;
  }
  return std::string(reversed.rbegin(), reversed.rend());
}

// Two's-complement negation in place (invert, add one).
void Negate(Bytes& bytes) {
  for (auto& b : bytes) b = static_cast<uint8_t>(~b);
  for (size_t i = bytes.size(); i-- > 0;) {
    if (++bytes[i] != 0) break;
  }
}

std::string FloatingText(const JavaBigDecimal& d) {
  std::string text = d.negative ? "-" : "";
  text += d.digits;
  text += 'e';
  text += std::to_string(-static_cast<int64_t>(d.scale));
  return text;
}

}  // namespace

std::optional<JavaBigDecimal> JavaBigDecimal::Parse(std::string_view text) {
  JavaBigDecimal result;
  size_t i = 0;
  const size_t n = text.size();
  if (i < n && (text[i] == '+' || text[i] == '-')) {
    result.negative = text[i] == '-';
    ++i;
  }
  std::string digits;
  int64_t fraction_digits = 0;
  bool seen_point = false;
  bool any_digit = false;
  for (; i < n; ++i) {
    const char c = text[i];
    if (IsAsciiDigit(c)) {
      any_digit = true;
      if (!digits.empty() || c != '0') digits.push_back(c);
      if (seen_point) ++fraction_digits;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (!any_digit) return std::nullopt;
  int64_t exponent = 0;
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exponent_negative = false;
    if (i < n && (text[i] == '+' || text[i] == '-')) {
      exponent_negative = text[i] == '-';
      ++i;
    }
    if (i >= n) return std::nullopt;
    for (; i < n; ++i) {
      if (!IsAsciiDigit(text[i])) return std::nullopt;
      exponent = exponent * 10 + (text[i] - '0');
      // Java reads the exponent as an int.
      if (exponent > int64_t{std::numeric_limits<int32_t>::max()} + 1) return std::nullopt;
    }
    if (exponent_negative) exponent = -exponent;
    if (exponent > std::numeric_limits<int32_t>::max()) return std::nullopt;
  }
  if (i != n) return std::nullopt;
  const int64_t scale = fraction_digits - exponent;
  if (scale < std::numeric_limits<int32_t>::min() || scale > std::numeric_limits<int32_t>::max()) {
    return std::nullopt;
  }
  result.digits = std::move(digits);
  result.scale = static_cast<int32_t>(scale);
  if (result.digits.empty()) result.negative = false;
  return result;
}

JavaBigDecimal JavaBigDecimal::FromDecimal(const Decimal& decimal) {
  JavaBigDecimal result;
  result.scale = decimal.scale;
  Bytes magnitude = decimal.unscaled;
  if (!magnitude.empty() && (magnitude[0] & 0x80) != 0) {
    result.negative = true;
    Negate(magnitude);
  }
  result.digits = MagnitudeToDigits(std::move(magnitude));
  if (result.digits.empty()) result.negative = false;
  return result;
}

JavaBigDecimal JavaBigDecimal::StripTrailingZeros() const {
  if (IsZero()) return JavaBigDecimal{};
  JavaBigDecimal result = *this;
  while (result.digits.size() > 1 && result.digits.back() == '0' &&
         result.scale > std::numeric_limits<int32_t>::min()) {
    result.digits.pop_back();
    --result.scale;
  }
  return result;
}

int JavaBigDecimal::CompareAbs(const JavaBigDecimal& a, const JavaBigDecimal& b) {
  if (a.IsZero() || b.IsZero()) {
    if (a.IsZero() && b.IsZero()) return 0;
    return a.IsZero() ? -1 : 1;
  }
  // The decimal exponent of the leading digit decides first.
  const int64_t adjusted_a = static_cast<int64_t>(a.digits.size()) - 1 - a.scale;
  const int64_t adjusted_b = static_cast<int64_t>(b.digits.size()) - 1 - b.scale;
  if (adjusted_a != adjusted_b) return adjusted_a < adjusted_b ? -1 : 1;
  const size_t len = std::max(a.digits.size(), b.digits.size());
  for (size_t i = 0; i < len; ++i) {
    const char da = i < a.digits.size() ? a.digits[i] : '0';
    const char db = i < b.digits.size() ? b.digits[i] : '0';
    if (da != db) return da < db ? -1 : 1;
  }
  return 0;
}

Decimal JavaBigDecimal::ToDecimal() const {
  Bytes magnitude;
  for (const char c : digits) {
    unsigned carry = static_cast<unsigned>(c - '0');
    for (size_t j = magnitude.size(); j-- > 0;) {
      const unsigned v = magnitude[j] * 10u + carry;
      magnitude[j] = static_cast<uint8_t>(v & 0xFF);
      carry = v >> 8;
    }
    while (carry != 0) {
      magnitude.insert(magnitude.begin(), static_cast<uint8_t>(carry & 0xFF));
      carry >>= 8;
    }
  }
  // A leading zero byte leaves room for the sign bit either way.
  magnitude.insert(magnitude.begin(), 0);
  if (negative) Negate(magnitude);
  return Decimal{MinimalTwosComplement(magnitude), scale};
}

double JavaBigDecimal::ToDouble() const {
  if (IsZero()) return 0.0;
  return std::strtod(FloatingText(*this).c_str(), nullptr);
}

float JavaBigDecimal::ToFloat() const {
  if (IsZero()) return 0.0F;
  return std::strtof(FloatingText(*this).c_str(), nullptr);
}

int64_t JavaBigDecimal::LongValue() const {
  const int64_t integer_digits = static_cast<int64_t>(digits.size()) - scale;
  if (IsZero() || integer_digits <= 0) return 0;
  // Every appended zero multiplies by 10; after 64 of them the low 64 bits are
  // all zero (2^64 divides 10^64), so longer runs need not be walked.
  const int64_t limit = std::min<int64_t>(integer_digits, static_cast<int64_t>(digits.size()) + 64);
  uint64_t acc = 0;
  for (int64_t k = 0; k < limit; ++k) {
    const auto index = static_cast<size_t>(k);
    const unsigned d = index < digits.size() ? static_cast<unsigned>(digits[index] - '0') : 0;
    acc = acc * 10 + d;
  }
  if (limit < integer_digits) acc = 0;
  if (negative) acc = ~acc + 1;
  return static_cast<int64_t>(acc);
}

bool JavaBigDecimal::FitsLongExactly() const {
  if (IsZero()) return true;
  const JavaBigDecimal stripped = StripTrailingZeros();
  if (stripped.scale > 0) return false;
  const int64_t length = static_cast<int64_t>(stripped.digits.size()) - stripped.scale;
  if (length > 19) return false;
  std::string magnitude = stripped.digits;
  magnitude.append(static_cast<size_t>(-static_cast<int64_t>(stripped.scale)), '0');
  if (magnitude.size() < 19) return true;
  return magnitude <= (negative ? "9223372036854775808" : "9223372036854775807");
}

Bytes MinimalTwosComplement(const Bytes& bytes) {
  if (bytes.empty()) return Bytes{0};
  size_t start = 0;
  while (start + 1 < bytes.size() && ((bytes[start] == 0x00 && (bytes[start + 1] & 0x80) == 0) ||
                                      (bytes[start] == 0xFF && (bytes[start + 1] & 0x80) != 0))) {
    ++start;
  }
  return Bytes(bytes.begin() + static_cast<std::ptrdiff_t>(start), bytes.end());
}

}  // namespace kconnect::worker::runtime
