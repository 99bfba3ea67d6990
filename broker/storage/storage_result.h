#pragma once
// Result<T> for the broker's storage: a value or an Error carrying the Kafka
// error code a handler puts straight into its response (spec §12), so the
// handlers need no mapping table of their own.

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace kconnect::broker::storage {

// Kafka error codes storage can produce (ak Errors.java).
namespace kafka_error {
inline constexpr int16_t kNone = 0;
inline constexpr int16_t kOffsetOutOfRange = 1;
inline constexpr int16_t kCorruptMessage = 2;
inline constexpr int16_t kUnknownTopicOrPartition = 3;
inline constexpr int16_t kMessageTooLarge = 10;
inline constexpr int16_t kInvalidTopic = 17;
inline constexpr int16_t kRecordListTooLarge = 18;
inline constexpr int16_t kInvalidTimestamp = 32;
inline constexpr int16_t kTopicAlreadyExists = 36;
inline constexpr int16_t kInvalidPartitions = 37;
inline constexpr int16_t kInvalidConfig = 40;
inline constexpr int16_t kOutOfOrderSequence = 45;
inline constexpr int16_t kInvalidProducerEpoch = 47;
inline constexpr int16_t kKafkaStorageError = 56;
inline constexpr int16_t kInvalidRecord = 87;
}  // namespace kafka_error

struct Error {
  int16_t code = kafka_error::kKafkaStorageError;
  std::string message;
};

struct Ok {};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT: implicit by design
  Result(storage::Error error) : v_(std::move(error)) {}  // NOLINT
  bool IsOk() const { return v_.index() == 0; }
  explicit operator bool() const { return IsOk(); }
  // REQUIRES: IsOk().
  const T& Value() const& { return std::get<0>(v_); }
  T& Value() & { return std::get<0>(v_); }
  T&& Value() && { return std::get<0>(std::move(v_)); }
  const T* operator->() const { return &Value(); }
  T* operator->() { return &Value(); }
  const T& operator*() const& { return Value(); }
  // REQUIRES: !IsOk().
  const storage::Error& Error() const { return std::get<1>(v_); }

 private:
  std::variant<T, storage::Error> v_;
};

inline Error StorageError(std::string message) { return Error{kafka_error::kKafkaStorageError, std::move(message)}; }

}  // namespace kconnect::broker::storage
