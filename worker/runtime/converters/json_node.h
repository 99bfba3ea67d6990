#pragma once
// JsonNode: a parsed JSON document with the node model JsonConverter's reading
// rules are written against (Jackson's JsonNode as configured by Kafka's
// JsonDeserializer). It differs from a generic JSON tree in what it keeps:
//   * numbers keep their kind (Jackson IntNode / LongNode / BigIntegerNode /
//     DecimalNode) and their text, so Decimal payloads read exactly
//     (USE_BIG_DECIMAL_FOR_FLOATS) and intValue()/longValue() truncate as Java;
//   * object members keep document order; a repeated name replaces the earlier
//     value in place (Jackson's default for trees);
//   * numbers with leading zeros are accepted (ALLOW_LEADING_ZEROS_FOR_NUMBERS);
//   * only the first value is read, trailing bytes are ignored (Jackson's
//     readTree does not check for trailing tokens);
//   * empty input is a MISSING node;
//   * nesting deeper than 1000 and numbers longer than 1000 characters are
//     rejected (Jackson 2.16 StreamReadConstraints defaults).
// Parsing is done by nlohmann::json's SAX parser. A JsonNode is a plain value;
// thread-safe as any value.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kconnect/data/value.h"

namespace kconnect::worker::runtime {

class JsonNode {
 public:
  enum class Type { kMissing, kNull, kBoolean, kNumber, kString, kArray, kObject };
  enum class NumberType { kInt, kLong, kBigInteger, kDecimal };

  JsonNode() = default;
  static JsonNode Null();
  static JsonNode Boolean(bool value);
  static JsonNode Integer(int64_t value);
  // An integral number outside int64 (Jackson BigIntegerNode), as decimal text.
  static JsonNode BigInteger(std::string text);
  // A number with a fraction or exponent (Jackson DecimalNode), as written.
  static JsonNode DecimalNumber(std::string text);
  static JsonNode String(std::string value);
  static JsonNode Array();
  static JsonNode Object();

  // Parses `text` into `out`. On failure returns false with a description of
  // the problem in `error` (nlohmann's parse error text or the constraint
  // that was exceeded).
  static bool Parse(std::string_view text, JsonNode& out, std::string& error);
  // Like Parse, but `text` must be exactly one JSON value (surrounding
  // whitespace allowed; empty text fails). `depth_offset` is the nesting depth
  // at which the text sits inside a larger document, so the depth limit
  // applies as if the whole document were parsed.
  static bool ParseComplete(std::string_view text, size_t depth_offset, JsonNode& out,
                            std::string& error);

  Type GetType() const { return type_; }
  // Jackson's JsonNodeType name: "NULL", "NUMBER", "OBJECT", ...
  const char* TypeName() const;
  bool IsMissing() const { return type_ == Type::kMissing; }
  bool IsNull() const { return type_ == Type::kNull; }
  bool IsBoolean() const { return type_ == Type::kBoolean; }
  bool IsNumber() const { return type_ == Type::kNumber; }
  bool IsTextual() const { return type_ == Type::kString; }
  bool IsArray() const { return type_ == Type::kArray; }
  bool IsObject() const { return type_ == Type::kObject; }
  // Jackson isInt(): an integral number that fits in int32.
  bool IsInt() const { return type_ == Type::kNumber && number_type_ == NumberType::kInt; }
  // Jackson isIntegralNumber().
  bool IsIntegralNumber() const {
    return type_ == Type::kNumber && number_type_ != NumberType::kDecimal;
  }
  NumberType GetNumberType() const { return number_type_; }

  // Jackson's lenient accessors: what a node of another kind answers is what
  // Jackson answers (false, 0, null).
  bool BooleanValue() const { return type_ == Type::kBoolean && bool_; }
  int32_t IntValue() const { return static_cast<int32_t>(LongValue()); }
  int64_t LongValue() const;
  float FloatValue() const;
  double DoubleValue() const;
  // REQUIRES: IsNumber(). BigDecimal value with the scale as written.
  Decimal DecimalValue() const;
  // The text of a STRING node; nullptr for any other node (textValue()).
  const std::string* TextValue() const { return type_ == Type::kString ? &text_ : nullptr; }
  // The number as written (NUMBER nodes).
  const std::string& NumberText() const { return text_; }

  // ARRAY: the elements. OBJECT: the member values (parallel to Keys()).
  const std::vector<JsonNode>& Elements() const { return children_; }
  // OBJECT: the member names in document order.
  const std::vector<std::string>& Keys() const { return keys_; }
  size_t Size() const { return children_.size(); }
  // OBJECT: the member with this name, or nullptr (also for non-objects).
  const JsonNode* Get(std::string_view key) const;

  // Builders used by the parser.
  void Append(JsonNode value) { children_.push_back(std::move(value)); }
  // Adds a member, replacing the value of an existing member of that name
  // (which keeps its position). `index_hint` is the existing position or -1.
  void PutMember(std::string key, JsonNode value, int64_t index_hint);

 private:
  Type type_ = Type::kMissing;
  NumberType number_type_ = NumberType::kInt;
  bool bool_ = false;
  int64_t int_ = 0;
  std::string text_;
  std::vector<std::string> keys_;
  std::vector<JsonNode> children_;
};

}  // namespace kconnect::worker::runtime
