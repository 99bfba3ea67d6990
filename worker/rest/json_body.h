#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "worker/util/result.h"

namespace kconnect::worker::rest {

// Parses a request body. Floating-point numbers are kept as strings holding
// their source text: every body this API accepts binds scalars to Java
// Strings, and Jackson coerces a number to its text ("tasks.max": 1.50 is
// stored as "1.50"), which a double would lose. Integers and booleans stay
// numbers/booleans (their text is canonical). A repeated key keeps its last
// value, as Jackson does. Trailing non-whitespace after the value is an error.
//
// A malformed body is a 500 whose message is the parser's text, e.g.
// "parse error at line 1, column 2: syntax error while parsing object key ..."
// (R-BADJSON). The caller handles an empty body before calling this.
//
// With `floats_as_text` false, floating-point numbers stay numbers (bodies
// whose scalars keep their JSON type, such as connector offsets).
util::Result<nlohmann::ordered_json> ParseJsonBody(std::string_view body,
                                                   bool floats_as_text = true);

// A required JSON request body: an empty, whitespace-only or `null` body is
// 400 saying what is missing (Java binds it to null and fails with 500).
util::Result<nlohmann::ordered_json> ReadRequiredBody(const std::string& body);

}  // namespace kconnect::worker::rest
