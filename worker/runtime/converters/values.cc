#include "worker/runtime/converters/values.h"

#include <cmath>
#include <limits>
#include <optional>
#include <type_traits>
#include <variant>

#include "kconnect/data/struct.h"
#include "kconnect/errors.h"
#include "worker/runtime/converters/converter_support.h"
#include "worker/runtime/converters/java_big_decimal.h"
#include "worker/util/java_format.h"

namespace kconnect::worker::runtime {
namespace {

constexpr int64_t kMillisPerDay = 24LL * 60 * 60 * 1000;

// ---------------------------------------------------------------------------
// Calendar arithmetic (proleptic Gregorian, UTC).

// Days since 1970-01-01 of a civil date (H. Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct CivilDate {
  int64_t year;
  int month;
  int day;
};

CivilDate CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return CivilDate{y + (m <= 2 ? 1 : 0), m, d};
}

int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0);
}

void AppendPadded(std::string& out, int64_t value, int width) {
  std::string digits = std::to_string(value);
  if (static_cast<int>(digits.size()) < width) {
    out.append(static_cast<size_t>(width) - digits.size(), '0');
  }
  out += digits;
}

// One of the three SimpleDateFormat patterns Values uses. Numeric fields are
// read greedily (every field is followed by a literal) and combined leniently,
// as a lenient GregorianCalendar does (month 13 is January of the next year).
enum class TemporalPattern { kDate, kTime, kTimestamp };

std::optional<int64_t> ParseTemporalPattern(std::string_view text, TemporalPattern pattern) {
  // Field letters as in the Java pattern; other characters are literals.
  const std::string_view layout = pattern == TemporalPattern::kDate   ? "y-M-d"
                                  : pattern == TemporalPattern::kTime ? "H:m:s.SZ"
                                                                      : "y-M-dTH:m:s.SZ";
  int64_t year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, millis = 0;
  size_t pos = 0;
  for (const char element : layout) {
    const bool numeric = element == 'y' || element == 'M' || element == 'd' || element == 'H' ||
                         element == 'm' || element == 's' || element == 'S';
    if (!numeric) {
      if (pos >= text.size() || text[pos] != element) return std::nullopt;
      ++pos;
      continue;
    }
    const size_t start = pos;
    int64_t number = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && pos - start < 12) {
      number = number * 10 + (text[pos] - '0');
      ++pos;
    }
    if (pos == start) return std::nullopt;
    switch (element) {
      case 'y':
        year = number;
        break;
      case 'M':
        month = number;
        break;
      case 'd':
        day = number;
        break;
      case 'H':
        hour = number;
        break;
      case 'm':
        minute = number;
        break;
      case 's':
        second = number;
        break;
      default:
        millis = number;
        break;
    }
  }
  const int64_t months = year * 12 + (month - 1);
  const int64_t norm_year = FloorDiv(months, 12);
  const int64_t norm_month = months - norm_year * 12 + 1;
  const int64_t days = DaysFromCivil(norm_year, norm_month, 1) + (day - 1);
  return days * kMillisPerDay + hour * 3600000 + minute * 60000 + second * 1000 + millis;
}

// ---------------------------------------------------------------------------
// convertToString

std::string Escape(const std::string& value) {
  std::string out;
  out.reserve(value.size());
  for (const char c : value) {
    if (c == '\\' || c == '"') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

void Append(std::string& sb, const Value& value, bool embedded);

void AppendEntries(std::string& sb, const Value::Array& values) {
  bool first = true;
  for (const Value& v : values) {
    if (!first) sb.push_back(',');
    first = false;
    Append(sb, v, true);
  }
}

void Append(std::string& sb, const Value& value, bool embedded) {
  struct Visitor {
    std::string& sb;
    bool embedded;
    void operator()(std::monostate) const { sb += "null"; }
    void operator()(bool v) const { sb += v ? "true" : "false"; }
    void operator()(int8_t v) const { sb += std::to_string(v); }
    void operator()(int16_t v) const { sb += std::to_string(v); }
    void operator()(int32_t v) const { sb += std::to_string(v); }
    void operator()(int64_t v) const { sb += std::to_string(v); }
    void operator()(float v) const { sb += util::JavaFloatToString(v); }
    void operator()(double v) const { sb += util::JavaDoubleToString(v); }
    void operator()(const Decimal& v) const { sb += v.ToString(); }
    void operator()(const std::string& v) const {
      if (embedded) {
        sb.push_back('"');
        sb += Escape(v);
        sb.push_back('"');
      } else {
        sb += v;
      }
    }
    void operator()(const Bytes& v) const {
      const std::string encoded =
          util::Base64Encode(std::string_view(reinterpret_cast<const char*>(v.data()), v.size()));
      if (embedded) sb.push_back('"');
      sb += encoded;
      if (embedded) sb.push_back('"');
    }
    void operator()(const Value::Array& v) const {
      sb.push_back('[');
      AppendEntries(sb, v);
      sb.push_back(']');
    }
    void operator()(const Value::Map& v) const {
      sb.push_back('{');
      bool first = true;
      for (const auto& [key, entry] : v) {
        if (!first) sb.push_back(',');
        first = false;
        Append(sb, key, true);
        sb.push_back(':');
        Append(sb, entry, true);
      }
      sb.push_back('}');
    }
    void operator()(const Value::StructPtr& v) const {
      sb.push_back('{');
      bool first = true;
      for (const Field& field : v->GetSchema()->Fields()) {
        if (!first) sb.push_back(',');
        first = false;
        Append(sb, Value(field.name), true);
        sb.push_back(':');
        Append(sb, v->Get(field), true);
      }
      sb.push_back('}');
    }
    void operator()(const EpochMillis& v) const { sb += Values::FormatTemporal(v.millis); }
  };
  std::visit(Visitor{sb, embedded}, value.variant());
}

// ---------------------------------------------------------------------------
// convertTo (used to align parsed list and map entries with their schema)

std::string Describe(const Value& value) {
  return value.ToJavaString() + " (" + JavaClassDescription(value) + ")";
}

// Java's (long) cast of a double: NaN is 0, out-of-range values saturate.
int64_t JavaDoubleToLong(double d) {
  if (std::isnan(d)) return 0;
  if (d >= 9223372036854775807.0) return std::numeric_limits<int64_t>::max();
  if (d <= -9223372036854775808.0) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(d);
}

// Values.asLong with a null fromSchema.
int64_t AsLong(const Value& value) {
  const auto result = std::visit(
      [](const auto& v) -> std::optional<int64_t> {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
          return static_cast<int64_t>(v);
        } else if constexpr (std::is_floating_point_v<T>) {
          return JavaDoubleToLong(v);
        } else if constexpr (std::is_same_v<T, Decimal>) {
          return JavaBigDecimal::FromDecimal(v).LongValue();
        } else if constexpr (std::is_same_v<T, std::string>) {
          const auto parsed = JavaBigDecimal::Parse(v);
          if (!parsed) return std::nullopt;
          return parsed->LongValue();
        } else {
          return std::nullopt;
        }
      },
      value.variant());
  if (!result) throw DataException("Unable to convert " + Describe(value) + " to a number");
  return *result;
}

// Values.asDouble with a null fromSchema.
double AsDouble(const Value& value) {
  const auto result = std::visit(
      [](const auto& v) -> std::optional<double> {
        using T = std::decay_t<decltype(v)>;
        if constexpr ((std::is_integral_v<T> && !std::is_same_v<T, bool>) ||
                      std::is_floating_point_v<T>) {
          return static_cast<double>(v);
        } else if constexpr (std::is_same_v<T, Decimal>) {
          return JavaBigDecimal::FromDecimal(v).ToDouble();
        } else if constexpr (std::is_same_v<T, std::string>) {
          const auto parsed = JavaBigDecimal::Parse(v);
          if (!parsed) return std::nullopt;
          return parsed->ToDouble();
        } else {
          return std::nullopt;
        }
      },
      value.variant());
  if (result) return *result;
  return static_cast<double>(AsLong(value));
}

[[noreturn]] void ThrowUnableToConvert(const Value& value, const Schema& to) {
  throw DataException("Unable to convert " + Describe(value) + " to " + to.ToString());
}

Value ConvertTo(const SchemaPtr& to, const Value& value) {
  if (value.IsNull()) {
    if (to->IsOptional()) return Value();
    throw DataException("Unable to convert a null value to a schema that requires a value");
  }
  const auto& name = to->Name();
  auto is_named = [&name](const char* logical_name) { return name && *name == logical_name; };
  switch (to->Type()) {
    case SchemaType::kBytes:
      if (is_named(logical::kDecimalName)) {
        if (value.Is<Decimal>()) return value;
        if (const auto* bytes = value.Get<Bytes>()) {
          const std::string* scale = to->Parameter(logical::kDecimalScaleParam);
          return Value(Decimal{MinimalTwosComplement(*bytes), scale ? std::stoi(*scale) : 0});
        }
        if (const auto* text = value.Get<std::string>()) {
          const auto parsed = JavaBigDecimal::Parse(*text);
          if (!parsed) throw DataException("Unable to convert " + Describe(value) + " to a number");
          return Value(parsed->ToDecimal());
        }
        // BigDecimal.valueOf(double) goes through Double.toString.
        const auto parsed = JavaBigDecimal::Parse(util::JavaDoubleToString(AsDouble(value)));
        if (!parsed) ThrowUnableToConvert(value, *to);
        return Value(parsed->ToDecimal());
      }
      if (value.Is<Bytes>()) return value;
      if (const auto* decimal = value.Get<Decimal>()) {
        return Value(MinimalTwosComplement(decimal->unscaled));
      }
      ThrowUnableToConvert(value, *to);
    case SchemaType::kString:
      return Value(Values::ConvertToString(nullptr, value));
    case SchemaType::kBoolean:
      if (value.Is<bool>()) return value;
      if (const auto* text = value.Get<std::string>()) {
        SchemaAndValue parsed = Values::ParseString(*text);
        if (parsed.value.Is<bool>()) return parsed.value;
      }
      return Value(AsLong(value) != 0);
    case SchemaType::kInt8:
      if (value.Is<int8_t>()) return value;
      return Value(static_cast<int8_t>(AsLong(value)));
    case SchemaType::kInt16:
      if (value.Is<int16_t>()) return value;
      return Value(static_cast<int16_t>(AsLong(value)));
    case SchemaType::kInt32:
    case SchemaType::kInt64: {
      const bool date = is_named(logical::kDateName);
      const bool time = is_named(logical::kTimeName);
      const bool timestamp = is_named(logical::kTimestampName);
      if (date || time || timestamp) {
        Value v = value;
        if (const auto* text = value.Get<std::string>()) v = Values::ParseString(*text).value;
        if (v.Is<EpochMillis>()) return v;  // no fromSchema: no conversion needed
        const int64_t numeric = AsLong(v);
        if (date) return Value(EpochMillis{static_cast<int32_t>(numeric) * kMillisPerDay});
        if (time) {
          const auto millis = static_cast<int32_t>(numeric);
          if (millis < 0 || millis > kMillisPerDay) {
            throw DataException(
                "Time values must use number of milliseconds greater than 0 and less than "
                "86400000");
          }
          return Value(EpochMillis{millis});
        }
        return Value(EpochMillis{numeric});
      }
      if (to->Type() == SchemaType::kInt32) {
        if (value.Is<int32_t>()) return value;
        return Value(static_cast<int32_t>(AsLong(value)));
      }
      if (value.Is<int64_t>()) return value;
      return Value(AsLong(value));
    }
    case SchemaType::kFloat32:
      if (value.Is<float>()) return value;
      return Value(static_cast<float>(AsDouble(value)));
    case SchemaType::kFloat64:
      if (value.Is<double>()) return value;
      return Value(AsDouble(value));
    case SchemaType::kArray: {
      Value v = value;
      if (const auto* text = value.Get<std::string>()) v = Values::ParseString(*text).value;
      if (v.Is<Value::Array>()) return v;
      ThrowUnableToConvert(v, *to);
    }
    case SchemaType::kMap: {
      Value v = value;
      if (const auto* text = value.Get<std::string>()) v = Values::ParseString(*text).value;
      if (v.Is<Value::Map>()) return v;
      ThrowUnableToConvert(v, *to);
    }
    case SchemaType::kStruct:
      if (value.Is<Value::StructPtr>()) return value;
      ThrowUnableToConvert(value, *to);
  }
  ThrowUnableToConvert(value, *to);
}

// ---------------------------------------------------------------------------
// Schema merging (Values.SchemaMerger / mergeSchemas)

bool IsOneOf(SchemaType t, std::initializer_list<SchemaType> types) {
  for (const SchemaType candidate : types) {
    if (t == candidate) return true;
  }
  return false;
}

SchemaPtr MergeSchemas(const SchemaPtr& previous, const SchemaPtr& latest) {
  const SchemaType p = previous->Type();
  const SchemaType n = latest->Type();
  using T = SchemaType;
  if (p != n) {
    switch (p) {
      case T::kInt8:
        return IsOneOf(n, {T::kInt16, T::kInt32, T::kInt64, T::kFloat32, T::kFloat64}) ? latest
                                                                                       : nullptr;
      case T::kInt16:
        if (n == T::kInt8) return previous;
        return IsOneOf(n, {T::kInt32, T::kInt64, T::kFloat32, T::kFloat64}) ? latest : nullptr;
      case T::kInt32:
        if (IsOneOf(n, {T::kInt8, T::kInt16})) return previous;
        return IsOneOf(n, {T::kInt64, T::kFloat32, T::kFloat64}) ? latest : nullptr;
      case T::kInt64:
        if (IsOneOf(n, {T::kInt8, T::kInt16, T::kInt32})) return previous;
        return IsOneOf(n, {T::kFloat32, T::kFloat64}) ? latest : nullptr;
      case T::kFloat32:
        if (IsOneOf(n, {T::kInt8, T::kInt16, T::kInt32, T::kInt64})) return previous;
        return n == T::kFloat64 ? latest : nullptr;
      case T::kFloat64:
        return IsOneOf(n, {T::kInt8, T::kInt16, T::kInt32, T::kInt64, T::kFloat32}) ? previous
                                                                                    : nullptr;
      default:
        return nullptr;
    }
  }
  if (previous->IsOptional() == latest->IsOptional()) {
    return previous->IsOptional() ? previous : latest;
  }
  if (!(*previous == *latest)) return nullptr;
  return previous;
}

class SchemaMerger {
 public:
  void Merge(const std::optional<SchemaAndValue>& latest) {
    if (!latest || !latest->schema || !compatible_) return;
    if (!common_) {
      common_ = latest->schema;
    } else {
      common_ = MergeSchemas(common_, latest->schema);
      compatible_ = common_ != nullptr;
    }
  }
  bool HasCommonSchema() const { return common_ != nullptr; }
  const SchemaPtr& Schema() const { return common_; }

 private:
  SchemaPtr common_;
  bool compatible_ = true;
};

// ---------------------------------------------------------------------------
// The tokenizer (Values.Parser). Tokens are the delimiters : , { } [ ] " and
// the text between them; a backslash escapes a delimiter.

bool IsBlank(std::string_view s) {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) > ' ') return false;
  }
  return true;
}

// Java String.trim: strips characters <= ' '.
std::string_view Trim(std::string_view s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && static_cast<unsigned char>(s[b]) <= ' ') ++b;
  while (e > b && static_cast<unsigned char>(s[e - 1]) <= ' ') --e;
  return s.substr(b, e - b);
}

class Parser {
 public:
  explicit Parser(std::string_view original) : original_(original) {}

  size_t Position() const { return pos_; }
  size_t Mark() const { return pos_ - (next_token_ ? next_token_->size() : 0); }
  void RewindTo(size_t position) {
    pos_ = position;
    next_token_.reset();
    previous_token_.reset();
  }
  std::string_view Original() const { return original_; }
  bool HasNext() const { return next_token_.has_value() || CanConsumeNextToken(); }

  std::string_view Next() {
    if (next_token_) {
      previous_token_ = next_token_;
      next_token_.reset();
    } else {
      previous_token_ = ConsumeNextToken();
    }
    return *previous_token_;
  }

  // The original text of the next n tokens, or nullopt (and no change) when
  // there are fewer.
  std::optional<std::string_view> Next(int n) {
    const size_t start = Mark();
    for (int i = 0; i != n; ++i) {
      if (!HasNext()) {
        RewindTo(start);
        return std::nullopt;
      }
      Next();
    }
    return original_.substr(start, Position() - start);
  }

  std::optional<std::string_view> Previous() const { return previous_token_; }

  bool CanConsume(std::string_view expected) {
    if (IsNext(expected)) {
      next_token_.reset();
      return true;
    }
    return false;
  }

 private:
  bool CanConsumeNextToken() const { return pos_ < original_.size(); }

  std::string_view ConsumeNextToken() {
    bool escaped = false;
    const size_t start = pos_;
    while (CanConsumeNextToken()) {
      const char c = original_[pos_];
      switch (c) {
        case '\\':
          escaped = !escaped;
          break;
        case ':':
        case ',':
        case '{':
        case '}':
        case '[':
        case ']':
        case '"':
          if (!escaped) {
            if (start < pos_) return original_.substr(start, pos_ - start);
            ++pos_;
            return original_.substr(start, 1);
          }
          escaped = false;
          break;
        default:
          escaped = false;
          break;
      }
      ++pos_;
    }
    return original_.substr(start, pos_ - start);
  }

  // Skips blank tokens; compares the trimmed token.
  bool IsNext(std::string_view expected) {
    if (!next_token_) {
      if (!HasNext()) return false;
      next_token_ = ConsumeNextToken();
    }
    while (IsBlank(*next_token_) && CanConsumeNextToken()) next_token_ = ConsumeNextToken();
    return Trim(*next_token_) == expected;
  }

  std::string_view original_;
  size_t pos_ = 0;
  std::optional<std::string_view> next_token_;
  std::optional<std::string_view> previous_token_;
};

// ---------------------------------------------------------------------------
// Values.ValueParser

SchemaAndValue Of(const SchemaPtr& schema, Value value) {
  return SchemaAndValue{schema, std::move(value)};
}

std::optional<SchemaAndValue> ParseAsTemporal(std::string token) {
  // Escaped colons are unescaped first.
  for (size_t at = token.find("\\:"); at != std::string::npos; at = token.find("\\:", at)) {
    token.erase(at, 1);
    ++at;
  }
  std::optional<int64_t> millis;
  SchemaPtr schema;
  if (token.size() == 13) {
    millis = ParseTemporalPattern(token, TemporalPattern::kTime);
    schema = logical::TimeSchema();
  } else if (token.size() == 24) {
    millis = ParseTemporalPattern(token, TemporalPattern::kTimestamp);
    schema = logical::TimestampSchema();
  } else if (token.size() == 10) {
    millis = ParseTemporalPattern(token, TemporalPattern::kDate);
    schema = logical::DateSchema();
  }
  if (!millis) return std::nullopt;
  return Of(schema, Value(EpochMillis{*millis}));
}

std::optional<SchemaAndValue> ParseAsExactDecimal(const JavaBigDecimal& decimal) {
  static const JavaBigDecimal kBiggerThanLong{false, "1", -19};
  static const JavaBigDecimal kOne{false, "1", 0};
  if (JavaBigDecimal::CompareAbs(decimal, kBiggerThanLong) > 0 ||
      (JavaBigDecimal::CompareAbs(decimal, kOne) < 0 && !decimal.IsZero())) {
    return std::nullopt;
  }
  const bool whole =
      decimal.IsZero() || decimal.scale <= 0 || decimal.StripTrailingZeros().scale <= 0;
  if (!whole || !decimal.FitsLongExactly()) return std::nullopt;
  const int64_t integral = decimal.LongValue();
  if (static_cast<int8_t>(integral) == integral) {
    return Of(Schema::Int8(), Value(static_cast<int8_t>(integral)));
  }
  if (static_cast<int16_t>(integral) == integral) {
    return Of(Schema::Int16(), Value(static_cast<int16_t>(integral)));
  }
  if (static_cast<int32_t>(integral) == integral) {
    return Of(Schema::Int32(), Value(static_cast<int32_t>(integral)));
  }
  return Of(Schema::Int64(), Value(integral));
}

// nullopt where Java's `new BigDecimal(token)` throws NumberFormatException.
std::optional<SchemaAndValue> ParseAsNumber(std::string_view token) {
  const auto decimal = JavaBigDecimal::Parse(token);
  if (!decimal) return std::nullopt;
  if (auto exact = ParseAsExactDecimal(*decimal)) return exact;
  const float f = decimal->ToFloat();
  if (!std::isinf(f) && decimal->scale != 0) return Of(Schema::Float32(), Value(f));
  const double d = decimal->ToDouble();
  if (!std::isinf(d) && decimal->scale != 0) return Of(Schema::Float64(), Value(d));
  return Of(logical::DecimalSchema(decimal->scale), Value(decimal->ToDecimal()));
}

SchemaPtr ArrayOfNull() {
  static const SchemaPtr schema = SchemaBuilder(SchemaType::kArray).Build();
  return schema;
}

// A map schema without key and value schemas (SchemaBuilder.mapOfNull; the
// SDK cannot express Java's mapWithNullValues(keySchema), which keeps the key
// schema, so that case uses this schema too).
SchemaPtr MapOfNull() {
  static const SchemaPtr schema = SchemaBuilder(SchemaType::kMap).Build();
  return schema;
}

class ValueParser {
 public:
  explicit ValueParser(Parser& parser) : parser_(parser) {}

  // nullopt is Java's null SchemaAndValue (end of input or a null literal).
  std::optional<SchemaAndValue> Parse(bool embedded) {
    if (!parser_.HasNext()) return std::nullopt;
    if (embedded && parser_.CanConsume("\"")) return ParseQuotedString();
    if (CanParseSingleTokenLiteral(embedded, "null")) return std::nullopt;
    if (CanParseSingleTokenLiteral(embedded, "true")) return Of(Schema::Boolean(), Value(true));
    if (CanParseSingleTokenLiteral(embedded, "false")) return Of(Schema::Boolean(), Value(false));

    const size_t start = parser_.Mark();
    try {
      if (parser_.CanConsume("[")) return ParseArray();
      if (parser_.CanConsume("{")) return ParseMap();
    } catch (const DataException&) {
      // Not a valid array or map after all: read it as a plain token instead.
      parser_.RewindTo(start);
    }

    const std::string_view token = parser_.Next();
    if (IsBlank(token)) return Of(Schema::String(), Value(std::string(token)));
    return ParseNextToken(embedded, Trim(token));
  }

 private:
  bool CanParseSingleTokenLiteral(bool embedded, std::string_view literal) {
    const size_t start = parser_.Mark();
    if (parser_.CanConsume(literal)) {
      // At the top level a literal must be the whole input ("true}" is a string).
      if (embedded || !parser_.HasNext()) return true;
    }
    parser_.RewindTo(start);
    return false;
  }

  std::optional<SchemaAndValue> ParseNextToken(bool embedded, std::string_view token) {
    const char first = token[0];
    const bool first_is_digit = first >= '0' && first <= '9';
    if (first_is_digit) {
      if (auto temporal = ParseMultipleTokensAsTemporal(token)) return temporal;
    }
    if (first_is_digit || first == '+' || first == '-') {
      if (auto number = ParseAsNumber(token)) return number;
    }
    if (embedded) throw DataException("Failed to parse embedded value");
    return Of(Schema::String(), Value(std::string(parser_.Original())));
  }

  std::optional<SchemaAndValue> ParseQuotedString() {
    std::string content;
    while (parser_.HasNext()) {
      if (parser_.CanConsume("\"")) break;
      content += parser_.Next();
    }
    if (auto temporal = ParseAsTemporal(content)) return temporal;
    return Of(Schema::String(), Value(std::move(content)));
  }

  // The time and timestamp literals span five tokens because ':' is a
  // delimiter.
  std::optional<SchemaAndValue> ParseMultipleTokensAsTemporal(std::string_view token) {
    const size_t position = parser_.Mark();
    if (const auto remainder = parser_.Next(4)) {
      if (auto temporal = ParseAsTemporal(std::string(token) + std::string(*remainder))) {
        return temporal;
      }
    }
    parser_.RewindTo(position);
    return ParseAsTemporal(std::string(token));
  }

  SchemaAndValue ParseArray() {
    Value::Array result;
    SchemaMerger element_schema;
    while (parser_.HasNext()) {
      if (parser_.CanConsume("]")) {
        if (!element_schema.HasCommonSchema()) return Of(ArrayOfNull(), Value(std::move(result)));
        SchemaPtr list_schema = SchemaBuilder::Array(element_schema.Schema()).Build();
        Value::Array aligned;
        aligned.reserve(result.size());
        for (const Value& v : result) aligned.push_back(ConvertTo(list_schema->ValueSchema(), v));
        return Of(list_schema, Value(std::move(aligned)));
      }
      if (parser_.CanConsume(",")) {
        throw DataException("Unable to parse an empty array element: " +
                            std::string(parser_.Original()));
      }
      std::optional<SchemaAndValue> element = Parse(true);
      element_schema.Merge(element);
      result.push_back(element ? element->value : Value());

      const size_t current = parser_.Mark();
      if (parser_.CanConsume("]")) {
        parser_.RewindTo(current);
      } else if (!parser_.CanConsume(",")) {
        throw DataException("Array elements missing ',' delimiter");
      }
    }
    if (parser_.Previous() == std::optional<std::string_view>(",")) {
      throw DataException("Array is missing element after ',': " + std::string(parser_.Original()));
    }
    throw DataException("Array is missing terminating ']': " + std::string(parser_.Original()));
  }

  SchemaAndValue ParseMap() {
    Value::Map result;
    SchemaMerger key_schema;
    SchemaMerger value_schema;
    while (parser_.HasNext()) {
      if (parser_.CanConsume("}")) {
        if (key_schema.HasCommonSchema() && value_schema.HasCommonSchema()) {
          SchemaPtr map_schema =
              SchemaBuilder::Map(key_schema.Schema(), value_schema.Schema()).Build();
          Value::Map aligned;
          aligned.reserve(result.size());
          for (const auto& [k, v] : result) {
            aligned.emplace_back(ConvertTo(map_schema->KeySchema(), k),
                                 ConvertTo(map_schema->ValueSchema(), v));
          }
          return Of(map_schema, Value(std::move(aligned)));
        }
        if (key_schema.HasCommonSchema()) {
          Value::Map aligned;
          aligned.reserve(result.size());
          for (const auto& [k, v] : result)
            aligned.emplace_back(ConvertTo(key_schema.Schema(), k), v);
          return Of(MapOfNull(), Value(std::move(aligned)));
        }
        return Of(MapOfNull(), Value(std::move(result)));
      }
      if (parser_.CanConsume(",")) {
        throw DataException("Unable to parse a map entry with no key or value: " +
                            std::string(parser_.Original()));
      }
      std::optional<SchemaAndValue> key = Parse(true);
      if (!key || key->value.IsNull()) {
        throw DataException("Map entry may not have a null key: " +
                            std::string(parser_.Original()));
      }
      if (!parser_.CanConsume(":")) {
        throw DataException("Map entry is missing ':' at " + std::to_string(parser_.Position()) +
                            " in " + std::string(parser_.Original()));
      }
      std::optional<SchemaAndValue> value = Parse(true);
      // LinkedHashMap.put: a repeated key keeps its place and takes the new value.
      Value entry_value = value ? value->value : Value();
      bool replaced = false;
      for (auto& [k, v] : result) {
        if (k == key->value) {
          v = entry_value;
          replaced = true;
          break;
        }
      }
      if (!replaced) result.emplace_back(key->value, std::move(entry_value));

      parser_.CanConsume(",");
      key_schema.Merge(key);
      value_schema.Merge(value);
    }
    if (parser_.Previous() == std::optional<std::string_view>(",")) {
      throw DataException("Map is missing element after ',': " + std::string(parser_.Original()));
    }
    throw DataException("Map is missing terminating '}': " + std::string(parser_.Original()));
  }

  Parser& parser_;
};

}  // namespace

std::string Values::ConvertToString(const SchemaPtr& /*schema*/, const Value& value) {
  std::string sb;
  Append(sb, value, false);
  return sb;
}

SchemaAndValue Values::ParseString(std::string_view text) {
  if (text.empty()) return SchemaAndValue{Schema::String(), Value(std::string())};
  Parser parser(text);
  ValueParser value_parser(parser);
  std::optional<SchemaAndValue> result = value_parser.Parse(false);
  if (!result) return SchemaAndValue{nullptr, Value()};
  return std::move(*result);
}

std::string Values::FormatTemporal(int64_t epoch_millis) {
  const int64_t days = FloorDiv(epoch_millis, kMillisPerDay);
  const int64_t time_of_day = epoch_millis - days * kMillisPerDay;
  std::string out;
  auto append_date = [&] {
    const CivilDate date = CivilFromDays(days);
    AppendPadded(out, date.year, 4);
    out.push_back('-');
    AppendPadded(out, date.month, 2);
    out.push_back('-');
    AppendPadded(out, date.day, 2);
  };
  auto append_time = [&] {
    AppendPadded(out, time_of_day / 3600000, 2);
    out.push_back(':');
    AppendPadded(out, time_of_day / 60000 % 60, 2);
    out.push_back(':');
    AppendPadded(out, time_of_day / 1000 % 60, 2);
    out.push_back('.');
    AppendPadded(out, time_of_day % 1000, 3);
    out.push_back('Z');
  };
  if (epoch_millis < kMillisPerDay) {
    append_time();
  } else if (epoch_millis % kMillisPerDay == 0) {
    append_date();
  } else {
    append_date();
    out.push_back('T');
    append_time();
  }
  return out;
}

}  // namespace kconnect::worker::runtime
