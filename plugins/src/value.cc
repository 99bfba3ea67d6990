#include "kconnect/data/value.h"

#include <cmath>
#include <cstring>
#include <string>

#include "java_text.h"
#include "kconnect/data/struct.h"
#include "kconnect/errors.h"

namespace kconnect {
namespace {

// C++ names of the Variant alternatives, in Variant order; used in messages.
constexpr const char* kAlternativeNames[] = {
    "null",
    "bool",
    "int8_t",
    "int16_t",
    "int32_t",
    "int64_t",
    "float",
    "double",
    "std::string",
    "kconnect::Bytes",
    "kconnect::Value::Array",
    "kconnect::Value::Map",
    "kconnect::Struct",
    "kconnect::Decimal",
    "kconnect::EpochMillis",
};
static_assert(std::size(kAlternativeNames) == std::variant_size_v<Value::Variant>);

// Java Float.equals / Double.equals: NaN equals NaN, 0.0 differs from -0.0.
template <typename T>
bool JavaFloatingEquals(T a, T b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return a == b && std::signbit(a) == std::signbit(b);
}

}  // namespace

Value::Value(StructPtr v) {
  if (v) v_ = std::move(v);
}

void Value::ThrowWrongType(size_t wanted) const {
  throw DataException(std::string("Value is of type ") + kAlternativeNames[v_.index()] +
                      ", not the requested " + kAlternativeNames[wanted]);
}

std::string Value::ToJavaString() const {
  struct Visitor {
    std::string operator()(std::monostate) const { return "null"; }
    std::string operator()(bool v) const { return v ? "true" : "false"; }
    std::string operator()(int8_t v) const { return std::to_string(v); }
    std::string operator()(int16_t v) const { return std::to_string(v); }
    std::string operator()(int32_t v) const { return std::to_string(v); }
    std::string operator()(int64_t v) const { return std::to_string(v); }
    std::string operator()(float v) const { return internal::JavaFloatToString(v); }
    std::string operator()(double v) const { return internal::JavaDoubleToString(v); }
    std::string operator()(const std::string& v) const { return v; }
    std::string operator()(const Bytes& v) const { return internal::Base64Encode(v); }
    std::string operator()(const Array& v) const {
      // java.util.AbstractCollection.toString
      std::string out = "[";
      for (size_t i = 0; i < v.size(); ++i) {
        if (i > 0) out += ", ";
        out += v[i].ToJavaString();
      }
      return out + "]";
    }
    std::string operator()(const Map& v) const {
      // java.util.AbstractMap.toString
      std::string out = "{";
      for (size_t i = 0; i < v.size(); ++i) {
        if (i > 0) out += ", ";
        out += v[i].first.ToJavaString();
        out += '=';
        out += v[i].second.ToJavaString();
      }
      return out + "}";
    }
    std::string operator()(const StructPtr& v) const { return v->ToString(); }
    std::string operator()(const Decimal& v) const { return v.ToString(); }
    std::string operator()(const EpochMillis& v) const { return std::to_string(v.millis); }
  };
  return std::visit(Visitor{}, v_);
}

// Friends declared in the class do not pick up the header's visibility
// pragma; the attribute exports them.
__attribute__((visibility("default"))) bool operator==(const Value& a, const Value& b) {
  if (a.v_.index() != b.v_.index()) return false;
  return std::visit(
      [&b](const auto& x) -> bool {
        using T = std::decay_t<decltype(x)>;
        const T& y = *std::get_if<T>(&b.v_);
        if constexpr (std::is_same_v<T, std::monostate>) {
          return true;
        } else if constexpr (std::is_floating_point_v<T>) {
          return JavaFloatingEquals(x, y);
        } else if constexpr (std::is_same_v<T, Value::StructPtr>) {
          return x == y || *x == *y;
        } else {
          return x == y;
        }
      },
      a.v_);
}

Decimal Decimal::FromUnscaled(int64_t unscaled, int32_t scale) {
  Decimal d;
  d.scale = scale;
  Bytes be(8);
  auto u = static_cast<uint64_t>(unscaled);
  for (int i = 7; i >= 0; --i) {
    be[static_cast<size_t>(i)] = static_cast<uint8_t>(u & 0xFF);
    u >>= 8;
  }
  // Minimal two's complement (BigInteger.toByteArray): drop a leading byte
  // while the next byte still carries the same sign.
  size_t start = 0;
  while (start < 7 && ((be[start] == 0x00 && (be[start + 1] & 0x80) == 0) ||
                       (be[start] == 0xFF && (be[start + 1] & 0x80) != 0))) {
    ++start;
  }
  d.unscaled.assign(be.begin() + static_cast<std::ptrdiff_t>(start), be.end());
  return d;
}

std::string Decimal::ToString() const {
  // java.math.BigDecimal.toString (layoutChars with sci = true).
  std::string coeff = internal::TwosComplementToDecimal(unscaled);
  const bool negative = !coeff.empty() && coeff[0] == '-';
  if (negative) coeff.erase(0, 1);
  const int64_t adjusted = -static_cast<int64_t>(scale) + static_cast<int64_t>(coeff.size()) - 1;
  std::string out = negative ? "-" : "";
  if (scale == 0) return out + coeff;
  if (scale > 0 && adjusted >= -6) {
    const auto len = static_cast<int64_t>(coeff.size());
    const int64_t pad = static_cast<int64_t>(scale) - len;
    if (pad >= 0) {
      out += "0.";
      out.append(static_cast<size_t>(pad), '0');
      out += coeff;
    } else {
      out += coeff.substr(0, static_cast<size_t>(-pad));
      out += '.';
      out += coeff.substr(static_cast<size_t>(-pad));
    }
    return out;
  }
  out += coeff[0];
  if (coeff.size() > 1) {
    out += '.';
    out += coeff.substr(1);
  }
  if (adjusted != 0) {
    out += 'E';
    if (adjusted > 0) out += '+';
    out += std::to_string(adjusted);
  }
  return out;
}

}  // namespace kconnect
