#include "broker/protocol/gen/schema_parser.h"

#include <cctype>
#include <cstdlib>
#include <set>
#include <sstream>
#include <utility>
#include <vector>

namespace kconnect::broker::protocol::gen {
namespace {

const std::set<std::string> kScalarTypes = {"bool",   "int8",   "int16", "int32",  "int64",
                                            "uint16", "string", "bytes", "records"};

struct Line {
  int number = 0;
  int indent = 0;
  std::vector<std::string> tokens;
};

class ParseError {
 public:
  std::string message;
};

// Splits on whitespace; "quoted text" is one token (quotes kept); # starts a comment.
bool Tokenize(const std::string& text, std::vector<std::string>* out, std::string* error) {
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == '#') break;
    if (c == ' ') {
      ++i;
      continue;
    }
    if (c == '\t') {
      *error = "tab character (indent with spaces)";
      return false;
    }
    if (c == '"') {
      size_t end = text.find('"', i + 1);
      if (end == std::string::npos) {
        *error = "unterminated string";
        return false;
      }
      out->push_back(text.substr(i, end - i + 1));
      i = end + 1;
      continue;
    }
    size_t end = i;
    while (end < text.size() && text[end] != ' ' && text[end] != '#' && text[end] != '\t') ++end;
    out->push_back(text.substr(i, end - i));
    i = end;
  }
  return true;
}

bool ParseInt(const std::string& s, int* out) {
  if (s.empty()) return false;
  char* end = nullptr;
  long v = std::strtol(s.c_str(), &end, 10);
  if (*end != '\0' || v < 0 || v > VersionRange::kOpen) return false;
  *out = static_cast<int>(v);
  return true;
}

// "none" | "N" | "N+" | "N-M"
bool ParseRange(const std::string& s, VersionRange* out) {
  if (s == "none") {
    *out = VersionRange{};
    return true;
  }
  if (!s.empty() && s.back() == '+') {
    int lo;
    if (!ParseInt(s.substr(0, s.size() - 1), &lo)) return false;
    *out = VersionRange{lo, VersionRange::kOpen};
    return true;
  }
  size_t dash = s.find('-');
  if (dash == std::string::npos) {
    int v;
    if (!ParseInt(s, &v)) return false;
    *out = VersionRange{v, v};
    return true;
  }
  int lo, hi;
  if (!ParseInt(s.substr(0, dash), &lo) || !ParseInt(s.substr(dash + 1), &hi) || hi < lo) {
    return false;
  }
  *out = VersionRange{lo, hi};
  return true;
}

bool IsSnakeCase(const std::string& s) {
  if (s.empty() || !std::islower(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s) {
    if (!(std::islower(static_cast<unsigned char>(c)) ||
          std::isdigit(static_cast<unsigned char>(c)) || c == '_')) {
      return false;
    }
  }
  return true;
}

bool IsPascalCase(const std::string& s) {
  if (s.empty() || !std::isupper(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

class Parser {
 public:
  Parser(std::string path, std::vector<Line> lines)
      : path_(std::move(path)), lines_(std::move(lines)) {}

  bool Run(ApiDef* api, std::string* error) {
    try {
      ParseAll(api);
    } catch (const ParseError& e) {
      *error = e.message;
      return false;
    }
    return true;
  }

 private:
  [[noreturn]] void Fail(int line, const std::string& message) {
    throw ParseError{path_ + ":" + std::to_string(line) + ": " + message};
  }

  void ParseAll(ApiDef* api) {
    if (lines_.empty()) Fail(1, "empty schema");
    ParseApiLine(lines_[0], api);
    pos_ = 1;
    if (api->is_header) {
      MessageDef m;
      m.name = api->name;
      m.is_header = true;
      m.root.name = api->name;
      ParseFields(2, &m.root, api->versions);
      api->messages.push_back(std::move(m));
    } else {
      while (pos_ < lines_.size()) {
        const Line& l = lines_[pos_];
        if (l.indent != 0 || l.tokens.size() != 1 ||
            (l.tokens[0] != "request" && l.tokens[0] != "response")) {
          Fail(l.number, "expected 'request' or 'response'");
        }
        MessageDef m;
        m.is_request = l.tokens[0] == "request";
        m.name = api->name + (m.is_request ? "Request" : "Response");
        m.root.name = m.name;
        for (const MessageDef& prev : api->messages) {
          if (prev.is_request == m.is_request) Fail(l.number, "duplicate " + l.tokens[0]);
        }
        ++pos_;
        ParseFields(2, &m.root, api->versions);
        api->messages.push_back(std::move(m));
      }
      if (api->messages.size() != 2) Fail(lines_.back().number, "need a request and a response");
    }
    if (pos_ != lines_.size()) Fail(lines_[pos_].number, "unexpected indentation");
  }

  void ParseApiLine(const Line& l, ApiDef* api) {
    const auto& t = l.tokens;
    if (l.indent != 0 || t.empty() || (t[0] != "api" && t[0] != "header")) {
      Fail(l.number, "a schema starts with 'api <Name> key <n> ...' or 'header <Name> ...'");
    }
    api->is_header = t[0] == "header";
    if (t.size() < 2 || !IsPascalCase(t[1])) Fail(l.number, "expected a PascalCase name");
    api->name = t[1];
    bool have_versions = false, have_flexible = false;
    for (size_t i = 2; i < t.size(); i += 2) {
      if (i + 1 >= t.size()) Fail(l.number, "'" + t[i] + "' needs a value");
      const std::string& key = t[i];
      const std::string& value = t[i + 1];
      if (key == "key" && !api->is_header) {
        if (!ParseInt(value, &api->key)) Fail(l.number, "bad api key");
      } else if (key == "versions") {
        if (!ParseRange(value, &api->versions) || api->versions.Empty() ||
            api->versions.hi == VersionRange::kOpen) {
          Fail(l.number, "versions must be a closed range N-M");
        }
        have_versions = true;
      } else if (key == "flexible") {
        if (!ParseRange(value, &api->flexible)) Fail(l.number, "bad flexible range");
        if (!api->flexible.Empty() && api->flexible.hi != VersionRange::kOpen) {
          Fail(l.number, "flexible must be 'none' or open-ended 'N+'");
        }
        have_flexible = true;
      } else if (key == "response_header" && !api->is_header) {
        if (value != "v0") Fail(l.number, "response_header only accepts v0");
        api->response_header_v0 = true;
      } else {
        Fail(l.number, "unknown attribute '" + key + "'");
      }
    }
    if (!api->is_header && api->key < 0) Fail(l.number, "missing 'key'");
    if (!have_versions || !have_flexible) Fail(l.number, "missing 'versions' or 'flexible'");
  }

  // Reads consecutive field lines at exactly `indent` (and their nested
  // struct fields) into *s.
  void ParseFields(int indent, StructDef* s, const VersionRange& bound) {
    std::set<std::string> names;
    while (pos_ < lines_.size() && lines_[pos_].indent >= indent) {
      const Line& l = lines_[pos_];
      if (l.indent != indent) Fail(l.number, "unexpected indentation");
      ++pos_;
      FieldDef f = ParseField(l, bound);
      if (!names.insert(f.name).second) Fail(l.number, "duplicate field '" + f.name + "'");
      if (f.element_is_struct) {
        f.struct_def = std::make_shared<StructDef>();
        f.struct_def->name = f.type;
        if (!struct_names_.insert(f.type).second)
          Fail(l.number, "duplicate struct '" + f.type + "'");
        ParseFields(indent + 2, f.struct_def.get(), f.versions);
        if (f.struct_def->fields.empty()) Fail(l.number, "struct '" + f.type + "' has no fields");
      } else if (pos_ < lines_.size() && lines_[pos_].indent > indent) {
        Fail(lines_[pos_].number, "only an array of structs may have nested fields");
      }
      s->fields.push_back(std::move(f));
    }
  }

  FieldDef ParseField(const Line& l, const VersionRange& bound) {
    const auto& t = l.tokens;
    if (t.size() < 3) Fail(l.number, "a field is '<name> <type> <versions> [attributes]'");
    FieldDef f;
    f.line = l.number;
    f.name = t[0];
    if (!IsSnakeCase(f.name)) Fail(l.number, "field names are snake_case");
    std::string type = t[1];
    if (type.rfind("[]", 0) == 0) {
      f.is_array = true;
      type = type.substr(2);
    }
    if (kScalarTypes.count(type) == 0) {
      if (!f.is_array || !IsPascalCase(type)) Fail(l.number, "unknown type '" + t[1] + "'");
      f.element_is_struct = true;
    }
    if (f.is_array && (type == "records")) Fail(l.number, "records cannot be an array element");
    f.type = type;
    if (!ParseRange(t[2], &f.versions) || f.versions.Empty()) Fail(l.number, "bad versions");
    if (f.versions.Intersect(bound).Empty()) {
      Fail(l.number, "field versions lie outside the enclosing versions");
    }
    for (size_t i = 3; i < t.size(); ++i) {
      const std::string& key = t[i];
      if (key == "classic") {
        f.classic = true;
        continue;
      }
      if (i + 1 >= t.size()) Fail(l.number, "'" + key + "' needs a value");
      const std::string& value = t[++i];
      if (key == "nullable") {
        if (!ParseRange(value, &f.nullable)) Fail(l.number, "bad nullable range");
        if (!f.is_array && f.type != "string" && f.type != "bytes" && f.type != "records") {
          Fail(l.number, "only strings, bytes, records and arrays can be nullable");
        }
      } else if (key == "default") {
        f.default_value = value;
      } else if (key == "tag") {
        if (!ParseInt(value, &f.tag)) Fail(l.number, "bad tag");
      } else {
        Fail(l.number, "unknown attribute '" + key + "'");
      }
    }
    if (f.default_value) ValidateDefault(l, f);
    return f;
  }

  void ValidateDefault(const Line& l, const FieldDef& f) {
    const std::string& v = *f.default_value;
    if (f.is_array) Fail(l.number, "arrays take no default (they default to empty)");
    if (v == "null") {
      if (f.nullable.Empty()) Fail(l.number, "default null on a field that is never nullable");
      return;
    }
    if (f.type == "bool") {
      if (v != "true" && v != "false") Fail(l.number, "bool default must be true or false");
    } else if (f.type == "string") {
      if (v.size() < 2 || v.front() != '"') Fail(l.number, "string default must be \"quoted\"");
      if (v.find('\\') != std::string::npos) Fail(l.number, "no escapes in string defaults");
    } else if (f.type == "bytes" || f.type == "records") {
      Fail(l.number, "bytes take no default other than null");
    } else {
      char* end = nullptr;
      (void)std::strtoll(v.c_str(), &end, 0);
      if (v.empty() || *end != '\0') Fail(l.number, "integer default expected");
    }
  }

  std::string path_;
  std::vector<Line> lines_;
  size_t pos_ = 0;
  std::set<std::string> struct_names_;
};

}  // namespace

bool SchemaParser::Parse(const std::string& path, const std::string& text, ApiDef* out,
                         std::string* error) {
  std::vector<Line> lines;
  std::istringstream in(text);
  std::string raw;
  int number = 0;
  while (std::getline(in, raw)) {
    ++number;
    if (!raw.empty() && raw.back() == '\r') raw.pop_back();
    Line l;
    l.number = number;
    while (l.indent < static_cast<int>(raw.size()) && raw[l.indent] == ' ') ++l.indent;
    std::string tokenize_error;
    if (!Tokenize(raw, &l.tokens, &tokenize_error)) {
      *error = path + ":" + std::to_string(number) + ": " + tokenize_error;
      return false;
    }
    if (l.tokens.empty()) continue;
    if (l.indent % 2 != 0) {
      *error = path + ":" + std::to_string(number) + ": indent by two spaces";
      return false;
    }
    lines.push_back(std::move(l));
  }
  Parser parser(path, std::move(lines));
  return parser.Run(out, error);
}

}  // namespace kconnect::broker::protocol::gen
