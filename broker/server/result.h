#pragma once
// Result<T>: a value or an Error, for the expected failures of the broker's
// network layer (a listener string that does not parse, a port already in
// use). broker/* may not include worker/*, so this is the server's own small
// copy of the idea rather than worker/util/result.h.

#include <string>
#include <utility>
#include <variant>

namespace kconnect::broker::server {

struct Error {
  std::string message;
};

// The value of a Result that carries no value.
struct Empty {};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}            // NOLINT: implicit by design
  Result(server::Error error) : v_(std::move(error)) {}  // NOLINT
  bool Ok() const { return v_.index() == 0; }
  explicit operator bool() const { return Ok(); }
  // REQUIRES: Ok().
  const T& Value() const& { return std::get<0>(v_); }
  T& Value() & { return std::get<0>(v_); }
  T&& Value() && { return std::get<0>(std::move(v_)); }
  const T& operator*() const& { return Value(); }
  const T* operator->() const { return &Value(); }
  // REQUIRES: !Ok().
  const server::Error& Error() const { return std::get<1>(v_); }

 private:
  std::variant<T, server::Error> v_;
};

}  // namespace kconnect::broker::server
