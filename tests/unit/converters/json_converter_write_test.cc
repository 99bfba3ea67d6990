// Golden-byte tests for JsonConverter.FromConnectData: every expected string is
// what Java's JsonConverter (Jackson 2.16) writes for the same input.

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "kconnect/data/struct.h"
#include "kconnect/errors.h"
#include "worker/runtime/converters/json_converter.h"

namespace kconnect::worker::runtime {
namespace {

constexpr int64_t kDay = 86400000;

class JsonConverterWriteTest : public ::testing::Test {
 protected:
  std::string Write(const SchemaPtr& schema, const Value& value) {
    auto out = converter_.FromConnectData("topic", nullptr, schema, value);
    EXPECT_TRUE(out.has_value());
    return out.value_or("<kafka null>");
  }
  std::string WritePlain(const SchemaPtr& schema, const Value& value) {
    JsonConverter plain;
    plain.Configure({{"schemas.enable", "false"}}, false);
    auto out = plain.FromConnectData("topic", nullptr, schema, value);
    EXPECT_TRUE(out.has_value());
    return out.value_or("<kafka null>");
  }
  std::string WriteError(const SchemaPtr& schema, const Value& value) {
    try {
      converter_.FromConnectData("topic", nullptr, schema, value);
    } catch (const DataException& e) {
      return e.what();
    }
    return "<no exception>";
  }

  JsonConverter converter_;
};

TEST_F(JsonConverterWriteTest, QuickstartRecordIsByteIdentical) {
  EXPECT_EQ(Write(Schema::String(), Value("foo")),
            R"({"schema":{"type":"string","optional":false},"payload":"foo"})");
  // The same converter again: served from the schema cache.
  EXPECT_EQ(Write(Schema::String(), Value("bar")),
            R"({"schema":{"type":"string","optional":false},"payload":"bar"})");
}

TEST_F(JsonConverterWriteTest, SchemasDisabledWritesBarePayload) {
  const std::string out = WritePlain(Schema::String(), Value("foo"));
  EXPECT_EQ(out, R"("foo")");
  EXPECT_EQ(out.size(), 5u);
}

TEST_F(JsonConverterWriteTest, NullSchemaAndNullValueIsKafkaNull) {
  EXPECT_FALSE(converter_.FromConnectData("t", nullptr, nullptr, Value()).has_value());
  JsonConverter plain;
  plain.Configure({{"schemas.enable", "false"}}, true);
  EXPECT_FALSE(plain.FromConnectData("t", nullptr, nullptr, Value()).has_value());
}

TEST_F(JsonConverterWriteTest, OptionalNullIsJsonNullNotTombstone) {
  EXPECT_EQ(Write(Schema::OptionalString(), Value()),
            R"({"schema":{"type":"string","optional":true},"payload":null})");
  EXPECT_EQ(WritePlain(Schema::OptionalString(), Value()), "null");
}

TEST_F(JsonConverterWriteTest, RequiredNullWithoutDefaultThrows) {
  EXPECT_EQ(WriteError(Schema::String(), Value()),
            "Conversion error: null value for field that is required and has no default value");
}

TEST_F(JsonConverterWriteTest, PrimitiveTypesWithSchemas) {
  EXPECT_EQ(Write(Schema::Int8(), Value(int8_t{-12})),
            R"({"schema":{"type":"int8","optional":false},"payload":-12})");
  EXPECT_EQ(Write(Schema::Int16(), Value(int16_t{1234})),
            R"({"schema":{"type":"int16","optional":false},"payload":1234})");
  EXPECT_EQ(Write(Schema::Int32(), Value(int32_t{-2147483647 - 1})),
            R"({"schema":{"type":"int32","optional":false},"payload":-2147483648})");
  EXPECT_EQ(Write(Schema::Int64(), Value(int64_t{9223372036854775807})),
            R"({"schema":{"type":"int64","optional":false},"payload":9223372036854775807})");
  EXPECT_EQ(Write(Schema::Float32(), Value(12.34F)),
            R"({"schema":{"type":"float","optional":false},"payload":12.34})");
  EXPECT_EQ(Write(Schema::Float64(), Value(12.34)),
            R"({"schema":{"type":"double","optional":false},"payload":12.34})");
  EXPECT_EQ(Write(Schema::Boolean(), Value(true)),
            R"({"schema":{"type":"boolean","optional":false},"payload":true})");
  EXPECT_EQ(Write(Schema::BytesSchema(), Value(Bytes{0x01, 0x02, 0xFF})),
            R"({"schema":{"type":"bytes","optional":false},"payload":"AQL/"})");
  EXPECT_EQ(Write(Schema::OptionalBytes(), Value(Bytes{})),
            R"({"schema":{"type":"bytes","optional":true},"payload":""})");
}

TEST_F(JsonConverterWriteTest, PrimitiveTypesWithoutSchemas) {
  EXPECT_EQ(Write(nullptr, Value(int32_t{7})), R"({"schema":null,"payload":7})");
  EXPECT_EQ(WritePlain(nullptr, Value(int8_t{7})), "7");
  EXPECT_EQ(WritePlain(nullptr, Value(int64_t{-7})), "-7");
  EXPECT_EQ(WritePlain(nullptr, Value(1.5F)), "1.5");
  EXPECT_EQ(WritePlain(nullptr, Value(false)), "false");
  EXPECT_EQ(WritePlain(nullptr, Value("x")), R"("x")");
  EXPECT_EQ(WritePlain(nullptr, Value(Bytes{'h', 'i'})), R"("aGk=")");
}

TEST_F(JsonConverterWriteTest, FloatingPointUsesJavaFormatting) {
  const std::pair<double, const char*> doubles[] = {
      {12.34, "12.34"},         {100.0, "100.0"},
      {-0.0, "-0.0"},           {1e7, "1.0E7"},
      {9999999.0, "9999999.0"}, {0.001, "0.001"},
      {1e-4, "1.0E-4"},         {123456789.125, "1.23456789125E8"}};
  for (const auto& [value, text] : doubles) {
    EXPECT_EQ(WritePlain(Schema::Float64(), Value(value)), text) << value;
  }
  EXPECT_EQ(WritePlain(Schema::Float32(), Value(0.1F)), "0.1");
  EXPECT_EQ(WritePlain(Schema::Float32(), Value(1e10F)), "1.0E10");
}

TEST_F(JsonConverterWriteTest, NonFiniteNumbersAreStrings) {
  EXPECT_EQ(WritePlain(Schema::Float64(), Value(std::nan(""))), R"("NaN")");
  EXPECT_EQ(WritePlain(Schema::Float64(), Value(std::numeric_limits<double>::infinity())),
            R"("Infinity")");
  EXPECT_EQ(WritePlain(Schema::Float32(), Value(-std::numeric_limits<float>::infinity())),
            R"("-Infinity")");
}

TEST_F(JsonConverterWriteTest, StringEscapingFollowsJackson) {
  const std::string input = std::string("q\"b\\s/ctl") + '\x01' + '\x1f' + '\x7f' + "\b\t\n\f\r" +
                            "\xC3\xA9\xF0\x9F\x98\x80";
  const std::string expected = std::string(R"("q\"b\\s/ctl\u0001\u001F)") + '\x7f' +
                               R"(\b\t\n\f\r)" + "\xC3\xA9\xF0\x9F\x98\x80" + "\"";
  EXPECT_EQ(WritePlain(Schema::String(), Value(input)), expected);
  EXPECT_EQ(WritePlain(nullptr, Value(std::string(1, '\0'))), R"("\u0000")");
}

TEST_F(JsonConverterWriteTest, SchemaMetadataInJavaMemberOrder) {
  const SchemaPtr schema = SchemaBuilder::String()
                               .Doc("d")
                               .Optional()
                               .Parameter("b", "2")
                               .Version(3)
                               .Name("n")
                               .Parameter("a", "1")
                               .DefaultValue(Value("x"))
                               .Build();
  EXPECT_EQ(converter_.AsJsonSchema(schema),
            R"({"type":"string","optional":true,"name":"n","version":3,"doc":"d",)"
            R"("parameters":{"b":"2","a":"1"},"default":"x"})");
  EXPECT_EQ(converter_.AsJsonSchema(nullptr), "null");
}

TEST_F(JsonConverterWriteTest, NullIsReplacedByDefault) {
  const SchemaPtr schema = SchemaBuilder::Int32().DefaultValue(Value(int32_t{42})).Build();
  EXPECT_EQ(Write(schema, Value()),
            R"({"schema":{"type":"int32","optional":false,"default":42},"payload":42})");
}

TEST_F(JsonConverterWriteTest, ReplaceNullWithDefaultFalseKeepsOptionalNull) {
  const SchemaPtr schema =
      SchemaBuilder::Int32().Optional().DefaultValue(Value(int32_t{42})).Build();
  JsonConverter keep_null;
  keep_null.Configure({{"replace.null.with.default", "false"}, {"schemas.enable", "false"}}, false);
  EXPECT_EQ(keep_null.FromConnectData("t", nullptr, schema, Value()), "null");
  EXPECT_EQ(WritePlain(schema, Value()), "42");
}

TEST_F(JsonConverterWriteTest, StructExampleIsByteIdentical) {
  const SchemaPtr schema = SchemaBuilder::Struct()
                               .Name("com.example.User")
                               .Field("id", Schema::Int32())
                               .Field("name", Schema::OptionalString())
                               .Build();
  auto user = MakeStruct(schema);
  user->Put("id", Value(int32_t{1}));
  EXPECT_EQ(
      Write(schema, Value(user)),
      R"({"schema":{"type":"struct","fields":[{"type":"int32","optional":false,"field":"id"},)"
      R"({"type":"string","optional":true,"field":"name"}],"optional":false,)"
      R"("name":"com.example.User"},"payload":{"id":1,"name":null}})");
}

TEST_F(JsonConverterWriteTest, StructFieldDefaultsAndNesting) {
  const SchemaPtr inner = SchemaBuilder::Struct().Field("x", Schema::Float64()).Optional().Build();
  const SchemaPtr schema =
      SchemaBuilder::Struct()
          .Field("count", SchemaBuilder::Int64().DefaultValue(Value(int64_t{5})).Build())
          .Field("inner", inner)
          .Field("tags", SchemaBuilder::Array(Schema::String()).Build())
          .Build();
  auto inner_value = MakeStruct(inner);
  inner_value->Put("x", Value(2.5));
  auto value = MakeStruct(schema);
  value->Put("inner", Value(inner_value));
  value->Put("tags", Value(Value::Array{Value("a"), Value("b")}));
  EXPECT_EQ(WritePlain(schema, Value(value)), R"({"count":5,"inner":{"x":2.5},"tags":["a","b"]})");
  EXPECT_EQ(
      converter_.AsJsonSchema(schema),
      R"({"type":"struct","fields":[{"type":"int64","optional":false,"default":5,"field":"count"},)"
      R"({"type":"struct","fields":[{"type":"double","optional":false,"field":"x"}],"optional":true,"field":"inner"},)"
      R"({"type":"array","items":{"type":"string","optional":false},"optional":false,"field":"tags"}],)"
      R"("optional":false})");
}

TEST_F(JsonConverterWriteTest, StructWithOtherSchemaIsMismatch) {
  const SchemaPtr a = SchemaBuilder::Struct().Field("x", Schema::Int32()).Build();
  const SchemaPtr b = SchemaBuilder::Struct().Field("y", Schema::Int32()).Build();
  auto value = MakeStruct(a);
  value->Put("x", Value(int32_t{1}));
  EXPECT_EQ(WriteError(b, Value(value)), "Mismatching schema.");
  // Java has no schemaless form for a Struct either.
  EXPECT_EQ(WriteError(nullptr, Value(value)), "Mismatching schema.");
}

TEST_F(JsonConverterWriteTest, MissingRequiredStructFieldThrows) {
  const SchemaPtr schema = SchemaBuilder::Struct().Field("id", Schema::Int32()).Build();
  EXPECT_EQ(WriteError(schema, Value(MakeStruct(schema))),
            "Conversion error: null value for field that is required and has no default value");
}

TEST_F(JsonConverterWriteTest, ArrayWithOptionalElements) {
  const SchemaPtr schema = SchemaBuilder::Array(Schema::OptionalInt32()).Build();
  EXPECT_EQ(
      Write(schema, Value(Value::Array{Value(int32_t{1}), Value(), Value(int32_t{3})})),
      R"({"schema":{"type":"array","items":{"type":"int32","optional":true},"optional":false},)"
      R"("payload":[1,null,3]})");
}

TEST_F(JsonConverterWriteTest, MapWithStringKeysIsObject) {
  const SchemaPtr schema = SchemaBuilder::Map(Schema::String(), Schema::Int32()).Build();
  const Value::Map map{{Value("b"), Value(int32_t{2})}, {Value("a"), Value(int32_t{1})}};
  EXPECT_EQ(
      Write(schema, Value(map)),
      R"({"schema":{"type":"map","keys":{"type":"string","optional":false},)"
      R"("values":{"type":"int32","optional":false},"optional":false},"payload":{"b":2,"a":1}})");
}

TEST_F(JsonConverterWriteTest, MapExampleWithIntKeysIsArrayOfPairs) {
  const SchemaPtr schema = SchemaBuilder::Map(Schema::Int32(), Schema::Int32()).Build();
  const Value::Map map{{Value(int32_t{1}), Value(int32_t{12})},
                       {Value(int32_t{2}), Value(int32_t{15})}};
  EXPECT_EQ(converter_.AsJsonSchema(schema),
            R"({"type":"map","keys":{"type":"int32","optional":false},)"
            R"("values":{"type":"int32","optional":false},"optional":false})");
  EXPECT_EQ(WritePlain(schema, Value(map)), "[[1,12],[2,15]]");
}

TEST_F(JsonConverterWriteTest, SchemalessMapsAndArrays) {
  const Value::Map string_keys{{Value("k"), Value(Value::Array{Value(int64_t{1}), Value()})},
                               {Value("n"), Value()}};
  EXPECT_EQ(WritePlain(nullptr, Value(string_keys)), R"({"k":[1,null],"n":null})");
  const Value::Map mixed_keys{{Value("k"), Value(int32_t{1})}, {Value(int32_t{2}), Value("v")}};
  EXPECT_EQ(WritePlain(nullptr, Value(mixed_keys)), R"([["k",1],[2,"v"]])");
  EXPECT_EQ(WritePlain(nullptr, Value(Value::Map{})), "{}");
}

TEST_F(JsonConverterWriteTest, SchemalessLogicalValuesHaveNoSchemaType) {
  EXPECT_EQ(WriteError(nullptr, Value(Decimal::FromUnscaled(1, 0))),
            "Java class class java.math.BigDecimal does not have corresponding schema type.");
  EXPECT_EQ(WriteError(nullptr, Value(EpochMillis{0})),
            "Java class class java.util.Date does not have corresponding schema type.");
}

TEST_F(JsonConverterWriteTest, WrongValueTypeForSchema) {
  EXPECT_EQ(WriteError(Schema::Int32(), Value(int64_t{1})),
            "Invalid type for INT32: class java.lang.Long");
  EXPECT_EQ(WriteError(Schema::String(), Value(int32_t{1})),
            "Invalid type for STRING: class java.lang.Integer");
  EXPECT_EQ(WriteError(Schema::BytesSchema(), Value("x")),
            "Invalid type for bytes type: class java.lang.String");
  EXPECT_EQ(WriteError(SchemaBuilder::Array(Schema::Int32()).Build(), Value("x")),
            "Invalid type for ARRAY: class java.lang.String");
}

TEST_F(JsonConverterWriteTest, DecimalBase64) {
  const SchemaPtr schema = logical::DecimalSchema(2);
  EXPECT_EQ(
      Write(schema, Value(Decimal::FromUnscaled(156, 2))),
      R"({"schema":{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal",)"
      R"("version":1,"parameters":{"scale":"2"}},"payload":"AJw="})");
  EXPECT_EQ(WritePlain(schema, Value(Decimal::FromUnscaled(12345, 2))), R"("MDk=")");
  EXPECT_EQ(WritePlain(schema, Value(Decimal::FromUnscaled(-156, 2))), R"("/2Q=")");
  // A non-minimal encoding is written as Java's BigInteger.toByteArray would.
  EXPECT_EQ(WritePlain(schema, Value(Decimal{Bytes{0x00, 0x00, 0x9C}, 2})), R"("AJw=")");
}

TEST_F(JsonConverterWriteTest, DecimalNumeric) {
  JsonConverter numeric;
  numeric.Configure({{"decimal.format", "numeric"}, {"schemas.enable", "false"}}, false);
  EXPECT_EQ(numeric.GetDecimalFormat(), DecimalFormat::kNumeric);
  EXPECT_EQ(numeric.FromConnectData("t", nullptr, logical::DecimalSchema(4),
                                    Value(Decimal::FromUnscaled(15600, 4))),
            "1.5600");
  EXPECT_EQ(numeric.FromConnectData("t", nullptr, logical::DecimalSchema(2),
                                    Value(Decimal::FromUnscaled(156, 2))),
            "1.56");
  EXPECT_EQ(numeric.FromConnectData("t", nullptr, logical::DecimalSchema(-2),
                                    Value(Decimal::FromUnscaled(156, -2))),
            "1.56E+4");
  EXPECT_EQ(numeric.FromConnectData("t", nullptr, logical::DecimalSchema(8),
                                    Value(Decimal::FromUnscaled(1, 8))),
            "1E-8");
}

TEST_F(JsonConverterWriteTest, DecimalScaleMismatch) {
  EXPECT_EQ(WriteError(logical::DecimalSchema(2), Value(Decimal::FromUnscaled(1560, 3))),
            "Decimal value has mismatching scale for given Decimal schema. Schema has scale 2, "
            "value has scale 3.");
  EXPECT_EQ(WriteError(logical::DecimalSchema(2), Value(int32_t{1})),
            "Invalid type for Decimal, expected BigDecimal but was class java.lang.Integer");
}

TEST_F(JsonConverterWriteTest, DecimalDefaultInSchema) {
  const SchemaPtr schema = logical::DecimalBuilder(2)
                               .Optional()
                               .DefaultValue(Value(Decimal::FromUnscaled(156, 2)))
                               .Build();
  EXPECT_EQ(converter_.AsJsonSchema(schema),
            R"({"type":"bytes","optional":true,"name":"org.apache.kafka.connect.data.Decimal",)"
            R"("version":1,"parameters":{"scale":"2"},"default":"AJw="})");
}

TEST_F(JsonConverterWriteTest, DateTimeTimestamp) {
  EXPECT_EQ(
      Write(logical::DateSchema(), Value(EpochMillis{19723 * kDay})),
      R"({"schema":{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Date",)"
      R"("version":1},"payload":19723})");
  EXPECT_EQ(
      Write(logical::TimeSchema(), Value(EpochMillis{45296789})),
      R"({"schema":{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Time",)"
      R"("version":1},"payload":45296789})");
  EXPECT_EQ(
      Write(logical::TimestampSchema(), Value(EpochMillis{1700000000123})),
      R"({"schema":{"type":"int64","optional":false,"name":"org.apache.kafka.connect.data.Timestamp",)"
      R"("version":1},"payload":1700000000123})");
  EXPECT_EQ(WritePlain(logical::DateSchema(), Value(EpochMillis{-kDay})), "-1");
}

TEST_F(JsonConverterWriteTest, TemporalValueErrors) {
  EXPECT_EQ(WriteError(logical::DateSchema(), Value(EpochMillis{kDay + 1})),
            "Kafka Connect Date type should not have any time fields set to non-zero values.");
  EXPECT_EQ(WriteError(logical::TimeSchema(), Value(EpochMillis{kDay * 2})),
            "Kafka Connect Time type should not have any date fields set to non-zero values.");
  EXPECT_EQ(WriteError(logical::TimestampSchema(), Value(int64_t{1})),
            "Invalid type for Timestamp, expected Date but was class java.lang.Long");
}

TEST_F(JsonConverterWriteTest, SchemaCacheNeverServesAnotherSchema) {
  JsonConverter small;
  small.Configure({{"schemas.cache.size", "1"}}, false);
  for (int i = 0; i < 20; ++i) {
    // Schemas are created and dropped so their addresses could be reused.
    const SchemaPtr schema =
        (i % 2 == 0) ? SchemaBuilder::Int32().Build() : SchemaBuilder::Int32().Optional().Build();
    const std::string expected = std::string(R"({"schema":{"type":"int32","optional":)") +
                                 (i % 2 == 0 ? "false" : "true") + R"(},"payload":)" +
                                 std::to_string(i) + "}";
    EXPECT_EQ(small.FromConnectData("t", nullptr, schema, Value(int32_t{i})), expected);
  }
  JsonConverter uncached;
  uncached.Configure({{"schemas.cache.size", "0"}}, false);
  EXPECT_EQ(uncached.FromConnectData("t", nullptr, Schema::Boolean(), Value(true)),
            R"({"schema":{"type":"boolean","optional":false},"payload":true})");
}

TEST_F(JsonConverterWriteTest, HeaderConverterWritesLikeValueConverter) {
  JsonConverter header;
  header.Configure(Props{});
  EXPECT_EQ(header.FromConnectHeader("t", "h", Schema::String(), Value("v")),
            R"({"schema":{"type":"string","optional":false},"payload":"v"})");
}

}  // namespace
}  // namespace kconnect::worker::runtime
