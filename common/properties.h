#pragma once

#include <map>
#include <string>
#include <string_view>

namespace kconnect::common {

// Key/value pairs read from a Java `.properties` file. Ordered by key so that
// iteration (logging, REST output) is deterministic.
using Properties = std::map<std::string, std::string>;

// Parses `text` with the syntax of Java's `java.util.Properties.load`, so that
// existing Kafka Connect worker and connector files load unchanged:
//  * natural lines end at `\n`, `\r` or `\r\n`; leading spaces, tabs and form
//    feeds are ignored; blank lines are skipped;
//  * a line whose first non-blank character is `#` or `!` is a comment (a
//    comment never continues onto the next line);
//  * a line ending in an odd number of backslashes continues on the next line,
//    whose leading whitespace is dropped; an even number is literal;
//  * the key ends at the first unescaped `=`, `:`, space, tab or form feed;
//    whitespace around the separator is skipped (one `=`/`:` at most is
//    consumed), everything after it is the value, trailing spaces included;
//  * escapes `\t \n \r \f \uXXXX`; a backslash before any other character
//    yields that character (so `a\=b=c` has key `a=b`);
//  * a key with no value maps to ""; a later duplicate key replaces an earlier one.
//
// Differences from Java, on purpose: the input is taken as UTF-8 bytes and
// passed through unchanged (Java's `load(InputStream)` reads ISO-8859-1, which
// would garble UTF-8 files), and `\uXXXX` escapes are emitted as UTF-8. A
// surrogate pair written as two escapes becomes one 4-byte character; an
// unpaired surrogate becomes `?`, as Java's `String.getBytes(UTF_8)` does.
//
// Throws std::invalid_argument("Malformed \\uxxxx encoding.") when a `\u` is
// not followed by four hex digits, as Java does.
Properties ParseProperties(std::string_view text);

// Reads and parses the file at `path` (see ParseProperties).
// Throws std::runtime_error with the message
// `Could not read properties file <path>: <reason>` when the file cannot be
// opened or read, or when its content is malformed.
Properties LoadPropertiesFile(const std::string& path);

// Returns the entries whose key starts with `prefix`, with the prefix removed
// (e.g. prefix "producer." turns "producer.acks" into "acks"). A key equal to
// the prefix is left out, as in Java's `AbstractConfig.originalsWithPrefix`.
Properties StripPrefix(const Properties& props, std::string_view prefix);

}  // namespace kconnect::common
