#include "kconnect/config_def.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include "java_text.h"

namespace kconnect {
namespace {

using Parsed = ConfigDef::Parsed;
using Type = ConfigDef::Type;

// How Java prints a parsed config value inside "Invalid value <v> ...":
// Object.toString of Integer, Double, Boolean, String and List.
std::string ParsedToJavaString(const Parsed& value) {
  struct Visitor {
    std::string operator()(std::monostate) const { return "null"; }
    std::string operator()(bool v) const { return v ? "true" : "false"; }
    std::string operator()(int32_t v) const { return std::to_string(v); }
    std::string operator()(int16_t v) const { return std::to_string(v); }
    std::string operator()(int64_t v) const { return std::to_string(v); }
    std::string operator()(double v) const { return internal::JavaDoubleToString(v); }
    std::string operator()(const std::string& v) const { return v; }
    std::string operator()(const std::vector<std::string>& v) const {
      std::string out = "[";
      for (size_t i = 0; i < v.size(); ++i) {
        if (i > 0) out += ", ";
        out += v[i];
      }
      return out + "]";
    }
  };
  return std::visit(Visitor{}, value);
}

const char* ParsedTypeName(const Parsed& value) {
  static constexpr const char* kNames[] = {
      "null",    "bool",   "int32_t",     "int16_t",
      "int64_t", "double", "std::string", "std::vector<std::string>"};
  return kNames[value.index()];
}

// Integer.parseInt / Short.parseShort / Long.parseLong over ASCII digits:
// an optional sign, then at least one digit, within [min, max].
std::optional<int64_t> ParseJavaInteger(std::string_view s, int64_t min, int64_t max) {
  if (s.empty()) return std::nullopt;
  bool negative = false;
  size_t i = 0;
  if (s[0] == '+' || s[0] == '-') {
    negative = s[0] == '-';
    i = 1;
    if (s.size() == 1) return std::nullopt;
  }
  const uint64_t limit =
      negative ? static_cast<uint64_t>(-(min + 1)) + 1 : static_cast<uint64_t>(max);
  uint64_t acc = 0;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    const auto digit = static_cast<uint64_t>(s[i] - '0');
    if (acc > (limit - digit) / 10) return std::nullopt;
    acc = acc * 10 + digit;
  }
  if (!negative) return static_cast<int64_t>(acc);
  return acc == 0 ? 0 : -static_cast<int64_t>(acc - 1) - 1;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHexDigit(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Double.parseDouble: [sign] (NaN | Infinity | decimal | hex) [fFdD].
std::optional<double> ParseJavaDouble(std::string_view s) {
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "NaN") return std::nan("");
  if (s == "Infinity") return negative ? -HUGE_VAL : HUGE_VAL;
  if (!s.empty() && (s.back() == 'f' || s.back() == 'F' || s.back() == 'd' || s.back() == 'D')) {
    s.remove_suffix(1);
  }
  if (s.empty()) return std::nullopt;
  const bool hex = s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
  std::string_view body = hex ? s.substr(2) : s;
  // Syntax check: mantissa digits with an optional point, then an exponent
  // (mandatory for hex: 'p', optional for decimal: 'e').
  size_t i = 0;
  size_t mantissa_digits = 0;
  auto digit = hex ? IsHexDigit : IsDigit;
  while (i < body.size() && digit(body[i])) ++i, ++mantissa_digits;
  if (i < body.size() && body[i] == '.') {
    ++i;
    while (i < body.size() && digit(body[i])) ++i, ++mantissa_digits;
  }
  if (mantissa_digits == 0) return std::nullopt;
  const char exp_lower = hex ? 'p' : 'e';
  if (i < body.size() && (body[i] == exp_lower || body[i] == exp_lower - 32)) {
    ++i;
    if (i < body.size() && (body[i] == '+' || body[i] == '-')) ++i;
    size_t exp_digits = 0;
    while (i < body.size() && IsDigit(body[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return std::nullopt;
  } else if (hex) {
    return std::nullopt;
  }
  if (i != body.size()) return std::nullopt;

  double value = 0;
  const auto res = std::from_chars(body.data(), body.data() + body.size(), value,
                                   hex ? std::chars_format::hex : std::chars_format::general);
  if (res.ec == std::errc::result_out_of_range) {
    // Java rounds overflow to Infinity and underflow to zero; strtod does too.
    std::string text = hex ? "0x" + std::string(body) : std::string(body);
    value = std::strtod(text.c_str(), nullptr);
  } else if (res.ec != std::errc() || res.ptr != body.data() + body.size()) {
    return std::nullopt;
  }
  return negative ? -value : value;
}

// Java's \s in a regex: [ \t\n\x0B\f\r].
bool IsRegexSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\x0B' || c == '\f' || c == '\r';
}

// trimmed.split("\\s*,\\s*", -1): empty elements and a trailing empty element
// are kept.
std::vector<std::string> SplitList(std::string_view trimmed) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    const size_t comma = trimmed.find(',', start);
    if (comma == std::string_view::npos) {
      out.emplace_back(trimmed.substr(start));
      break;
    }
    size_t end = comma;
    while (end > start && IsRegexSpace(trimmed[end - 1])) --end;
    out.emplace_back(trimmed.substr(start, end - start));
    start = comma + 1;
    while (start < trimmed.size() && IsRegexSpace(trimmed[start])) ++start;
  }
  return out;
}

// Java's HashSet<String> iteration order (default capacity 16, load factor
// 0.75): the order Java prints a set of strings in. Duplicates are dropped.
std::vector<std::string> JavaHashSetOrder(const std::vector<std::string>& items) {
  std::vector<std::string> unique;
  for (const auto& s : items) {
    if (std::find(unique.begin(), unique.end(), s) == unique.end()) unique.push_back(s);
  }
  uint32_t capacity = 16;
  while (unique.size() > capacity * 3 / 4) capacity *= 2;
  auto bucket = [capacity](const std::string& s) {
    const auto h = static_cast<uint32_t>(internal::JavaStringHash(s));
    return (h ^ (h >> 16)) & (capacity - 1);
  };
  std::stable_sort(
      unique.begin(), unique.end(),
      [&bucket](const std::string& a, const std::string& b) { return bucket(a) < bucket(b); });
  return unique;
}

std::string Join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += sep;
    out += items[i];
  }
  return out;
}

// --- Validators --------------------------------------------------------------

// ConfigDef.Range. Bounds are kept as text too, because Java prints the
// Number it was given ("at least 1", "at least 0.5").
class RangeValidator : public ConfigDef::Validator {
 public:
  RangeValidator(std::optional<int64_t> min, std::optional<int64_t> max)
      : int_min_(min), int_max_(max) {
    if (min) min_text_ = std::to_string(*min);
    if (max) max_text_ = std::to_string(*max);
  }
  explicit RangeValidator(double min) : double_min_(min) {
    min_text_ = internal::JavaDoubleToString(min);
  }

  void EnsureValid(const std::string& name, const Parsed& value) const override {
    if (std::holds_alternative<std::monostate>(value)) {
      throw ConfigException(name, "null", "Value must be non-null");
    }
    bool below = false;
    bool above = false;
    if (const double* d = std::get_if<double>(&value)) {
      below =
          (int_min_ && *d < static_cast<double>(*int_min_)) || (double_min_ && *d < *double_min_);
      above = int_max_ && *d > static_cast<double>(*int_max_);
    } else if (auto n = AsInteger(value)) {
      below =
          (int_min_ && *n < *int_min_) || (double_min_ && static_cast<double>(*n) < *double_min_);
      above = int_max_ && *n > *int_max_;
    } else {
      throw ConfigException(name, ParsedToJavaString(value), "Value must be a number");
    }
    if (below) {
      throw ConfigException(name, ParsedToJavaString(value), "Value must be at least " + min_text_);
    }
    if (above) {
      throw ConfigException(name, ParsedToJavaString(value),
                            "Value must be no more than " + max_text_);
    }
  }

  std::string ToString() const override {
    const bool has_min = !min_text_.empty();
    const bool has_max = !max_text_.empty();
    if (!has_min && !has_max) return "[...]";
    if (!has_min) return "[...," + max_text_ + "]";
    if (!has_max) return "[" + min_text_ + ",...]";
    return "[" + min_text_ + ",...," + max_text_ + "]";
  }

 private:
  static std::optional<int64_t> AsInteger(const Parsed& value) {
    if (const auto* v = std::get_if<int32_t>(&value)) return *v;
    if (const auto* v = std::get_if<int16_t>(&value)) return *v;
    if (const auto* v = std::get_if<int64_t>(&value)) return *v;
    return std::nullopt;
  }

  std::optional<int64_t> int_min_;
  std::optional<int64_t> int_max_;
  std::optional<double> double_min_;
  std::string min_text_;
  std::string max_text_;
};

class ValidStringValidator : public ConfigDef::Validator {
 public:
  explicit ValidStringValidator(std::vector<std::string> allowed) : allowed_(std::move(allowed)) {}

  void EnsureValid(const std::string& name, const Parsed& value) const override {
    const auto* s = std::get_if<std::string>(&value);
    if (s == nullptr || std::find(allowed_.begin(), allowed_.end(), *s) == allowed_.end()) {
      throw ConfigException(name, ParsedToJavaString(value),
                            "String must be one of: " + Join(allowed_, ", "));
    }
  }
  std::string ToString() const override { return "[" + Join(allowed_, ", ") + "]"; }

 private:
  std::vector<std::string> allowed_;
};

class CaseInsensitiveValidStringValidator : public ConfigDef::Validator {
 public:
  explicit CaseInsensitiveValidStringValidator(std::vector<std::string> allowed) {
    for (auto& s : allowed) s = internal::AsciiUpper(s);
    // Java keeps them in a HashSet and prints that set's iteration order.
    allowed_upper_ = JavaHashSetOrder(allowed);
  }

  void EnsureValid(const std::string& name, const Parsed& value) const override {
    const auto* s = std::get_if<std::string>(&value);
    if (s == nullptr || std::find(allowed_upper_.begin(), allowed_upper_.end(),
                                  internal::AsciiUpper(*s)) == allowed_upper_.end()) {
      throw ConfigException(
          name, ParsedToJavaString(value),
          "String must be one of (case insensitive): " + Join(allowed_upper_, ", "));
    }
  }
  std::string ToString() const override {
    return "(case insensitive) [" + Join(allowed_upper_, ", ") + "]";
  }

 private:
  std::vector<std::string> allowed_upper_;
};

class NonEmptyStringValidator : public ConfigDef::Validator {
 public:
  void EnsureValid(const std::string& name, const Parsed& value) const override {
    const auto* s = std::get_if<std::string>(&value);
    if (s != nullptr && s->empty()) {
      throw ConfigException(name, *s, "String must be non-empty");
    }
  }
  std::string ToString() const override { return "non-empty string"; }
};

class NonEmptyStringWithoutControlCharsValidator : public ConfigDef::Validator {
 public:
  void EnsureValid(const std::string& name, const Parsed& value) const override {
    const auto* s = std::get_if<std::string>(&value);
    // Null passes: a missing value is reported by the required-key check.
    if (s == nullptr) return;
    if (s->empty()) throw ConfigException(name, *s, "String may not be empty");
    // Java walks UTF-16 units with codePointAt; control characters are all
    // in the BMP, so checking each unit finds the same ones.
    std::vector<std::string> found;
    for (char16_t unit : internal::Utf8ToUtf16(*s)) {
      if (internal::IsIsoControl(unit)) found.push_back(std::to_string(unit));
    }
    if (!found.empty()) {
      throw ConfigException(
          name, *s,
          "String may not contain control sequences but had the following ASCII chars: " +
              Join(found, ", "));
    }
  }
  std::string ToString() const override {
    return "non-empty string without ISO control characters";
  }
};

class NonNullValidatorImpl : public ConfigDef::Validator {
 public:
  void EnsureValid(const std::string& name, const Parsed& value) const override {
    if (std::holds_alternative<std::monostate>(value)) {
      throw ConfigException(name, "null", "entry must be non null");
    }
  }
  std::string ToString() const override { return "non-null string"; }
};

class ValidListValidator : public ConfigDef::Validator {
 public:
  explicit ValidListValidator(ConfigDef::ValidatorPtr element) : element_(std::move(element)) {}

  void EnsureValid(const std::string& name, const Parsed& value) const override {
    if (std::holds_alternative<std::monostate>(value) || !element_) return;
    const auto* list = std::get_if<std::vector<std::string>>(&value);
    if (list == nullptr) {
      throw ConfigException(name, ParsedToJavaString(value), "Expected a comma separated list.");
    }
    for (const auto& item : *list) element_->EnsureValid(name, Parsed(item));
  }
  std::string ToString() const override { return element_ ? element_->ToString() : ""; }

 private:
  ConfigDef::ValidatorPtr element_;
};

class CompositeValidatorImpl : public ConfigDef::Validator {
 public:
  explicit CompositeValidatorImpl(std::vector<ConfigDef::ValidatorPtr> validators)
      : validators_(std::move(validators)) {}

  void EnsureValid(const std::string& name, const Parsed& value) const override {
    for (const auto& v : validators_) {
      if (v) v->EnsureValid(name, value);
    }
  }
  std::string ToString() const override {
    std::string out;
    for (const auto& v : validators_) {
      if (!v) continue;
      if (!out.empty()) out += ", ";
      out += v->ToString();
    }
    return out;
  }

 private:
  std::vector<ConfigDef::ValidatorPtr> validators_;
};

std::string MissingRequiredMessage(const std::string& name) {
  return "Missing required configuration \"" + name + "\" which has no default value.";
}

// Java's ConfigKey constructor runs parseType on the default, so a default may
// be given as text ("100", "a,b"). Typed defaults of a compatible C++ type are
// converted (an int literal for a LONG key), as Java accepts Integer for LONG.
Parsed CoerceDefault(const std::string& name, const Parsed& value, Type type) {
  if (std::holds_alternative<std::monostate>(value)) return value;
  if (const auto* s = std::get_if<std::string>(&value)) return ConfigDef::ParseType(name, *s, type);
  std::optional<int64_t> integer;
  if (const auto* v = std::get_if<int32_t>(&value)) integer = *v;
  if (const auto* v = std::get_if<int16_t>(&value)) integer = *v;
  if (const auto* v = std::get_if<int64_t>(&value)) integer = *v;
  const std::string text = ParsedToJavaString(value);
  switch (type) {
    case Type::kBoolean:
      if (std::holds_alternative<bool>(value)) return value;
      throw ConfigException(name, text, "Expected value to be either true or false");
    case Type::kString:
    case Type::kPassword:
    case Type::kClass:
      throw ConfigException(
          name, text,
          std::string("Expected value to be a string, but it was a ") + ParsedTypeName(value));
    case Type::kInt:
      if (integer && *integer >= INT32_MIN && *integer <= INT32_MAX) {
        return static_cast<int32_t>(*integer);
      }
      throw ConfigException(name, text,
                            std::string("Expected value to be a 32-bit integer, but it was a ") +
                                ParsedTypeName(value));
    case Type::kShort:
      if (integer && *integer >= INT16_MIN && *integer <= INT16_MAX) {
        return static_cast<int16_t>(*integer);
      }
      throw ConfigException(name, text,
                            std::string("Expected value to be a 16-bit integer, but it was a ") +
                                ParsedTypeName(value));
    case Type::kLong:
      if (integer) return *integer;
      throw ConfigException(name, text,
                            std::string("Expected value to be a 64-bit integer, but it was a ") +
                                ParsedTypeName(value));
    case Type::kDouble:
      if (integer) return static_cast<double>(*integer);
      if (std::holds_alternative<double>(value)) return value;
      throw ConfigException(
          name, text,
          std::string("Expected value to be a double, but it was a ") + ParsedTypeName(value));
    case Type::kList:
      if (std::holds_alternative<std::vector<std::string>>(value)) return value;
      throw ConfigException(name, text, "Expected a comma separated list.");
  }
  return value;
}

}  // namespace

// --- ConfigDef -----------------------------------------------------------------

ConfigDef& ConfigDef::Define(ConfigKey key) {
  if (index_.count(key.name) != 0) {
    throw ConfigException("Configuration " + key.name + " is defined twice.");
  }
  if (key.default_value) {
    key.default_value = CoerceDefault(key.name, *key.default_value, key.type);
    if (key.validator) key.validator->EnsureValid(key.name, *key.default_value);
  }
  if (key.display_name.empty()) key.display_name = key.name;
  if (key.group && std::find(groups_.begin(), groups_.end(), *key.group) == groups_.end()) {
    groups_.push_back(*key.group);
  }
  index_.emplace(key.name, keys_.size());
  keys_.push_back(std::move(key));
  return *this;
}

ConfigDef& ConfigDef::Merge(const ConfigDef& other) {
  for (const ConfigKey& key : other.keys_) {
    if (index_.count(key.name) == 0) Define(key);
  }
  return *this;
}

const ConfigDef::ConfigKey* ConfigDef::Find(const std::string& name) const {
  auto it = index_.find(name);
  return it == index_.end() ? nullptr : &keys_[it->second];
}

std::map<std::string, ConfigDef::Parsed> ConfigDef::Parse(const Props& props) const {
  std::vector<std::string> undefined;
  for (const ConfigKey& key : keys_) {
    for (const auto& dep : key.dependents) {
      if (index_.count(dep) == 0 &&
          std::find(undefined.begin(), undefined.end(), dep) == undefined.end()) {
        undefined.push_back(dep);
      }
    }
  }
  if (!undefined.empty()) {
    throw ConfigException(
        "Some configurations in are referred in the dependents, but not defined: " +
        Join(undefined, ","));
  }
  std::map<std::string, Parsed> values;
  for (const ConfigKey& key : keys_) {
    Parsed parsed;
    auto it = props.find(key.name);
    if (it != props.end()) {
      parsed = ParseType(key.name, it->second, key.type);
    } else if (!key.default_value) {
      throw ConfigException(MissingRequiredMessage(key.name));
    } else {
      parsed = *key.default_value;
    }
    if (key.validator) key.validator->EnsureValid(key.name, parsed);
    values.emplace(key.name, std::move(parsed));
  }
  return values;
}

std::vector<ConfigDef::ConfigValue> ConfigDef::Validate(const Props& props) const {
  std::vector<ConfigValue> results(keys_.size());
  for (size_t i = 0; i < keys_.size(); ++i) results[i].name = keys_[i].name;

  // Dependents that are not defined get an entry of their own (Java's
  // undefinedDependentConfigs), after the defined keys.
  std::vector<ConfigValue> undefined;
  std::set<std::string> is_dependent;
  for (const ConfigKey& key : keys_) {
    for (const auto& dep : key.dependents) {
      is_dependent.insert(dep);
      if (index_.count(dep) != 0) continue;
      if (std::any_of(undefined.begin(), undefined.end(),
                      [&dep](const ConfigValue& v) { return v.name == dep; })) {
        continue;
      }
      ConfigValue value;
      value.name = dep;
      value.error_messages.push_back(dep + " is referred in the dependents, but not defined.");
      value.visible = false;
      undefined.push_back(std::move(value));
    }
  }

  // Java walks from the keys nobody depends on, through their dependents, in
  // two passes: parse + validator first, recommenders second (so every
  // recommender sees all parsed values). Keys reachable only through a cycle
  // are visited afterwards so that every key gets a result.
  std::vector<size_t> order;
  std::vector<bool> visited(keys_.size(), false);
  auto visit = [&](size_t root) {
    std::vector<size_t> stack{root};
    while (!stack.empty()) {
      const size_t i = stack.back();
      stack.pop_back();
      if (visited[i]) continue;
      visited[i] = true;
      order.push_back(i);
      const auto& deps = keys_[i].dependents;
      for (auto it = deps.rbegin(); it != deps.rend(); ++it) {
        auto found = index_.find(*it);
        if (found != index_.end() && !visited[found->second]) stack.push_back(found->second);
      }
    }
  };
  for (size_t i = 0; i < keys_.size(); ++i) {
    if (is_dependent.count(keys_[i].name) == 0) visit(i);
  }
  for (size_t i = 0; i < keys_.size(); ++i) visit(i);

  std::map<std::string, Parsed> parsed;
  for (size_t i : order) {
    const ConfigKey& key = keys_[i];
    ConfigValue& result = results[i];
    Parsed value;
    auto it = props.find(key.name);
    if (it != props.end()) {
      try {
        value = ParseType(key.name, it->second, key.type);
      } catch (const ConfigException& e) {
        result.error_messages.emplace_back(e.what());
      }
    } else if (!key.default_value) {
      result.error_messages.push_back(MissingRequiredMessage(key.name));
    } else {
      value = *key.default_value;
    }
    if (key.validator) {
      try {
        key.validator->EnsureValid(key.name, value);
      } catch (const ConfigException& e) {
        result.error_messages.emplace_back(e.what());
      }
    }
    result.value = value;
    parsed[key.name] = std::move(value);
  }
  for (size_t i : order) {
    const ConfigKey& key = keys_[i];
    if (!key.recommender) continue;
    ConfigValue& result = results[i];
    try {
      result.recommended_values = key.recommender->ValidValues(key.name, parsed);
      result.visible = key.recommender->Visible(key.name, parsed);
    } catch (const ConfigException& e) {
      result.error_messages.emplace_back(e.what());
    }
  }
  for (auto& u : undefined) results.push_back(std::move(u));
  return results;
}

ConfigDef::Parsed ConfigDef::ParseType(const std::string& name,
                                       const std::optional<std::string>& value, Type type) {
  if (!value) return Parsed{};
  const std::string_view trimmed = internal::JavaTrim(*value);
  switch (type) {
    case Type::kBoolean: {
      const std::string upper = internal::AsciiUpper(trimmed);
      if (upper == "TRUE") return true;
      if (upper == "FALSE") return false;
      throw ConfigException(name, *value, "Expected value to be either true or false");
    }
    case Type::kString:
    case Type::kPassword:
    case Type::kClass:
      return std::string(trimmed);
    case Type::kInt:
      if (auto n = ParseJavaInteger(trimmed, INT32_MIN, INT32_MAX)) return static_cast<int32_t>(*n);
      break;
    case Type::kShort:
      if (auto n = ParseJavaInteger(trimmed, INT16_MIN, INT16_MAX)) return static_cast<int16_t>(*n);
      break;
    case Type::kLong:
      if (auto n = ParseJavaInteger(trimmed, INT64_MIN, INT64_MAX)) return *n;
      break;
    case Type::kDouble:
      if (auto d = ParseJavaDouble(trimmed)) return *d;
      break;
    case Type::kList:
      if (trimmed.empty()) return std::vector<std::string>{};
      return SplitList(trimmed);
  }
  throw ConfigException(name, *value, std::string("Not a number of type ") + TypeName(type));
}

std::optional<std::string> ConfigDef::ConvertToString(const Parsed& value, Type /*type*/) {
  // The parsed alternative already says how to print it; the declared type
  // only matters in Java for CLASS and PASSWORD, which are plain strings here.
  if (std::holds_alternative<std::monostate>(value)) return std::nullopt;
  if (const auto* list = std::get_if<std::vector<std::string>>(&value)) return Join(*list, ",");
  return ParsedToJavaString(value);
}

const char* ConfigDef::TypeName(Type type) {
  switch (type) {
    case Type::kBoolean:
      return "BOOLEAN";
    case Type::kString:
      return "STRING";
    case Type::kInt:
      return "INT";
    case Type::kShort:
      return "SHORT";
    case Type::kLong:
      return "LONG";
    case Type::kDouble:
      return "DOUBLE";
    case Type::kList:
      return "LIST";
    case Type::kClass:
      return "CLASS";
    case Type::kPassword:
      return "PASSWORD";
  }
  return "UNKNOWN";
}

const char* ConfigDef::ImportanceName(Importance importance) {
  switch (importance) {
    case Importance::kHigh:
      return "HIGH";
    case Importance::kMedium:
      return "MEDIUM";
    case Importance::kLow:
      return "LOW";
  }
  return "UNKNOWN";
}

const char* ConfigDef::WidthName(Width width) {
  switch (width) {
    case Width::kNone:
      return "NONE";
    case Width::kShort:
      return "SHORT";
    case Width::kMedium:
      return "MEDIUM";
    case Width::kLong:
      return "LONG";
  }
  return "UNKNOWN";
}

ConfigDef::ValidatorPtr ConfigDef::AtLeast(int64_t min) {
  return std::make_shared<RangeValidator>(min, std::nullopt);
}

ConfigDef::ValidatorPtr ConfigDef::Between(int64_t min, int64_t max) {
  return std::make_shared<RangeValidator>(min, max);
}

ConfigDef::ValidatorPtr ConfigDef::AtLeastDouble(double min) {
  return std::make_shared<RangeValidator>(min);
}

ConfigDef::ValidatorPtr ConfigDef::ValidString(std::vector<std::string> allowed) {
  return std::make_shared<ValidStringValidator>(std::move(allowed));
}

ConfigDef::ValidatorPtr ConfigDef::CaseInsensitiveValidString(std::vector<std::string> allowed) {
  return std::make_shared<CaseInsensitiveValidStringValidator>(std::move(allowed));
}

ConfigDef::ValidatorPtr ConfigDef::NonEmptyString() {
  return std::make_shared<NonEmptyStringValidator>();
}

ConfigDef::ValidatorPtr ConfigDef::NonEmptyStringWithoutControlChars() {
  return std::make_shared<NonEmptyStringWithoutControlCharsValidator>();
}

ConfigDef::ValidatorPtr ConfigDef::NonNullValidator() {
  return std::make_shared<NonNullValidatorImpl>();
}

ConfigDef::ValidatorPtr ConfigDef::ValidList(ValidatorPtr element) {
  return std::make_shared<ValidListValidator>(std::move(element));
}

ConfigDef::ValidatorPtr ConfigDef::CompositeValidator(std::vector<ValidatorPtr> validators) {
  return std::make_shared<CompositeValidatorImpl>(std::move(validators));
}

}  // namespace kconnect
