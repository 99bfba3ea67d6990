// StringConverter, ByteArrayConverter, the number converters and
// BooleanConverter: bytes on the wire and Java's error texts.

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "kconnect/data/struct.h"
#include "kconnect/errors.h"
#include "worker/runtime/converters/boolean_converter.h"
#include "worker/runtime/converters/byte_array_converter.h"
#include "worker/runtime/converters/number_converter.h"
#include "worker/runtime/converters/string_converter.h"

namespace kconnect::worker::runtime {
namespace {

template <typename C>
std::string FromError(C& converter, const SchemaPtr& schema, const Value& value) {
  try {
    converter.FromConnectData("t", nullptr, schema, value);
  } catch (const DataException& e) {
    return e.what();
  }
  return "<no exception>";
}

template <typename C>
std::string ToError(C& converter, std::string_view data) {
  try {
    converter.ToConnectData("t", nullptr, data);
  } catch (const DataException& e) {
    return e.what();
  }
  return "<no exception>";
}

TEST(StringConverterTest, WritesStringsAndJavaToString) {
  StringConverter c;
  c.Configure({}, false);
  EXPECT_EQ(c.FromConnectData("t", nullptr, Schema::String(), Value("h\xC3\xA9")), "h\xC3\xA9");
  EXPECT_EQ(c.FromConnectData("t", nullptr, Schema::Int32(), Value(int32_t{42})), "42");
  EXPECT_EQ(c.FromConnectData("t", nullptr, nullptr, Value(1e7)), "1.0E7");
  EXPECT_FALSE(c.FromConnectData("t", nullptr, Schema::OptionalString(), Value()).has_value());
  const SchemaPtr schema = SchemaBuilder::Struct()
                               .Field("a", Schema::Int32())
                               .Field("b", Schema::OptionalString())
                               .Build();
  auto s = MakeStruct(schema);
  s->Put("a", Value(int32_t{1}));
  EXPECT_EQ(c.FromConnectData("t", nullptr, schema, Value(s)), "Struct{a=1}");
}

TEST(StringConverterTest, ReadsOptionalString) {
  StringConverter c;
  const SchemaAndValue read = c.ToConnectData("t", nullptr, std::string_view("abc"));
  EXPECT_EQ(read.schema, Schema::OptionalString());
  EXPECT_EQ(read.value, Value("abc"));
  const SchemaAndValue null_read = c.ToConnectData("t", nullptr, std::nullopt);
  EXPECT_EQ(null_read.schema, Schema::OptionalString());
  EXPECT_TRUE(null_read.value.IsNull());
  EXPECT_EQ(c.ToConnectHeader("t", "h", std::string_view("")).value, Value(""));
}

TEST(StringConverterTest, OnlyUtf8EncodingIsAccepted) {
  StringConverter c;
  EXPECT_NO_THROW(c.Configure({{"converter.encoding", "utf8"}}, false));
  EXPECT_NO_THROW(c.Configure({{"converter.encoding", "UTF-8"}}));
  try {
    c.Configure({{"converter.encoding", "ISO-8859-1"}}, true);
    FAIL() << "expected ConfigException";
  } catch (const ConfigException& e) {
    EXPECT_NE(std::string(e.what()).find("ISO-8859-1"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("converter.encoding"), std::string::npos) << e.what();
  }
}

TEST(ByteArrayConverterTest, PassesBytesThrough) {
  ByteArrayConverter c;
  c.Configure({}, false);
  EXPECT_EQ(c.FromConnectData("t", nullptr, Schema::BytesSchema(), Value(Bytes{0, 1, 255})),
            std::string("\x00\x01\xff", 3));
  EXPECT_EQ(c.FromConnectData("t", nullptr, nullptr, Value(Bytes{'x'})), "x");
  EXPECT_FALSE(c.FromConnectData("t", nullptr, nullptr, Value()).has_value());
  const SchemaAndValue read = c.ToConnectData("t", nullptr, std::string_view("\x00z", 2));
  EXPECT_EQ(read.schema, Schema::OptionalBytes());
  EXPECT_EQ(read.value, Value(Bytes{0, 'z'}));
  EXPECT_TRUE(c.ToConnectHeader("t", "h", std::nullopt).value.IsNull());
}

TEST(ByteArrayConverterTest, RejectsOtherSchemasAndValues) {
  ByteArrayConverter c;
  EXPECT_EQ(FromError(c, Schema::String(), Value(Bytes{})),
            "Invalid schema type for ByteArrayConverter: STRING");
  EXPECT_EQ(FromError(c, nullptr, Value("x")),
            "ByteArrayConverter is not compatible with objects of type class java.lang.String");
}

TEST(NumberConverterTest, BigEndianEncoding) {
  ShortConverter s;
  IntegerConverter i;
  LongConverter l;
  FloatConverter f;
  DoubleConverter d;
  EXPECT_EQ(s.FromConnectData("t", nullptr, nullptr, Value(int16_t{-2})),
            std::string("\xff\xfe", 2));
  EXPECT_EQ(i.FromConnectData("t", nullptr, Schema::Int32(), Value(int32_t{0x01020304})),
            std::string("\x01\x02\x03\x04", 4));
  EXPECT_EQ(l.FromConnectData("t", nullptr, nullptr, Value(int64_t{1})),
            std::string("\x00\x00\x00\x00\x00\x00\x00\x01", 8));
  EXPECT_EQ(f.FromConnectData("t", nullptr, nullptr, Value(1.0F)),
            std::string("\x3f\x80\x00\x00", 4));
  EXPECT_EQ(d.FromConnectData("t", nullptr, nullptr, Value(-2.0)),
            std::string("\xc0\x00\x00\x00\x00\x00\x00\x00", 8));
  EXPECT_FALSE(i.FromConnectData("t", nullptr, nullptr, Value()).has_value());
}

TEST(NumberConverterTest, ReadsWithOptionalSchemas) {
  IntegerConverter i;
  const SchemaAndValue read =
      i.ToConnectData("t", nullptr, std::string_view("\xff\xff\xff\xfe", 4));
  EXPECT_EQ(read.schema, Schema::OptionalInt32());
  EXPECT_EQ(read.value, Value(int32_t{-2}));
  DoubleConverter d;
  const auto bytes = d.FromConnectData("t", nullptr, nullptr, Value(3.5));
  EXPECT_EQ(d.ToConnectData("t", nullptr, *bytes).value, Value(3.5));
  EXPECT_EQ(d.ToConnectData("t", nullptr, *bytes).schema, Schema::OptionalFloat64());
  FloatConverter f;
  EXPECT_TRUE(std::isnan(
      f.ToConnectHeader("t", "h", std::string_view("\x7f\xc0\x00\x00", 4)).value.As<float>()));
  EXPECT_TRUE(LongConverter().ToConnectData("t", nullptr, std::nullopt).value.IsNull());
  EXPECT_EQ(ShortConverter().ToConnectData("t", nullptr, std::nullopt).schema,
            Schema::OptionalInt16());
}

TEST(NumberConverterTest, SizeErrors) {
  ShortConverter s;
  IntegerConverter i;
  LongConverter l;
  FloatConverter f;
  DoubleConverter d;
  EXPECT_EQ(ToError(s, "abc"),
            "Failed to deserialize short: Size of data received by ShortDeserializer is not 2");
  EXPECT_EQ(ToError(i, "abc"),
            "Failed to deserialize integer: Size of data received by IntegerDeserializer is not 4");
  EXPECT_EQ(ToError(l, "abc"),
            "Failed to deserialize long: Size of data received by LongDeserializer is not 8");
  EXPECT_EQ(ToError(f, "abc"),
            "Failed to deserialize float: Size of data received by Deserializer is not 4");
  EXPECT_EQ(ToError(d, ""),
            "Failed to deserialize double: Size of data received by Deserializer is not 8");
}

TEST(NumberConverterTest, WrongValueTypeErrors) {
  IntegerConverter i;
  EXPECT_EQ(FromError(i, Schema::Int64(), Value(int64_t{1})),
            "Failed to serialize to integer (was class java.lang.Long): ");
  DoubleConverter d;
  EXPECT_EQ(FromError(d, nullptr, Value(1.0F)),
            "Failed to serialize to double (was class java.lang.Float): ");
}

TEST(NumberConverterTest, ConfigureChecksConverterType) {
  LongConverter l;
  EXPECT_NO_THROW(l.Configure({}, true));
  EXPECT_NO_THROW(l.Configure(Props{}));
  EXPECT_THROW(l.Configure(Props{{"converter.type", "sideways"}}), ConfigException);
  EXPECT_NE(LongConverter::ConfigDefinition().Find("converter.type"), nullptr);
}

TEST(BooleanConverterTest, OneByte) {
  BooleanConverter b;
  b.Configure({}, false);
  EXPECT_EQ(b.FromConnectData("t", nullptr, Schema::Boolean(), Value(true)),
            std::string("\x01", 1));
  EXPECT_EQ(b.FromConnectData("t", nullptr, nullptr, Value(false)), std::string("\x00", 1));
  EXPECT_FALSE(b.FromConnectData("t", nullptr, nullptr, Value()).has_value());
  const SchemaAndValue read = b.ToConnectData("t", nullptr, std::string_view("\x01", 1));
  EXPECT_EQ(read.schema, Schema::OptionalBoolean());
  EXPECT_EQ(read.value, Value(true));
  EXPECT_EQ(b.ToConnectHeader("t", "h", std::string_view("\x00", 1)).value, Value(false));
}

TEST(BooleanConverterTest, Errors) {
  BooleanConverter b;
  EXPECT_EQ(FromError(b, Schema::Int8(), Value(true)),
            "Invalid schema type for BooleanConverter: INT8");
  EXPECT_EQ(FromError(b, nullptr, Value(int8_t{1})),
            "BooleanConverter is not compatible with objects of type class java.lang.Byte");
  EXPECT_EQ(ToError(b, "ab"),
            "Failed to deserialize boolean: Size of data received by BooleanDeserializer is not 1");
  EXPECT_EQ(ToError(b, "\xff"),
            "Failed to deserialize boolean: Unexpected byte received by BooleanDeserializer: -1");
}

}  // namespace
}  // namespace kconnect::worker::runtime
