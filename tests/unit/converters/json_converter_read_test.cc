// JsonConverter.ToConnectData: schemas from JSON, payloads, Java's error texts
// for bad input, and write/read round trips.

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "kconnect/data/struct.h"
#include "kconnect/errors.h"
#include "worker/runtime/converters/json_converter.h"

namespace kconnect::worker::runtime {
namespace {

constexpr char kEnvelopeError[] =
    "JsonConverter with schemas.enable requires \"schema\" and \"payload\" fields and may not "
    "contain additional fields. If you are trying to deserialize plain JSON data, set "
    "schemas.enable=false in your converter configuration.";
constexpr char kParseErrorPrefix[] =
    "Converting byte[] to Kafka Connect data failed due to serialization error: ";

class JsonConverterReadTest : public ::testing::Test {
 protected:
  JsonConverterReadTest() { plain_.Configure({{"schemas.enable", "false"}}, false); }

  SchemaAndValue Read(std::string_view json) {
    return converter_.ToConnectData("t", nullptr, json);
  }
  Value ReadPlain(std::string_view json) { return plain_.ToConnectData("t", nullptr, json).value; }
  std::string ReadError(JsonConverter& converter, std::string_view json) {
    try {
      converter.ToConnectData("t", nullptr, json);
    } catch (const DataException& e) {
      return e.what();
    }
    return "<no exception>";
  }
  std::string ReadError(std::string_view json) { return ReadError(converter_, json); }

  JsonConverter converter_;
  JsonConverter plain_;
};

TEST_F(JsonConverterReadTest, KafkaNullIsNullSchemaAndValue) {
  const SchemaAndValue result = converter_.ToConnectData("t", nullptr, std::nullopt);
  EXPECT_EQ(result.schema, nullptr);
  EXPECT_TRUE(result.value.IsNull());
}

TEST_F(JsonConverterReadTest, QuickstartRecord) {
  const SchemaAndValue result =
      Read(R"({"schema":{"type":"string","optional":false},"payload":"foo"})");
  ASSERT_NE(result.schema, nullptr);
  EXPECT_EQ(*result.schema, *Schema::String());
  EXPECT_EQ(result.value, Value("foo"));
}

TEST_F(JsonConverterReadTest, EnvelopeMustHaveExactlySchemaAndPayload) {
  EXPECT_EQ(ReadError(R"({"payload":1})"), kEnvelopeError);
  EXPECT_EQ(ReadError(R"({"schema":null})"), kEnvelopeError);
  EXPECT_EQ(ReadError(R"({"schema":null,"payload":1,"extra":2})"), kEnvelopeError);
  EXPECT_EQ(ReadError(R"({"schema":null,"other":1})"), kEnvelopeError);
  EXPECT_EQ(ReadError(R"([1,2])"), kEnvelopeError);
  EXPECT_EQ(ReadError(R"("foo")"), kEnvelopeError);
  EXPECT_EQ(ReadError(""), kEnvelopeError);
}

TEST_F(JsonConverterReadTest, MalformedJsonIsDataException) {
  for (const char* bad : {"{", "{\"schema\":", "[1,,2]", "nul", "{\"a\" 1}", "\"\xC3\"", "[01,]"}) {
    const std::string message = ReadError(bad);
    EXPECT_EQ(message.rfind(kParseErrorPrefix, 0), 0u) << bad << " -> " << message;
    EXPECT_EQ(ReadError(plain_, bad).rfind(kParseErrorPrefix, 0), 0u) << bad;
  }
}

TEST_F(JsonConverterReadTest, DeepNestingIsRejectedNotACrash) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const std::string message = ReadError(plain_, deep);
  EXPECT_NE(message.find("nesting depth (1001) exceeds the maximum allowed (1000"),
            std::string::npos)
      << message;
  const std::string ok = std::string(999, '[') + std::string(999, ']');
  EXPECT_TRUE(ReadPlain(ok).Is<Value::Array>());
}

TEST_F(JsonConverterReadTest, SchemaErrors) {
  EXPECT_EQ(ReadError(R"({"schema":{"type":"foo"},"payload":1})"), "Unknown schema type: foo");
  EXPECT_EQ(ReadError(R"({"schema":{"optional":true},"payload":1})"),
            "Schema must contain 'type' field");
  EXPECT_EQ(ReadError(R"({"schema":{"type":5},"payload":1})"), "Schema must contain 'type' field");
  EXPECT_EQ(ReadError(R"({"schema":5,"payload":1})"), "Schema must contain 'type' field");
  EXPECT_EQ(ReadError(R"({"schema":{"type":"array"},"payload":[]})"),
            "Array schema did not specify the element type");
  EXPECT_EQ(ReadError(R"({"schema":{"type":"map","values":{"type":"int8"}},"payload":{}})"),
            "Map schema did not specify the key type");
  EXPECT_EQ(ReadError(R"({"schema":{"type":"map","keys":{"type":"int8"}},"payload":{}})"),
            "Map schema did not specify the value type");
  EXPECT_EQ(ReadError(R"({"schema":{"type":"struct","fields":{}},"payload":{}})"),
            "Struct schema's \"fields\" argument is not an array.");
  EXPECT_EQ(ReadError(R"({"schema":{"type":"struct","fields":[{"type":"int8"}]},"payload":{}})"),
            "Struct schema's field name not specified properly");
  EXPECT_EQ(ReadError(R"({"schema":{"type":"int8","parameters":{"a":1}},"payload":1})"),
            "Schema parameters must have string values.");
}

TEST_F(JsonConverterReadTest, SchemaMetadataIsRead) {
  const SchemaAndValue result =
      Read(R"({"schema":{"type":"string","optional":true,"name":"n","version":3,"doc":"d",)"
           R"("parameters":{"b":"2","a":"1"},"default":"x"},"payload":null})");
  const SchemaPtr expected = SchemaBuilder::String()
                                 .Optional()
                                 .Name("n")
                                 .Version(3)
                                 .Doc("d")
                                 .Parameter("b", "2")
                                 .Parameter("a", "1")
                                 .DefaultValue(Value("x"))
                                 .Build();
  ASSERT_NE(result.schema, nullptr);
  EXPECT_EQ(*result.schema, *expected);
  EXPECT_EQ(result.schema->Parameters().front().first, "b");
  // A null payload with a default reads as the default.
  EXPECT_EQ(result.value, Value("x"));
}

TEST_F(JsonConverterReadTest, MissingOptionalMeansRequired) {
  EXPECT_EQ(ReadError(R"({"schema":{"type":"int32"},"payload":null})"),
            "Invalid null value for required INT32 field");
  EXPECT_EQ(
      ReadError(R"({"schema":{"type":"struct","fields":[],"optional":false},"payload":null})"),
      "Invalid null value for required STRUCT field");
}

TEST_F(JsonConverterReadTest, ReplaceNullWithDefaultFalseReadsNull) {
  JsonConverter keep_null;
  keep_null.Configure({{"replace.null.with.default", "false"}}, false);
  const SchemaAndValue result = keep_null.ToConnectData(
      "t", nullptr, R"({"schema":{"type":"int32","optional":true,"default":7},"payload":null})");
  EXPECT_TRUE(result.value.IsNull());
  EXPECT_EQ(result.schema->DefaultValue(), Value(int32_t{7}));
}

TEST_F(JsonConverterReadTest, PrimitivePayloads) {
  EXPECT_EQ(Read(R"({"schema":{"type":"int8"},"payload":-12})").value, Value(int8_t{-12}));
  EXPECT_EQ(Read(R"({"schema":{"type":"int16"},"payload":1234})").value, Value(int16_t{1234}));
  EXPECT_EQ(Read(R"({"schema":{"type":"int32"},"payload":70000})").value, Value(int32_t{70000}));
  EXPECT_EQ(Read(R"({"schema":{"type":"int64"},"payload":5000000000})").value,
            Value(int64_t{5000000000}));
  EXPECT_EQ(Read(R"({"schema":{"type":"float"},"payload":12.34})").value, Value(12.34F));
  EXPECT_EQ(Read(R"({"schema":{"type":"double"},"payload":12.34})").value, Value(12.34));
  EXPECT_EQ(Read(R"({"schema":{"type":"double"},"payload":3})").value, Value(3.0));
  EXPECT_EQ(Read(R"({"schema":{"type":"boolean"},"payload":true})").value, Value(true));
  EXPECT_EQ(Read(R"({"schema":{"type":"bytes"},"payload":"AQL/"})").value,
            Value(Bytes{0x01, 0x02, 0xFF}));
  EXPECT_EQ(ReadError(R"({"schema":{"type":"bytes"},"payload":"!!"})"), "Invalid bytes field");
}

TEST_F(JsonConverterReadTest, LenientAccessorsMatchJackson) {
  // Jackson's intValue() truncates a decimal and wraps a big integer.
  EXPECT_EQ(Read(R"({"schema":{"type":"int32"},"payload":12.9})").value, Value(int32_t{12}));
  EXPECT_EQ(Read(R"({"schema":{"type":"int8"},"payload":300})").value, Value(int8_t{44}));
  EXPECT_EQ(Read(R"({"schema":{"type":"int64"},"payload":18446744073709551617})").value,
            Value(int64_t{1}));
  // Non-numeric nodes read as 0 / false, a non-string as a null string.
  EXPECT_EQ(Read(R"({"schema":{"type":"int32"},"payload":"12"})").value, Value(int32_t{0}));
  EXPECT_EQ(Read(R"({"schema":{"type":"boolean"},"payload":1})").value, Value(false));
  EXPECT_TRUE(Read(R"({"schema":{"type":"string","optional":true},"payload":5})").value.IsNull());
  // -0.0 read as BigDecimal has no sign.
  const Value zero = Read(R"({"schema":{"type":"double"},"payload":-0.0})").value;
  EXPECT_FALSE(std::signbit(zero.As<double>()));
}

TEST_F(JsonConverterReadTest, StructPayload) {
  const SchemaAndValue result =
      Read(R"({"schema":{"type":"struct","fields":[{"type":"int32","optional":false,"field":"id"},)"
           R"({"type":"string","optional":true,"field":"name"}],"optional":false,)"
           R"("name":"com.example.User"},"payload":{"id":1}})");
  ASSERT_NE(result.schema, nullptr);
  EXPECT_EQ(result.schema->Type(), SchemaType::kStruct);
  EXPECT_EQ(result.schema->Name(), "com.example.User");
  const auto& user = result.value.As<Value::StructPtr>();
  EXPECT_EQ(user->Get("id"), Value(int32_t{1}));
  EXPECT_TRUE(user->Get("name").IsNull());
  EXPECT_EQ(ReadError(R"({"schema":{"type":"struct","fields":[]},"payload":[1]})"),
            "Structs should be encoded as JSON objects, but found ARRAY");
}

TEST_F(JsonConverterReadTest, MapPayloads) {
  const SchemaAndValue string_keys =
      Read(R"({"schema":{"type":"map","keys":{"type":"string"},"values":{"type":"int32"}},)"
           R"("payload":{"b":2,"a":1}})");
  EXPECT_EQ(string_keys.value,
            Value(Value::Map{{Value("b"), Value(int32_t{2})}, {Value("a"), Value(int32_t{1})}}));
  const SchemaAndValue int_keys =
      Read(R"({"schema":{"type":"map","keys":{"type":"int32"},"values":{"type":"int32"}},)"
           R"("payload":[[1,12],[2,15]]})");
  EXPECT_EQ(int_keys.value, Value(Value::Map{{Value(int32_t{1}), Value(int32_t{12})},
                                             {Value(int32_t{2}), Value(int32_t{15})}}));
  const char* int_map_schema =
      R"({"schema":{"type":"map","keys":{"type":"int32"},"values":{"type":"int32"}},)";
  EXPECT_EQ(
      ReadError(std::string(int_map_schema) + R"("payload":{}})"),
      "Maps with non-string fields should be encoded as JSON array of tuples, but found OBJECT");
  EXPECT_EQ(ReadError(std::string(int_map_schema) + R"("payload":[1]})"),
            "Found invalid map entry instead of array tuple: NUMBER");
  EXPECT_EQ(ReadError(std::string(int_map_schema) + R"("payload":[[1,2,3]]})"),
            "Found invalid map entry, expected length 2 but found :3");
  EXPECT_EQ(
      ReadError(R"({"schema":{"type":"map","keys":{"type":"string"},"values":{"type":"int32"}},)"
                R"("payload":[]})"),
      "Maps with string fields should be encoded as JSON objects, but found ARRAY");
}

TEST_F(JsonConverterReadTest, ArrayPayload) {
  const SchemaAndValue result = Read(
      R"({"schema":{"type":"array","items":{"type":"int32","optional":true}},"payload":[1,null,3]})");
  EXPECT_EQ(result.value, Value(Value::Array{Value(int32_t{1}), Value(), Value(int32_t{3})}));
}

TEST_F(JsonConverterReadTest, DecimalFromBase64OrNumber) {
  const std::string schema =
      R"({"schema":{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","version":1,)"
      R"("parameters":{"scale":"2"}},"payload":)";
  EXPECT_EQ(Read(schema + R"("AJw="})").value, Value(Decimal::FromUnscaled(156, 2)));
  EXPECT_EQ(Read(schema + R"("MDk="})").value, Value(Decimal::FromUnscaled(12345, 2)));
  // A number keeps the scale it was written with (BigDecimal from the text).
  EXPECT_EQ(Read(schema + "1.5600}").value, Value(Decimal::FromUnscaled(15600, 4)));
  EXPECT_EQ(Read(schema + "156}").value, Value(Decimal::FromUnscaled(156, 0)));
  EXPECT_EQ(Read(schema + "-1.5E+3}").value, Value(Decimal::FromUnscaled(-15, -2)));
  EXPECT_EQ(Read(schema + "123456789012345678901234567890.12}").value.As<Decimal>().ToString(),
            "123456789012345678901234567890.12");
  EXPECT_EQ(ReadError(schema + "true}"),
            "Invalid type for Decimal, underlying representation should be numeric or bytes but "
            "was BOOLEAN");
  EXPECT_EQ(ReadError(schema + R"("%%"})"), "Invalid bytes for Decimal field");
}

TEST_F(JsonConverterReadTest, TemporalPayloads) {
  EXPECT_EQ(
      Read(
          R"({"schema":{"type":"int32","name":"org.apache.kafka.connect.data.Date"},"payload":19723})")
          .value,
      Value(EpochMillis{19723LL * 86400000}));
  EXPECT_EQ(
      Read(
          R"({"schema":{"type":"int32","name":"org.apache.kafka.connect.data.Time"},"payload":1000})")
          .value,
      Value(EpochMillis{1000}));
  EXPECT_EQ(
      Read(
          R"({"schema":{"type":"int64","name":"org.apache.kafka.connect.data.Timestamp"},"payload":1700000000123})")
          .value,
      Value(EpochMillis{1700000000123}));
  EXPECT_EQ(
      ReadError(
          R"({"schema":{"type":"int32","name":"org.apache.kafka.connect.data.Date"},"payload":1.0})"),
      "Invalid type for Date, underlying representation should be integer but was NUMBER");
  EXPECT_EQ(
      ReadError(
          R"({"schema":{"type":"int32","name":"org.apache.kafka.connect.data.Time"},"payload":-1})"),
      "Time values must use number of milliseconds greater than 0 and less than 86400000");
  EXPECT_EQ(
      ReadError(
          R"({"schema":{"type":"int64","name":"org.apache.kafka.connect.data.Timestamp"},"payload":"x"})"),
      "Invalid type for Timestamp, underlying representation should be integral but was STRING");
}

TEST_F(JsonConverterReadTest, SchemalessPayloadTypes) {
  EXPECT_EQ(ReadPlain("42"), Value(int64_t{42}));
  EXPECT_EQ(ReadPlain("4.5"), Value(4.5));
  EXPECT_EQ(ReadPlain("1e2"), Value(100.0));
  EXPECT_EQ(ReadPlain(R"("s")"), Value("s"));
  EXPECT_EQ(ReadPlain("true"), Value(true));
  EXPECT_TRUE(ReadPlain("null").IsNull());
  EXPECT_TRUE(ReadPlain("").IsNull());
  EXPECT_EQ(
      ReadPlain(R"({"b":[1,2.5,"x",null],"a":{}})"),
      Value(Value::Map{
          {Value("b"), Value(Value::Array{Value(int64_t{1}), Value(2.5), Value("x"), Value()})},
          {Value("a"), Value(Value::Map{})}}));
  // Envelope with a null schema.
  const SchemaAndValue enveloped = Read(R"({"schema":null,"payload":[1]})");
  EXPECT_EQ(enveloped.schema, nullptr);
  EXPECT_EQ(enveloped.value, Value(Value::Array{Value(int64_t{1})}));
}

TEST_F(JsonConverterReadTest, JacksonParserLeniencies) {
  EXPECT_EQ(ReadPlain("007"), Value(int64_t{7}));
  EXPECT_EQ(ReadPlain("[-00.5,\"007\"]"), Value(Value::Array{Value(-0.5), Value("007")}));
  // Only the first value is read.
  EXPECT_EQ(ReadPlain("1 xyz"), Value(int64_t{1}));
  // A repeated member replaces the earlier value in place.
  EXPECT_EQ(ReadPlain(R"({"a":1,"b":2,"a":3})"),
            Value(Value::Map{{Value("a"), Value(int64_t{3})}, {Value("b"), Value(int64_t{2})}}));
  // Integers beyond 64 bits keep their low 64 bits, as BigInteger.longValue().
  EXPECT_EQ(ReadPlain("12345678901234567890"), Value(int64_t{-6101065172474983726}));
}

TEST_F(JsonConverterReadTest, RepeatedSchemaTextReadsToSharedSchema) {
  const char* int_record = R"({"schema":{"type":"int32","optional":false},"payload":1})";
  const char* str_record = R"({"schema":{"type":"string","optional":true},"payload":"s"})";
  const SchemaAndValue first = Read(int_record);
  const SchemaAndValue other = Read(str_record);
  const SchemaAndValue again = Read(int_record);
  EXPECT_EQ(first.schema, again.schema);  // the same instance, from the cache
  EXPECT_EQ(*first.schema, *Schema::Int32());
  EXPECT_EQ(*other.schema, *Schema::OptionalString());
  EXPECT_EQ(again.value, Value(int32_t{1}));
  EXPECT_EQ(other.value, Value("s"));
}

TEST_F(JsonConverterReadTest, NonCompactEnvelopesReadTheSame) {
  const SchemaAndValue spaced = Read(
      " {\n \"payload\" : [1, 2] "
      ",\"schema\":{\"type\":\"array\",\"items\":{\"type\":\"int8\"}}}\n");
  EXPECT_EQ(spaced.value, Value(Value::Array{Value(int8_t{1}), Value(int8_t{2})}));
  // Bytes after the envelope are ignored, as by Jackson's readTree.
  EXPECT_EQ(Read(R"({"schema":null,"payload":{"a":1}}})").value,
            Value(Value::Map{{Value("a"), Value(int64_t{1})}}));
  EXPECT_EQ(Read("{\"schema\":null,\"payload\":\"}\"}  \n").value, Value("}"));
  // A repeated member replaces the first, so this is still a two-member envelope.
  EXPECT_EQ(Read(R"({"schema":{"type":"int8"},"payload":1,"schema":null})").value,
            Value(int64_t{1}));
  EXPECT_EQ(ReadError(R"({"schema":{"type":"int8"},"payload":})").rfind(kParseErrorPrefix, 0), 0u);
  EXPECT_EQ(ReadError(R"({"schema":{"type":"int8",},"payload":1})").rfind(kParseErrorPrefix, 0),
            0u);
  // The nesting limit counts the envelope, as when the whole document is parsed.
  const std::string deepest_allowed = std::string(999, '[') + std::string(999, ']');
  EXPECT_TRUE(
      Read(R"({"schema":null,"payload":)" + deepest_allowed + "}").value.Is<Value::Array>());
  const std::string too_deep = std::string(1000, '[') + std::string(1000, ']');
  EXPECT_NE(ReadError(R"({"schema":null,"payload":)" + too_deep + "}").find("nesting depth (1001)"),
            std::string::npos);
}

TEST_F(JsonConverterReadTest, AsConnectSchemaFromText) {
  const SchemaPtr schema =
      converter_.AsConnectSchema(R"({"type":"map","keys":{"type":"int32","optional":false},)"
                                 R"("values":{"type":"int32","optional":false},"optional":false})");
  EXPECT_EQ(*schema, *SchemaBuilder::Map(Schema::Int32(), Schema::Int32()).Build());
  EXPECT_EQ(converter_.AsConnectSchema("null"), nullptr);
}

TEST_F(JsonConverterReadTest, HeaderConverterReadsLikeValueConverter) {
  JsonConverter header;
  header.Configure(Props{{"schemas.enable", "false"}});
  EXPECT_EQ(header.ToConnectHeader("t", "h", R"({"k":"v"})").value,
            Value(Value::Map{{Value("k"), Value("v")}}));
}

TEST_F(JsonConverterReadTest, InvalidConfigIsRejected) {
  JsonConverter c;
  EXPECT_THROW(c.Configure({{"decimal.format", "HEX"}}, false), ConfigException);
  EXPECT_THROW(c.Configure({{"schemas.enable", "maybe"}}, false), ConfigException);
  EXPECT_NO_THROW(c.Configure({{"decimal.format", "Base64"}, {"schemas.cache.size", "5"}}, true));
  EXPECT_TRUE(c.SchemasEnabled());
  EXPECT_EQ(c.GetDecimalFormat(), DecimalFormat::kBase64);
  EXPECT_NE(JsonConverter::ConfigDefinition().Find("replace.null.with.default"), nullptr);
}

// Round trips: what the converter writes it reads back to an equal value and
// schema, in both decimal formats and with schemas enabled.
class JsonConverterRoundTripTest : public ::testing::TestWithParam<std::string> {};

TEST_P(JsonConverterRoundTripTest, ValuesSurviveWriteThenRead) {
  JsonConverter converter;
  converter.Configure({{"decimal.format", GetParam()}}, false);
  const SchemaPtr address = SchemaBuilder::Struct()
                                .Name("Address")
                                .Field("street", Schema::String())
                                .Field("zip", Schema::OptionalInt32())
                                .Build();
  const SchemaPtr schema =
      SchemaBuilder::Struct()
          .Name("Everything")
          .Version(2)
          .Doc("all types")
          .Field("i8", Schema::Int8())
          .Field("i16", Schema::Int16())
          .Field("i32", Schema::Int32())
          .Field("i64", Schema::Int64())
          .Field("f32", Schema::Float32())
          .Field("f64", Schema::Float64())
          .Field("flag", Schema::Boolean())
          .Field("text", Schema::String())
          .Field("blob", Schema::BytesSchema())
          .Field("list", SchemaBuilder::Array(Schema::OptionalString()).Build())
          .Field("by_name", SchemaBuilder::Map(Schema::String(), Schema::Int64()).Build())
          .Field("by_id", SchemaBuilder::Map(Schema::Int16(), address).Build())
          .Field("amount", logical::DecimalSchema(2))
          .Field("day", logical::DateSchema())
          .Field("time", logical::TimeSchema())
          .Field("at", logical::TimestampSchema())
          .Field("maybe", SchemaBuilder::Int32().Optional().DefaultValue(Value(int32_t{9})).Build())
          .Build();
  auto home = MakeStruct(address);
  home->Put("street", Value("Main \"St\"\n")).Put("zip", Value(int32_t{12345}));
  auto value = MakeStruct(schema);
  value->Put("i8", Value(int8_t{-1}))
      .Put("i16", Value(int16_t{-300}))
      .Put("i32", Value(int32_t{123456}))
      .Put("i64", Value(int64_t{-9000000000}))
      .Put("f32", Value(3.25F))
      .Put("f64", Value(-1.0e-300))
      .Put("flag", Value(true))
      .Put("text", Value("h\xC3\xA9llo / \x01"))
      .Put("blob", Value(Bytes{0, 1, 2, 254, 255}))
      .Put("list", Value(Value::Array{Value("a"), Value()}))
      .Put("by_name", Value(Value::Map{{Value("x"), Value(int64_t{1})}}))
      .Put("by_id", Value(Value::Map{{Value(int16_t{7}), Value(home)}}))
      .Put("amount", Value(Decimal::FromUnscaled(-123456789, 2)))
      .Put("day", Value(EpochMillis{19723LL * 86400000}))
      .Put("time", Value(EpochMillis{45296789}))
      .Put("at", Value(EpochMillis{1700000000123}))
      .Put("maybe", Value(int32_t{4}));

  const auto bytes = converter.FromConnectData("t", nullptr, schema, Value(value));
  ASSERT_TRUE(bytes.has_value());
  const SchemaAndValue back = converter.ToConnectData("t", nullptr, *bytes);
  ASSERT_NE(back.schema, nullptr);
  EXPECT_EQ(*back.schema, *schema);
  EXPECT_EQ(back.value, Value(value)) << *bytes;
  // Writing what was read gives the same bytes again.
  EXPECT_EQ(converter.FromConnectData("t", nullptr, back.schema, back.value), bytes);
}

INSTANTIATE_TEST_SUITE_P(DecimalFormats, JsonConverterRoundTripTest,
                         ::testing::Values("BASE64", "NUMERIC"));

}  // namespace
}  // namespace kconnect::worker::runtime
