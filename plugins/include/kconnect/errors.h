#pragma once
// Exception types of the SDK, mirroring org.apache.kafka.connect.errors and
// org.apache.kafka.common.config.ConfigException.
//
// Connector code may throw these from any SDK callback; the worker catches them at
// a few named places (task loop, converter and transformation stages, herder
// calls) and turns them into task/connector state or REST errors. Everything
// else thrown is treated like a plain ConnectException.

#include <stdexcept>
#include <string>

// SDK types keep default visibility even when the including code is built with
// -fvisibility=hidden: the SDK library exports them, and plugins and the worker
// share one identity for their type_info (exceptions, dynamic_cast).
#pragma GCC visibility push(default)
namespace kconnect {

// Root of all Kafka-side errors (Java's KafkaException).
class KafkaException : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A failure inside Connect: fails the task or connector that raised it.
class ConnectException : public KafkaException {
 public:
  using KafkaException::KafkaException;
};

// A transient failure: the operation may succeed if retried. From SinkTask::Put
// it means "redeliver the same batch"; from SourceTask::Poll it is ignored.
class RetriableException : public ConnectException {
 public:
  using ConnectException::ConnectException;
};

// Data could not be converted, validated or serialised.
class DataException : public ConnectException {
 public:
  using ConnectException::ConnectException;
};

// The requested entity does not exist (REST maps it to 404).
class NotFoundException : public ConnectException {
 public:
  using ConnectException::ConnectException;
};

// The entity already exists (REST maps it to 409).
class AlreadyExistsException : public ConnectException {
 public:
  using ConnectException::ConnectException;
};

// An invalid configuration value. The message follows Java's format:
//   Invalid value <value> for configuration <name>: <detail>
class ConfigException : public KafkaException {
 public:
  explicit ConfigException(const std::string& message) : KafkaException(message) {}
  ConfigException(const std::string& name, const std::string& value, const std::string& detail)
      : KafkaException("Invalid value " + value + " for configuration " + name +
                       (detail.empty() ? std::string() : ": " + detail)) {}
};

}  // namespace kconnect
#pragma GCC visibility pop
