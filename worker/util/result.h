#pragma once
// Result<T>: a value or an error, for expected failures inside the worker
// (STYLE.md: errors are values). The error carries the HTTP status the REST
// layer will answer with, so the one error mapper in worker/rest needs no
// knowledge of where the error came from.

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace kconnect::worker::util {

struct Error {
  // HTTP status this error maps to (400, 404, 409, 500, ...).
  int status = 500;
  std::string message;
};

struct Empty {};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(util::Error error) : v_(std::move(error)) {}  // NOLINT
  bool Ok() const { return v_.index() == 0; }
  explicit operator bool() const { return Ok(); }
  // REQUIRES: Ok().
  const T& Value() const& { return std::get<0>(v_); }
  T& Value() & { return std::get<0>(v_); }
  T&& Value() && { return std::get<0>(std::move(v_)); }
  const T& operator*() const& { return Value(); }
  const T* operator->() const { return &Value(); }
  // REQUIRES: !Ok().
  const util::Error& Error() const { return std::get<1>(v_); }

 private:
  std::variant<T, util::Error> v_;
};

inline Error NotFound(std::string message) { return Error{404, std::move(message)}; }
inline Error BadRequest(std::string message) { return Error{400, std::move(message)}; }
inline Error Forbidden(std::string message) { return Error{403, std::move(message)}; }
inline Error Conflict(std::string message) { return Error{409, std::move(message)}; }
inline Error Internal(std::string message) { return Error{500, std::move(message)}; }

}  // namespace kconnect::worker::util
