#pragma once
// The runtime representation of Connect data (Java uses Object; we use a
// closed variant). Every Connect schema type maps to exactly one alternative:
//
//   INT8 int8_t, INT16 int16_t, INT32 int32_t, INT64 int64_t, FLOAT32 float,
//   FLOAT64 double, BOOLEAN bool, STRING std::string, BYTES Bytes,
//   ARRAY Value::Array, MAP Value::Map (insertion-ordered pairs),
//   STRUCT std::shared_ptr<Struct>.
//
// Logical types use their own alternatives: Decimal for
// org.apache.kafka.connect.data.Decimal and EpochMillis for Date, Time and
// Timestamp (Java represents all three as java.util.Date, i.e. epoch millis).
//
// Values are regular types: copyable, comparable (deep equality; structs are
// compared by content).

#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

// SDK types keep default visibility even when the including code is built with
// -fvisibility=hidden: the SDK library exports them, and plugins and the worker
// share one identity for their type_info (exceptions, dynamic_cast).
#pragma GCC visibility push(default)
namespace kconnect {

class Struct;

using Bytes = std::vector<uint8_t>;

// An arbitrary-precision decimal: unscaled two's-complement big-endian bytes
// (Java BigInteger.toByteArray, minimal length) and a scale.
struct Decimal {
  Bytes unscaled;
  int32_t scale = 0;
  // Builds a Decimal from a 64-bit unscaled value.
  static Decimal FromUnscaled(int64_t unscaled, int32_t scale);
  // Java BigDecimal.toString() of the value (e.g. "1.56", "1.56E+4", "1E-8").
  std::string ToString() const;
  friend bool operator==(const Decimal&, const Decimal&) = default;
};

// Milliseconds since the Unix epoch, UTC: the value of Date, Time and Timestamp
// logical types.
struct EpochMillis {
  int64_t millis = 0;
  friend bool operator==(const EpochMillis&, const EpochMillis&) = default;
};

class Value {
 public:
  using Array = std::vector<Value>;
  using Map = std::vector<std::pair<Value, Value>>;
  using StructPtr = std::shared_ptr<Struct>;
  using Variant = std::variant<std::monostate, bool, int8_t, int16_t, int32_t, int64_t, float,
                               double, std::string, Bytes, Array, Map, StructPtr, Decimal,
                               EpochMillis>;

  Value() = default;  // null
  Value(std::nullptr_t) {}
  Value(bool v) : v_(v) {}
  Value(int8_t v) : v_(v) {}
  Value(int16_t v) : v_(v) {}
  Value(int32_t v) : v_(v) {}
  Value(int64_t v) : v_(v) {}
  Value(float v) : v_(v) {}
  Value(double v) : v_(v) {}
  Value(std::string v) : v_(std::move(v)) {}
  Value(const char* v) : v_(std::string(v)) {}
  Value(Bytes v) : v_(std::move(v)) {}
  Value(Array v) : v_(std::move(v)) {}
  Value(Map v) : v_(std::move(v)) {}
  Value(StructPtr v);  // a null pointer becomes a null Value
  Value(Decimal v) : v_(std::move(v)) {}
  Value(EpochMillis v) : v_(v) {}

  bool IsNull() const { return v_.index() == 0; }
  template <typename T>
  bool Is() const {
    return std::holds_alternative<T>(v_);
  }
  // REQUIRES: Is<T>(). Throws DataException naming the expected type otherwise.
  template <typename T>
  const T& As() const {
    if (const T* p = std::get_if<T>(&v_)) return *p;
    ThrowWrongType(TypeIndexOf<T>());
  }
  template <typename T>
  T& As() {
    if (T* p = std::get_if<T>(&v_)) return *p;
    ThrowWrongType(TypeIndexOf<T>());
  }
  template <typename T>
  const T* Get() const {
    return std::get_if<T>(&v_);
  }

  // Lower case on purpose: the std::variant it exposes is used with std::visit.
  const Variant& variant() const { return v_; }  // NOLINT(readability-identifier-naming)
  Variant& variant() { return v_; }              // NOLINT(readability-identifier-naming)

  // Java String.valueOf(value): "null", numbers as Java prints them, structs as
  // Struct{a=1,b=x}, maps as {k=v}, arrays as [a, b], bytes as Java's "[B@..."
  // is meaningless so base64 is used instead. Used by FileStreamSink.
  std::string ToJavaString() const;

  friend bool operator==(const Value& a, const Value& b);
  friend bool operator!=(const Value& a, const Value& b) { return !(a == b); }

 private:
  template <typename T>
  static constexpr size_t TypeIndexOf() {
    return IndexIn<T>(static_cast<Variant*>(nullptr));
  }
  template <typename T, typename... Ts>
  static constexpr size_t IndexIn(std::variant<Ts...>*) {
    size_t i = 0;
    static_cast<void>(((std::is_same_v<T, Ts> ? false : (++i, true)) && ...));
    return i;
  }
  [[noreturn]] void ThrowWrongType(size_t wanted) const;
  Variant v_;
};

}  // namespace kconnect
#pragma GCC visibility pop
