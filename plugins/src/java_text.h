#pragma once
// Internal helpers that reproduce how Java renders values as text. Connect's
// observable strings (Struct.toString, BigDecimal.toString, config error
// messages) come from these Java rules, and matching them byte for byte keeps
// files, logs and REST error bodies identical to a Java worker's.
//
// Not part of the SDK's public surface (hidden symbols).

#include <cstdint>
#include <string>
#include <string_view>

#include "kconnect/data/value.h"

namespace kconnect::internal {

// Java Double.toString (JDK 19+ shortest-decimal rules): "1.0", "0.001",
// "1.0E7", "1.0E-4", "4.9E-324", "NaN", "-Infinity".
std::string JavaDoubleToString(double value);
// Java Float.toString, the same rules over float precision.
std::string JavaFloatToString(float value);

// Standard base64 with padding (java.util.Base64.getEncoder()).
std::string Base64Encode(const Bytes& bytes);

// Decimal text of a big-endian two's-complement integer of any length
// (Java new BigInteger(bytes).toString()). Empty input is 0.
std::string TwosComplementToDecimal(const Bytes& bytes);

// Java String.trim(): strips leading and trailing chars <= U+0020.
std::string_view JavaTrim(std::string_view text);

// UTF-8 to UTF-16 code units, as Java holds strings. Malformed sequences
// become U+FFFD, as Java's decoder does.
std::u16string Utf8ToUtf16(std::string_view text);

// Java String.hashCode() of a UTF-8 string.
int32_t JavaStringHash(std::string_view text);

// Java String.toUpperCase(Locale.ROOT), for ASCII letters only; other bytes
// are kept as they are.
std::string AsciiUpper(std::string_view text);

// Java Character.isISOControl for a code point.
inline bool IsIsoControl(uint32_t cp) { return cp <= 0x1F || (cp >= 0x7F && cp <= 0x9F); }

}  // namespace kconnect::internal
