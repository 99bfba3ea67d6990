#include "common/properties.h"

#include <cstdint>
#include <cstring>
#include <optional>
#include <stdexcept>

#include "common/file_io.h"

namespace kconnect::common {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\f'; }

bool IsEol(char c) { return c == '\n' || c == '\r'; }

// Splits the input into logical lines the way java.util.Properties.LineReader
// does: comments and blank lines dropped, continuations joined, leading
// whitespace removed. The returned line still holds its escapes.
class LineReader {
 public:
  explicit LineReader(std::string_view text) : text_(text) {}

  // Returns the next logical line, or nullopt at the end of the input.
  std::optional<std::string> Next() {
    std::string line;
    bool skip_white_space = true;
    // True right after a continuation: an empty natural line then ends the
    // logical line instead of being skipped as a blank line.
    bool appended_line_begin = false;
    bool preceding_backslash = false;
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (skip_white_space) {
        if (IsBlank(c)) continue;
        if (!appended_line_begin && IsEol(c)) continue;
        skip_white_space = false;
        appended_line_begin = false;
      }
      if (line.empty() && (c == '#' || c == '!')) {
        // Comment: consume the rest of the natural line, backslashes included.
        while (pos_ < text_.size() && !IsEol(text_[pos_])) ++pos_;
        skip_white_space = true;
        continue;
      }
      if (!IsEol(c)) {
        line.push_back(c);
        preceding_backslash = (c == '\\') ? !preceding_backslash : false;
        continue;
      }
      // End of a natural line.
      if (line.empty()) {
        skip_white_space = true;
        continue;
      }
      if (!preceding_backslash) return line;
      // An odd number of trailing backslashes: the last one joins the next
      // natural line and is not part of the value.
      line.pop_back();
      skip_white_space = true;
      appended_line_begin = true;
      preceding_backslash = false;
      if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
    }
    if (line.empty()) return std::nullopt;
    // A continuation at the end of the input has nothing to join.
    if (preceding_backslash) line.pop_back();
    return line;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads the four hex digits of a `\u` escape starting at in[pos].
uint32_t ReadUnicodeEscape(std::string_view in, size_t pos) {
  if (pos + 4 > in.size()) throw std::invalid_argument("Malformed \\uxxxx encoding.");
  uint32_t value = 0;
  for (size_t i = 0; i < 4; ++i) {
    const int digit = HexValue(in[pos + i]);
    if (digit < 0) throw std::invalid_argument("Malformed \\uxxxx encoding.");
    value = (value << 4) | static_cast<uint32_t>(digit);
  }
  return value;
}

bool IsHighSurrogate(uint32_t u) { return u >= 0xD800 && u <= 0xDBFF; }
bool IsLowSurrogate(uint32_t u) { return u >= 0xDC00 && u <= 0xDFFF; }

// Java's Properties.loadConvert: resolves escapes in a key or a value.
std::string Unescape(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  // A high surrogate from a `\u` escape waiting for its low half.
  std::optional<uint32_t> pending_high;
  auto flush_pending = [&] {
    if (pending_high) out.push_back('?');
    pending_high.reset();
  };
  size_t i = 0;
  while (i < in.size()) {
    const char c = in[i++];
    if (c != '\\') {
      flush_pending();
      out.push_back(c);
      continue;
    }
    if (i == in.size()) break;  // a lone trailing backslash escapes nothing
    const char e = in[i++];
    if (e != 'u') {
      flush_pending();
      switch (e) {
        case 't':
          out.push_back('\t');
          break;
        case 'n':
          out.push_back('\n');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 'f':
          out.push_back('\f');
          break;
        default:
          out.push_back(e);
          break;
      }
      continue;
    }
    const uint32_t unit = ReadUnicodeEscape(in, i);
    i += 4;
    if (pending_high && IsLowSurrogate(unit)) {
      AppendUtf8(out, 0x10000 + ((*pending_high - 0xD800) << 10) + (unit - 0xDC00));
      pending_high.reset();
      continue;
    }
    flush_pending();
    if (IsHighSurrogate(unit)) {
      pending_high = unit;
    } else if (IsLowSurrogate(unit)) {
      out.push_back('?');
    } else {
      AppendUtf8(out, unit);
    }
  }
  flush_pending();
  return out;
}

}  // namespace

Properties ParseProperties(std::string_view text) {
  Properties props;
  LineReader reader(text);
  while (std::optional<std::string> line = reader.Next()) {
    const std::string& l = *line;
    const size_t limit = l.size();
    size_t key_len = 0;
    size_t value_start = limit;
    bool has_sep = false;
    bool preceding_backslash = false;
    while (key_len < limit) {
      const char c = l[key_len];
      if ((c == '=' || c == ':') && !preceding_backslash) {
        value_start = key_len + 1;
        has_sep = true;
        break;
      }
      if (IsBlank(c) && !preceding_backslash) {
        value_start = key_len + 1;
        break;
      }
      preceding_backslash = (c == '\\') ? !preceding_backslash : false;
      ++key_len;
    }
    // Skip whitespace around the separator; a whitespace separator may still
    // be followed by one `=` or `:` ("key  = value").
    while (value_start < limit) {
      const char c = l[value_start];
      if (!IsBlank(c)) {
        if (!has_sep && (c == '=' || c == ':')) {
          has_sep = true;
        } else {
          break;
        }
      }
      ++value_start;
    }
    std::string_view view(l);
    props[Unescape(view.substr(0, key_len))] = Unescape(view.substr(value_start));
  }
  return props;
}

Properties LoadPropertiesFile(const std::string& path) {
  std::string text;
  if (const int err = ReadWholeFile(path, &text); err != 0) {
    throw std::runtime_error("Could not read properties file " + path + ": " + std::strerror(err));
  }
  try {
    return ParseProperties(text);
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error("Could not read properties file " + path + ": " + e.what());
  }
}

Properties StripPrefix(const Properties& props, std::string_view prefix) {
  Properties out;
  for (auto it = props.lower_bound(std::string(prefix)); it != props.end(); ++it) {
    std::string_view key(it->first);
    if (key.substr(0, prefix.size()) != prefix) break;  // keys are sorted
    if (key.size() > prefix.size()) out.emplace(key.substr(prefix.size()), it->second);
  }
  return out;
}

}  // namespace kconnect::common
