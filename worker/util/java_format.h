#pragma once

#include <optional>
#include <string>
#include <string_view>

// Text encodings that must match what the Java worker produces byte for byte,
// because offsets are looked up by exact key bytes and internal topics are
// shared with Java workers (runtime spec §3.3, §8.4). All functions are pure
// and thread-safe.
namespace kconnect::worker::util {

// Java's `Double.toString(double)` as of JDK 19 (the shortest decimal that
// reads back as `value`): "12.34", "100.0", "-0.0", "1.0E7", "1.0E-4",
// "4.9E-324", "NaN", "Infinity", "-Infinity". Plain notation with at least
// one fractional digit for 1e-3 <= |value| < 1e7, otherwise `d.dddE<n>`.
// JDK 17 differs for a few values (it prints 2e23 as 1.9999999999999998E23).
std::string JavaDoubleToString(double value);

// Java's `Float.toString(float)` as of JDK 19; same layout as doubles
// (float 0.1 gives "0.1", float 1e10 gives "1.0E10").
std::string JavaFloatToString(float value);

// Appends `utf8` to `out` as a JSON string literal, quotes included, escaped as
// Jackson 2.16 does by default: `"` and `\` are backslash-escaped, U+0008,
// U+0009, U+000A, U+000C, U+000D become `\b \t \n \f \r`, every other control
// character below U+0020 becomes `\u00XX` with uppercase hex. Everything else,
// including `/`, U+007F and all non-ASCII bytes, is copied unchanged (the
// input is not validated as UTF-8).
void AppendJsonString(std::string& out, std::string_view utf8);

// Standard base64 (RFC 4648 alphabet, `=` padding), as Java's
// `Base64.getEncoder()`.
std::string Base64Encode(std::string_view bytes);

// Decodes standard base64 the way Java's `Base64.getDecoder()` accepts it:
// padding is optional but, when present, must be correct and final. Returns
// nullopt for characters outside the alphabet (including whitespace and the
// URL-safe `-`/`_`), misplaced padding or an impossible length.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace kconnect::worker::util
