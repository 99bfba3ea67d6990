#pragma once
// Values (org.apache.kafka.connect.data.Values): the string form of Connect
// values that SimpleHeaderConverter writes, and the inference that parses such
// strings back into a schema and value.
//
// ConvertToString: strings raw (quoted with \ and " escaped when nested),
// numbers as Java prints them, bytes as base64, arrays as [a,b], maps as
// {k:v}, structs as {"field":value}, Date/Time/Timestamp values (EpochMillis)
// as yyyy-MM-dd, HH:mm:ss.SSS'Z' or yyyy-MM-dd'T'HH:mm:ss.SSS'Z' (UTC), chosen
// by the value as Java's dateFormatFor does.
//
// ParseString: true/false as BOOLEAN; integers as the smallest of
// INT8/INT16/INT32/INT64 that holds them; other numbers as FLOAT32 when a
// float can hold their magnitude, else FLOAT64, else Decimal; the ISO formats
// above as Time/Timestamp/Date; [..] and {..} as arrays and maps with a
// common element schema when one exists; anything else as the original
// STRING. An empty string stays an empty STRING; "null" gives a null schema
// and value. This mirrors Kafka 3.9's parser, including its quirks (a
// top-level "42,43" reads as INT8 42).
//
// All functions are pure and thread-safe.

#include <cstdint>
#include <string>
#include <string_view>

#include "kconnect/data/schema.h"

namespace kconnect::worker::runtime {

class Values {
 public:
  // Values.convertToString. A null value gives "null" (callers that need a
  // Kafka null check for null first). The schema is not consulted, as in Java.
  static std::string ConvertToString(const SchemaPtr& schema, const Value& value);

  // Values.parseString.
  static SchemaAndValue ParseString(std::string_view text);

  // Values.dateFormatFor(date).format(date) in UTC.
  static std::string FormatTemporal(int64_t epoch_millis);
};

}  // namespace kconnect::worker::runtime
