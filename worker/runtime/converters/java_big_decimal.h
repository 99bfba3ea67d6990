#pragma once
// JavaBigDecimal: an arbitrary-precision decimal kept the way
// java.math.BigDecimal keeps it (sign, unscaled digits, scale), for the places
// where converters must reproduce BigDecimal arithmetic exactly: JSON numbers
// read as Decimal (Jackson's USE_BIG_DECIMAL_FOR_FLOATS), Jackson's
// intValue()/longValue() truncation, and Values.parseString's number
// inference. A plain value type; thread-safe as any value.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "kconnect/data/value.h"

namespace kconnect::worker::runtime {

struct JavaBigDecimal {
  bool negative = false;
  // The unscaled magnitude in decimal, without leading zeros; empty for zero.
  std::string digits;
  // The value is (negative ? -1 : 1) * digits * 10^-scale.
  int32_t scale = 0;

  // `new BigDecimal(String)`: an optional sign, digits with an optional '.',
  // an optional exponent (e/E, optional sign, digits). The scale keeps the
  // written fraction ("1.5600" has scale 4, "1.5E+3" has scale -2). Returns
  // nullopt where Java throws NumberFormatException (bad syntax, or a scale
  // outside the int range).
  static std::optional<JavaBigDecimal> Parse(std::string_view text);

  // The value of a Connect Decimal (unscaled two's-complement bytes + scale).
  static JavaBigDecimal FromDecimal(const Decimal& decimal);

  bool IsZero() const { return digits.empty(); }
  // BigDecimal.stripTrailingZeros (zero keeps scale 0).
  JavaBigDecimal StripTrailingZeros() const;
  // compareTo of the absolute values: -1, 0 or 1.
  static int CompareAbs(const JavaBigDecimal& a, const JavaBigDecimal& b);

  // The Connect Decimal: minimal big-endian two's complement
  // (BigInteger.toByteArray) and the scale.
  Decimal ToDecimal() const;
  // BigDecimal.doubleValue()/floatValue(): correctly rounded; zero is +0.0.
  double ToDouble() const;
  float ToFloat() const;
  // BigDecimal.longValue(): the integer part (truncated toward zero), reduced
  // to its low 64 bits in two's complement, as Java does for big values.
  int64_t LongValue() const;
  // Whether the integer value (after truncation) fits in int64 exactly and the
  // value has no fractional part (BigDecimal.longValueExact succeeds).
  bool FitsLongExactly() const;
};

// BigInteger(bytes).toByteArray(): the minimal big-endian two's-complement
// form of `bytes` (redundant sign bytes dropped). An empty input gives {0}.
Bytes MinimalTwosComplement(const Bytes& bytes);

}  // namespace kconnect::worker::runtime
