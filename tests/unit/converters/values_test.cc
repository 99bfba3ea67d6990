// Values.convertToString / parseString as used by SimpleHeaderConverter.

#include "worker/runtime/converters/values.h"

#include <gtest/gtest.h>

#include "kconnect/data/struct.h"
#include "worker/runtime/converters/simple_header_converter.h"

namespace kconnect::worker::runtime {
namespace {

constexpr int64_t kDay = 86400000;
// 2024-01-01T12:34:56.789Z
constexpr int64_t kTimestamp = 19723 * kDay + 45296789;

void ExpectParsed(std::string_view text, const SchemaPtr& schema, const Value& value) {
  const SchemaAndValue parsed = Values::ParseString(text);
  ASSERT_NE(parsed.schema, nullptr) << text;
  EXPECT_EQ(*parsed.schema, *schema) << text;
  EXPECT_EQ(parsed.value, value) << text;
}

TEST(ValuesParseTest, EmptyAndBlankStayStrings) {
  ExpectParsed("", Schema::String(), Value(""));
  ExpectParsed("  ", Schema::String(), Value("  "));
}

TEST(ValuesParseTest, Booleans) {
  ExpectParsed("true", Schema::Boolean(), Value(true));
  ExpectParsed("false", Schema::Boolean(), Value(false));
  ExpectParsed("true}", Schema::String(), Value("true}"));
  ExpectParsed("truest", Schema::String(), Value("truest"));
}

TEST(ValuesParseTest, NullLiteral) {
  const SchemaAndValue parsed = Values::ParseString("null");
  EXPECT_EQ(parsed.schema, nullptr);
  EXPECT_TRUE(parsed.value.IsNull());
}

TEST(ValuesParseTest, SmallestIntegerType) {
  ExpectParsed("42", Schema::Int8(), Value(int8_t{42}));
  ExpectParsed("-128", Schema::Int8(), Value(int8_t{-128}));
  ExpectParsed("300", Schema::Int16(), Value(int16_t{300}));
  ExpectParsed("70000", Schema::Int32(), Value(int32_t{70000}));
  ExpectParsed("5000000000", Schema::Int64(), Value(int64_t{5000000000}));
  ExpectParsed("+7", Schema::Int8(), Value(int8_t{7}));
  // Whole decimals are integers too.
  ExpectParsed("1.0", Schema::Int8(), Value(int8_t{1}));
  ExpectParsed("1e2", Schema::Int8(), Value(int8_t{100}));
}

TEST(ValuesParseTest, LeadingNumberOfDelimitedTextWinsAsInJava) {
  // Kafka's parser reads the first token and ignores the rest here.
  ExpectParsed("42,43", Schema::Int8(), Value(int8_t{42}));
}

TEST(ValuesParseTest, FractionsAndHugeNumbers) {
  ExpectParsed("1.5", Schema::Float32(), Value(1.5F));
  ExpectParsed("-0.25", Schema::Float32(), Value(-0.25F));
  ExpectParsed("1e39", Schema::Float64(), Value(1e39));
  // Beyond long but with scale 0: a Decimal.
  const SchemaAndValue big = Values::ParseString("12345678901234567890");
  ASSERT_NE(big.schema, nullptr);
  EXPECT_EQ(*big.schema, *logical::DecimalSchema(0));
  EXPECT_EQ(big.value.As<Decimal>().ToString(), "12345678901234567890");
}

TEST(ValuesParseTest, Temporals) {
  ExpectParsed("2024-01-01", logical::DateSchema(), Value(EpochMillis{19723 * kDay}));
  ExpectParsed("12:34:56.789Z", logical::TimeSchema(), Value(EpochMillis{45296789}));
  ExpectParsed("2024-01-01T12:34:56.789Z", logical::TimestampSchema(),
               Value(EpochMillis{kTimestamp}));
}

TEST(ValuesParseTest, PlainStrings) {
  ExpectParsed("hello world", Schema::String(), Value("hello world"));
  ExpectParsed("42 apples", Schema::String(), Value("42 apples"));
  ExpectParsed("\"quoted\"", Schema::String(), Value("\"quoted\""));
  ExpectParsed("[", Schema::String(), Value("["));
  ExpectParsed("{a}", Schema::String(), Value("{a}"));
}

TEST(ValuesParseTest, Arrays) {
  ExpectParsed("[1,2,3]", SchemaBuilder::Array(Schema::Int8()).Build(),
               Value(Value::Array{Value(int8_t{1}), Value(int8_t{2}), Value(int8_t{3})}));
  // Elements are widened to the common type.
  ExpectParsed("[1, 300]", SchemaBuilder::Array(Schema::Int16()).Build(),
               Value(Value::Array{Value(int16_t{1}), Value(int16_t{300})}));
  ExpectParsed("[\"a\",\"b c\"]", SchemaBuilder::Array(Schema::String()).Build(),
               Value(Value::Array{Value("a"), Value("b c")}));
  // A null element cannot be aligned to a required element type: a string.
  ExpectParsed("[1,null]", Schema::String(), Value("[1,null]"));
  // No common type: the values as parsed.
  const SchemaAndValue mixed = Values::ParseString("[1,\"a\"]");
  ASSERT_NE(mixed.schema, nullptr);
  EXPECT_EQ(mixed.schema->Type(), SchemaType::kArray);
  EXPECT_EQ(mixed.value, Value(Value::Array{Value(int8_t{1}), Value("a")}));
}

TEST(ValuesParseTest, Maps) {
  ExpectParsed("{\"a\":1,\"b\":2}", SchemaBuilder::Map(Schema::String(), Schema::Int8()).Build(),
               Value(Value::Map{{Value("a"), Value(int8_t{1})}, {Value("b"), Value(int8_t{2})}}));
  ExpectParsed("{1:true}", SchemaBuilder::Map(Schema::Int8(), Schema::Boolean()).Build(),
               Value(Value::Map{{Value(int8_t{1}), Value(true)}}));
  // Java's map parser tolerates a trailing comma but not a key without value.
  ExpectParsed("{\"a\":1,}", SchemaBuilder::Map(Schema::String(), Schema::Int8()).Build(),
               Value(Value::Map{{Value("a"), Value(int8_t{1})}}));
  ExpectParsed("{\"a\"}", Schema::String(), Value("{\"a\"}"));
}

TEST(ValuesConvertToStringTest, Scalars) {
  EXPECT_EQ(Values::ConvertToString(nullptr, Value("raw \"text\"")), "raw \"text\"");
  EXPECT_EQ(Values::ConvertToString(nullptr, Value(int32_t{-5})), "-5");
  EXPECT_EQ(Values::ConvertToString(nullptr, Value(1.5F)), "1.5");
  EXPECT_EQ(Values::ConvertToString(nullptr, Value(1e7)), "1.0E7");
  EXPECT_EQ(Values::ConvertToString(nullptr, Value(true)), "true");
  EXPECT_EQ(Values::ConvertToString(nullptr, Value(Bytes{'h', 'i'})), "aGk=");
  EXPECT_EQ(Values::ConvertToString(nullptr, Value(Decimal::FromUnscaled(156, 2))), "1.56");
}

TEST(ValuesConvertToStringTest, Temporals) {
  EXPECT_EQ(Values::ConvertToString(logical::DateSchema(), Value(EpochMillis{19723 * kDay})),
            "2024-01-01");
  EXPECT_EQ(Values::ConvertToString(logical::TimeSchema(), Value(EpochMillis{45296789})),
            "12:34:56.789Z");
  EXPECT_EQ(Values::ConvertToString(logical::TimestampSchema(), Value(EpochMillis{kTimestamp})),
            "2024-01-01T12:34:56.789Z");
}

TEST(ValuesConvertToStringTest, Containers) {
  EXPECT_EQ(Values::ConvertToString(nullptr,
                                    Value(Value::Array{Value("a\"b"), Value(int8_t{1}), Value()})),
            "[\"a\\\"b\",1,null]");
  EXPECT_EQ(
      Values::ConvertToString(nullptr, Value(Value::Map{{Value("k"), Value(Value::Array{})}})),
      "{\"k\":[]}");
  const SchemaPtr schema =
      SchemaBuilder::Struct()
          .Field("id", Schema::Int32())
          .Field("name", SchemaBuilder::String().DefaultValue(Value("n")).Build())
          .Build();
  auto s = MakeStruct(schema);
  s->Put("id", Value(int32_t{1}));
  EXPECT_EQ(Values::ConvertToString(schema, Value(s)), "{\"id\":1,\"name\":\"n\"}");
}

TEST(SimpleHeaderConverterTest, RoundTripsInferTypes) {
  SimpleHeaderConverter c;
  c.Configure({});
  const auto bytes = c.FromConnectHeader("t", "h", Schema::Int32(), Value(int32_t{42}));
  EXPECT_EQ(bytes, "42");
  const SchemaAndValue back = c.ToConnectHeader("t", "h", *bytes);
  EXPECT_EQ(*back.schema, *Schema::Int8());
  EXPECT_EQ(back.value, Value(int8_t{42}));

  const Value list(Value::Array{Value("x"), Value("y")});
  const auto list_bytes = c.FromConnectHeader("t", "h", nullptr, list);
  EXPECT_EQ(list_bytes, "[\"x\",\"y\"]");
  EXPECT_EQ(c.ToConnectHeader("t", "h", *list_bytes).value, list);
}

TEST(SimpleHeaderConverterTest, NullsAndEmpty) {
  SimpleHeaderConverter c;
  EXPECT_FALSE(c.FromConnectHeader("t", "h", Schema::OptionalString(), Value()).has_value());
  const SchemaAndValue null_read = c.ToConnectHeader("t", "h", std::nullopt);
  EXPECT_EQ(null_read.schema, nullptr);
  EXPECT_TRUE(null_read.value.IsNull());
  const SchemaAndValue empty = c.ToConnectHeader("t", "h", std::string_view(""));
  EXPECT_EQ(*empty.schema, *Schema::String());
  EXPECT_EQ(empty.value, Value(""));
  EXPECT_EQ(c.ToConnectHeader("t", "h", std::string_view("text")).value, Value("text"));
}

}  // namespace
}  // namespace kconnect::worker::runtime
