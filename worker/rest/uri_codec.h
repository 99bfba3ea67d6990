#pragma once
// Percent-encoding helpers for request paths, query strings and the Location
// header. Kept apart from the HTTP server so that routing and the resources do
// not depend on the HTTP library.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kconnect::worker::rest {

// Decodes %XX escapes (RFC 3986). With `plus_is_space` (query strings, as
// JAX-RS decodes them) '+' becomes ' '. Returns nullopt on a truncated or
// non-hex escape. The result is raw bytes (UTF-8 when the client encoded
// UTF-8); it is not validated.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space = false);

// Splits an encoded request path into decoded segments. A leading '/' is
// dropped and so is one trailing '/', which makes `/connectors/` equal to
// `/connectors` (R-SLASH); `/` is the empty list. Empty inner segments are
// kept (they match no route). nullopt when a segment has a bad escape.
std::optional<std::vector<std::string>> SplitPath(std::string_view encoded_path);

// Parses an encoded query string ("a=1&b&a=2") into decoded (name, value)
// pairs in order; a parameter without '=' has the value "". Pieces with a bad
// escape are skipped.
std::vector<std::pair<std::string, std::string>> ParseQuery(std::string_view encoded_query);

// Encodes `path` for use in a URI path: every byte outside RFC 3986 `pchar`
// and '/' becomes %XX (upper-case hex), so spaces, '%', '?', '#' and non-ASCII
// bytes are escaped. Used for the Location header of created connectors.
std::string EncodePath(std::string_view path);

}  // namespace kconnect::worker::rest
