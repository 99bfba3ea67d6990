#include "worker/rest/uri_codec.h"

namespace kconnect::worker::rest {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsPathChar(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    // unreserved
    case '-': case '.': case '_': case '~':
    // sub-delims
    case '!': case '$': case '&': case '\'': case '(': case ')':
    case '*': case '+': case ',': case ';': case '=':
    // the rest of pchar, and the segment separator
    case ':': case '@': case '/':
      return true;
    default:
      return false;
  }
}

}  // namespace

std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      int hi = HexValue(text[i + 1]);
      int lo = HexValue(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::optional<std::vector<std::string>> SplitPath(std::string_view encoded_path) {
  if (!encoded_path.empty() && encoded_path.front() == '/') encoded_path.remove_prefix(1);
  if (!encoded_path.empty() && encoded_path.back() == '/') encoded_path.remove_suffix(1);
  std::vector<std::string> segments;
  if (encoded_path.empty()) return segments;
  size_t start = 0;
  while (true) {
    size_t slash = encoded_path.find('/', start);
    std::string_view piece = encoded_path.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    auto decoded = PercentDecode(piece);
    if (!decoded) return std::nullopt;
    segments.push_back(std::move(*decoded));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return segments;
}

std::vector<std::pair<std::string, std::string>> ParseQuery(std::string_view encoded_query) {
  std::vector<std::pair<std::string, std::string>> params;
  size_t start = 0;
  while (start <= encoded_query.size()) {
    size_t amp = encoded_query.find('&', start);
    std::string_view piece = encoded_query.substr(
        start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
    if (!piece.empty()) {
      size_t eq = piece.find('=');
      auto name = PercentDecode(piece.substr(0, eq), /*plus_is_space=*/true);
      auto value = eq == std::string_view::npos
                       ? std::optional<std::string>("")
                       : PercentDecode(piece.substr(eq + 1), /*plus_is_space=*/true);
      if (name && value) params.emplace_back(std::move(*name), std::move(*value));
    }
    if (amp == std::string_view::npos) break;
    start = amp + 1;
  }
  return params;
}

std::string EncodePath(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(path.size());
  for (char ch : path) {
    auto c = static_cast<unsigned char>(ch);
    if (IsPathChar(c)) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

}  // namespace kconnect::worker::rest
