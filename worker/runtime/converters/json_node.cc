#include "worker/runtime/converters/json_node.h"

#include <cstdlib>
#include <limits>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "worker/runtime/converters/java_big_decimal.h"

namespace kconnect::worker::runtime {
namespace {

// Jackson 2.16 StreamReadConstraints defaults.
constexpr size_t kMaxNestingDepth = 1000;
constexpr size_t kMaxNumberLength = 1000;
// Objects up to this size find repeated member names by linear search.
constexpr size_t kLinearSearchLimit = 16;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsJsonWhitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Builds a JsonNode from nlohmann's SAX events. The method names are fixed by
// nlohmann's SAX interface.
class TreeBuilder {
 public:
  using Json = nlohmann::json;

  bool null() { return Add(JsonNode::Null()); }  // NOLINT(readability-identifier-naming)
  bool boolean(bool value) {                     // NOLINT(readability-identifier-naming)
    return Add(JsonNode::Boolean(value));
  }
  bool number_integer(Json::number_integer_t value) {  // NOLINT(readability-identifier-naming)
    return Add(JsonNode::Integer(value));
  }
  bool number_unsigned(Json::number_unsigned_t value) {  // NOLINT(readability-identifier-naming)
    if (value > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return Add(JsonNode::BigInteger(std::to_string(value)));
    }
    return Add(JsonNode::Integer(static_cast<int64_t>(value)));
  }
  // nlohmann reports integers too large for 64 bits as floats; the text tells
  // them apart.
  bool number_float(Json::number_float_t /*value*/,  // NOLINT(readability-identifier-naming)
                    const std::string& text) {
    if (text.size() > kMaxNumberLength) {
      error_ = "Number value length (" + std::to_string(text.size()) +
               ") exceeds the maximum allowed (1000, from "
               "`StreamReadConstraints.getMaxNumberLength()`)";
      return false;
    }
    if (text.find_first_of(".eE") == std::string::npos) return Add(JsonNode::BigInteger(text));
    return Add(JsonNode::DecimalNumber(text));
  }
  bool string(std::string& value) {  // NOLINT(readability-identifier-naming)
    return Add(JsonNode::String(std::move(value)));
  }
  bool binary(Json::binary_t& /*value*/) {  // NOLINT(readability-identifier-naming)
    error_ = "binary values are not JSON";
    return false;
  }
  explicit TreeBuilder(size_t depth_offset) : depth_offset_(depth_offset) {}

  bool start_object(size_t /*size*/) {  // NOLINT(readability-identifier-naming)
    return Open(JsonNode::Object());
  }
  bool key(std::string& name) {  // NOLINT(readability-identifier-naming)
    stack_.back().key = std::move(name);
    return true;
  }
  bool end_object() { return Close(); }  // NOLINT(readability-identifier-naming)
  bool start_array(size_t /*size*/) {    // NOLINT(readability-identifier-naming)
    return Open(JsonNode::Array());
  }
  bool end_array() { return Close(); }   // NOLINT(readability-identifier-naming)
  bool parse_error(size_t /*position*/,  // NOLINT(readability-identifier-naming)
                   const std::string& /*last_token*/, const nlohmann::detail::exception& ex) {
    error_ = ex.what();
    return false;
  }

  JsonNode TakeRoot() { return std::move(root_); }
  const std::string& Error() const { return error_; }

 private:
  struct Frame {
    JsonNode node;
    std::string key;
    // Member name -> position, built once an object outgrows linear search.
    std::unordered_map<std::string, size_t> index;
  };

  bool Open(JsonNode container) {
    if (stack_.size() + depth_offset_ >= kMaxNestingDepth) {
      error_ = "Document nesting depth (" + std::to_string(stack_.size() + depth_offset_ + 1) +
               ") exceeds the maximum allowed (1000, from "
               "`StreamReadConstraints.getMaxNestingDepth()`)";
      return false;
    }
    stack_.push_back(Frame{std::move(container), {}, {}});
    return true;
  }

  bool Close() {
    JsonNode done = std::move(stack_.back().node);
    stack_.pop_back();
    return Add(std::move(done));
  }

  bool Add(JsonNode value) {
    if (stack_.empty()) {
      root_ = std::move(value);
      return true;
    }
    Frame& frame = stack_.back();
    if (frame.node.IsArray()) {
      frame.node.Append(std::move(value));
      return true;
    }
    const int64_t existing = FindMember(frame);
    frame.node.PutMember(std::move(frame.key), std::move(value), existing);
    return true;
  }

  static int64_t FindMember(Frame& frame) {
    const auto& keys = frame.node.Keys();
    if (keys.size() < kLinearSearchLimit) {
      for (size_t i = 0; i < keys.size(); ++i) {
        if (keys[i] == frame.key) return static_cast<int64_t>(i);
      }
      return -1;
    }
    if (frame.index.empty()) {
      for (size_t i = 0; i < keys.size(); ++i) frame.index.emplace(keys[i], i);
    }
    const auto [it, inserted] = frame.index.emplace(frame.key, keys.size());
    return inserted ? -1 : static_cast<int64_t>(it->second);
  }

  size_t depth_offset_;
  std::vector<Frame> stack_;
  JsonNode root_;
  std::string error_;
};

// `complete`: the text must hold exactly one value (nlohmann's strict mode);
// otherwise parsing stops after the first value, as Jackson's readTree does.
bool ParseJsonText(std::string_view text, JsonNode& out, std::string& error, bool complete,
                   size_t depth_offset) {
  TreeBuilder builder(depth_offset);
  const bool ok = nlohmann::json::sax_parse(text.begin(), text.end(), &builder,
                                            nlohmann::json::input_format_t::json, complete);
  if (!ok) {
    error = builder.Error().empty() ? "invalid JSON" : builder.Error();
    return false;
  }
  out = builder.TakeRoot();
  return true;
}

// Removes redundant leading zeros of numbers outside strings ("007" -> "7",
// "-00.5" -> "-0.5"), which Jackson accepts and nlohmann does not.
std::string StripLeadingZeros(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool in_string = false;
  bool escaped = false;
  bool in_number = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      out.push_back(c);
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
      in_number = false;
      out.push_back(c);
      continue;
    }
    if (!in_number && (IsDigit(c) || c == '-')) {
      in_number = true;
      if (c == '-') {
        out.push_back(c);
        ++i;
      }
      while (i + 1 < text.size() && text[i] == '0' && IsDigit(text[i + 1])) ++i;
      if (i < text.size()) out.push_back(text[i]);
      continue;
    }
    const bool number_char = IsDigit(c) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
    if (!number_char) in_number = false;
    out.push_back(c);
  }
  return out;
}

// A cheap over-approximation of "some number has a redundant leading zero":
// a '0' followed by a digit and not preceded by a digit or '.'. Matches inside
// strings or exponents only cost an unnecessary (but harmless) rewrite.
bool MayHaveLeadingZeros(std::string_view text) {
  for (size_t i = text.find('0'); i != std::string_view::npos; i = text.find('0', i + 1)) {
    if (i + 1 < text.size() && IsDigit(text[i + 1]) &&
        (i == 0 || !(IsDigit(text[i - 1]) || text[i - 1] == '.'))) {
      return true;
    }
  }
  return false;
}

}  // namespace

JsonNode JsonNode::Null() {
  JsonNode n;
  n.type_ = Type::kNull;
  return n;
}

JsonNode JsonNode::Boolean(bool value) {
  JsonNode n;
  n.type_ = Type::kBoolean;
  n.bool_ = value;
  return n;
}

JsonNode JsonNode::Integer(int64_t value) {
  JsonNode n;
  n.type_ = Type::kNumber;
  const bool fits_int =
      value >= std::numeric_limits<int32_t>::min() && value <= std::numeric_limits<int32_t>::max();
  n.number_type_ = fits_int ? NumberType::kInt : NumberType::kLong;
  n.int_ = value;
  n.text_ = std::to_string(value);
  return n;
}

JsonNode JsonNode::BigInteger(std::string text) {
  JsonNode n;
  n.type_ = Type::kNumber;
  n.number_type_ = NumberType::kBigInteger;
  n.text_ = std::move(text);
  return n;
}

JsonNode JsonNode::DecimalNumber(std::string text) {
  JsonNode n;
  n.type_ = Type::kNumber;
  n.number_type_ = NumberType::kDecimal;
  n.text_ = std::move(text);
  return n;
}

JsonNode JsonNode::String(std::string value) {
  JsonNode n;
  n.type_ = Type::kString;
  n.text_ = std::move(value);
  return n;
}

JsonNode JsonNode::Array() {
  JsonNode n;
  n.type_ = Type::kArray;
  return n;
}

JsonNode JsonNode::Object() {
  JsonNode n;
  n.type_ = Type::kObject;
  return n;
}

bool JsonNode::Parse(std::string_view text, JsonNode& out, std::string& error) {
  bool blank = true;
  for (const char c : text) {
    if (!IsJsonWhitespace(c)) {
      blank = false;
      break;
    }
  }
  if (blank) {
    out = JsonNode();  // Jackson's readTree gives a MissingNode for no content.
    return true;
  }
  // nlohmann stops at a leading zero ("007" would read as 0), so such
  // numbers are rewritten before parsing.
  if (MayHaveLeadingZeros(text)) {
    return ParseJsonText(StripLeadingZeros(text), out, error, false, 0);
  }
  return ParseJsonText(text, out, error, false, 0);
}

bool JsonNode::ParseComplete(std::string_view text, size_t depth_offset, JsonNode& out,
                             std::string& error) {
  if (MayHaveLeadingZeros(text)) {
    return ParseJsonText(StripLeadingZeros(text), out, error, true, depth_offset);
  }
  return ParseJsonText(text, out, error, true, depth_offset);
}

const char* JsonNode::TypeName() const {
  switch (type_) {
    case Type::kMissing:
      return "MISSING";
    case Type::kNull:
      return "NULL";
    case Type::kBoolean:
      return "BOOLEAN";
    case Type::kNumber:
      return "NUMBER";
    case Type::kString:
      return "STRING";
    case Type::kArray:
      return "ARRAY";
    case Type::kObject:
      return "OBJECT";
  }
  return "MISSING";
}

int64_t JsonNode::LongValue() const {
  if (type_ != Type::kNumber) return 0;
  if (number_type_ == NumberType::kInt || number_type_ == NumberType::kLong) return int_;
  const auto parsed = JavaBigDecimal::Parse(text_);
  return parsed ? parsed->LongValue() : 0;
}

float JsonNode::FloatValue() const {
  if (type_ != Type::kNumber) return 0.0F;
  if (number_type_ == NumberType::kInt || number_type_ == NumberType::kLong) {
    return static_cast<float>(int_);
  }
  const auto parsed = JavaBigDecimal::Parse(text_);
  return parsed ? parsed->ToFloat() : 0.0F;
}

double JsonNode::DoubleValue() const {
  if (type_ != Type::kNumber) return 0.0;
  if (number_type_ == NumberType::kInt || number_type_ == NumberType::kLong) {
    return static_cast<double>(int_);
  }
  const auto parsed = JavaBigDecimal::Parse(text_);
  return parsed ? parsed->ToDouble() : 0.0;
}

Decimal JsonNode::DecimalValue() const {
  if (number_type_ == NumberType::kInt || number_type_ == NumberType::kLong) {
    return Decimal::FromUnscaled(int_, 0);
  }
  const auto parsed = JavaBigDecimal::Parse(text_);
  return parsed ? parsed->ToDecimal() : Decimal::FromUnscaled(0, 0);
}

const JsonNode* JsonNode::Get(std::string_view key) const {
  if (type_ != Type::kObject) return nullptr;
  for (size_t i = 0; i < keys_.size(); ++i) {
    if (keys_[i] == key) return &children_[i];
  }
  return nullptr;
}

void JsonNode::PutMember(std::string key, JsonNode value, int64_t index_hint) {
  if (index_hint >= 0) {
    children_[static_cast<size_t>(index_hint)] = std::move(value);
    return;
  }
  keys_.push_back(std::move(key));
  children_.push_back(std::move(value));
}

}  // namespace kconnect::worker::runtime
