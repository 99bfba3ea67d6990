// Value: Java String.valueOf rendering (what FileStreamSink writes), deep
// equality, and the Decimal logical type's byte form and BigDecimal text.

#include "kconnect/data/value.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "kconnect/data/struct.h"
#include "kconnect/errors.h"
#include "tests/unit/sdk/expect_message.h"

namespace kconnect {
namespace {

using testing::MessageOf;

std::string D(double v) { return Value(v).ToJavaString(); }
std::string F(float v) { return Value(v).ToJavaString(); }

TEST(ValueToJavaStringTest, DoublesFollowJavaDoubleToString) {
  EXPECT_EQ(D(12.34), "12.34");
  EXPECT_EQ(D(100.0), "100.0");
  EXPECT_EQ(D(1.0), "1.0");
  EXPECT_EQ(D(0.0), "0.0");
  EXPECT_EQ(D(-0.0), "-0.0");
  EXPECT_EQ(D(0.5), "0.5");
  EXPECT_EQ(D(-2.5), "-2.5");
  EXPECT_EQ(D(0.001), "0.001");
  EXPECT_EQ(D(0.0001), "1.0E-4");
  EXPECT_EQ(D(9999999.0), "9999999.0");
  EXPECT_EQ(D(1e7), "1.0E7");
  EXPECT_EQ(D(-1e7), "-1.0E7");
  EXPECT_EQ(D(123456789.125), "1.23456789125E8");
  EXPECT_EQ(D(1.5e-10), "1.5E-10");
  EXPECT_EQ(D(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(D(2e23), "2.0E23");
  EXPECT_EQ(D(std::numeric_limits<double>::max()), "1.7976931348623157E308");
  // JDK 19+ picks the closest two-digit decimal when one digit would do.
  EXPECT_EQ(D(std::numeric_limits<double>::denorm_min()), "4.9E-324");
  EXPECT_EQ(D(std::nan("")), "NaN");
  EXPECT_EQ(D(std::numeric_limits<double>::infinity()), "Infinity");
  EXPECT_EQ(D(-std::numeric_limits<double>::infinity()), "-Infinity");
}

TEST(ValueToJavaStringTest, FloatsFollowJavaFloatToString) {
  EXPECT_EQ(F(0.1f), "0.1");
  EXPECT_EQ(F(1.1f), "1.1");
  EXPECT_EQ(F(1e10f), "1.0E10");
  EXPECT_EQ(F(3.0f), "3.0");
  EXPECT_EQ(F(std::numeric_limits<float>::max()), "3.4028235E38");
  EXPECT_EQ(F(std::numeric_limits<float>::denorm_min()), "1.4E-45");
  EXPECT_EQ(F(-0.0f), "-0.0");
}

TEST(ValueToJavaStringTest, ScalarsAndContainers) {
  EXPECT_EQ(Value().ToJavaString(), "null");
  EXPECT_EQ(Value(nullptr).ToJavaString(), "null");
  EXPECT_EQ(Value(true).ToJavaString(), "true");
  EXPECT_EQ(Value(false).ToJavaString(), "false");
  EXPECT_EQ(Value(int8_t{-8}).ToJavaString(), "-8");
  EXPECT_EQ(Value(int16_t{300}).ToJavaString(), "300");
  EXPECT_EQ(Value(int32_t{-70000}).ToJavaString(), "-70000");
  EXPECT_EQ(Value(int64_t{1} << 40).ToJavaString(), "1099511627776");
  EXPECT_EQ(Value("hello world").ToJavaString(), "hello world");
  EXPECT_EQ(Value(Bytes{0x00, 0x9C}).ToJavaString(), "AJw=");
  EXPECT_EQ(Value(Bytes{'a', 'b', 'c'}).ToJavaString(), "YWJj");
  EXPECT_EQ(Value(Bytes{}).ToJavaString(), "");
  EXPECT_EQ(Value(EpochMillis{1700000000123}).ToJavaString(), "1700000000123");
  EXPECT_EQ(Value(Decimal::FromUnscaled(156, 2)).ToJavaString(), "1.56");

  EXPECT_EQ(Value(Value::Array{}).ToJavaString(), "[]");
  EXPECT_EQ(Value(Value::Array{int32_t{1}, Value(), "x"}).ToJavaString(), "[1, null, x]");
  EXPECT_EQ(Value(Value::Map{}).ToJavaString(), "{}");
  EXPECT_EQ(Value(Value::Map{{"a", int32_t{1}}, {"b", Value()}}).ToJavaString(), "{a=1, b=null}");
  EXPECT_EQ(Value(Value::Array{Value(Value::Map{{"k", Value(Value::Array{true})}})}).ToJavaString(),
            "[{k=[true]}]");
}

TEST(ValueToJavaStringTest, StructUsesStructToString) {
  auto schema = SchemaBuilder::Struct()
                    .Field("a", Schema::Int32())
                    .Field("b", Schema::OptionalString())
                    .Field("c", Schema::String())
                    .Build();
  auto s = MakeStruct(schema);
  s->Put("a", int32_t{1}).Put("c", "x");
  EXPECT_EQ(Value(s).ToJavaString(), "Struct{a=1,c=x}");
  EXPECT_EQ(Value(Value::Array{Value(s)}).ToJavaString(), "[Struct{a=1,c=x}]");
}

TEST(ValueTest, NullStructPointerIsNullValue) { EXPECT_TRUE(Value(Value::StructPtr()).IsNull()); }

TEST(ValueTest, AsWithWrongTypeThrowsDataException) {
  Value v("text");
  EXPECT_EQ(v.As<std::string>(), "text");
  EXPECT_EQ(MessageOf<DataException>([&] { (void)v.As<int32_t>(); }),
            "Value is of type std::string, not the requested int32_t");
  EXPECT_EQ(v.Get<int32_t>(), nullptr);
  EXPECT_TRUE(v.Is<std::string>());
}

TEST(ValueTest, EqualityIsDeep) {
  EXPECT_EQ(Value(), Value());
  EXPECT_EQ(Value(int32_t{1}), Value(int32_t{1}));
  // Different Connect types are different values even when numerically equal.
  EXPECT_NE(Value(int32_t{1}), Value(int64_t{1}));
  EXPECT_NE(Value(int32_t{1}), Value());
  EXPECT_EQ(Value(Value::Array{"a", int32_t{2}}), Value(Value::Array{"a", int32_t{2}}));
  EXPECT_NE(Value(Value::Array{"a"}), Value(Value::Array{"b"}));
  EXPECT_EQ(Value(Value::Map{{"k", 1.5}}), Value(Value::Map{{"k", 1.5}}));
  // Java Double.equals semantics.
  EXPECT_EQ(Value(std::nan("")), Value(std::nan("")));
  EXPECT_NE(Value(0.0), Value(-0.0));

  auto schema = SchemaBuilder::Struct().Field("f", Schema::String()).Build();
  auto a = MakeStruct(schema);
  auto b = MakeStruct(SchemaBuilder::Struct().Field("f", Schema::String()).Build());
  a->Put("f", "v");
  b->Put("f", "v");
  EXPECT_EQ(Value(a), Value(b));  // by content, not by pointer
  b->Put("f", "w");
  EXPECT_NE(Value(a), Value(b));
}

TEST(DecimalTest, FromUnscaledUsesMinimalTwosComplement) {
  EXPECT_EQ(Decimal::FromUnscaled(0, 0).unscaled, (Bytes{0x00}));
  EXPECT_EQ(Decimal::FromUnscaled(-1, 0).unscaled, (Bytes{0xFF}));
  EXPECT_EQ(Decimal::FromUnscaled(127, 0).unscaled, (Bytes{0x7F}));
  EXPECT_EQ(Decimal::FromUnscaled(128, 0).unscaled, (Bytes{0x00, 0x80}));
  EXPECT_EQ(Decimal::FromUnscaled(-128, 0).unscaled, (Bytes{0x80}));
  EXPECT_EQ(Decimal::FromUnscaled(-129, 0).unscaled, (Bytes{0xFF, 0x7F}));
  EXPECT_EQ(Decimal::FromUnscaled(156, 2).unscaled, (Bytes{0x00, 0x9C}));
  EXPECT_EQ(Decimal::FromUnscaled(12345, 2).unscaled, (Bytes{0x30, 0x39}));
  EXPECT_EQ(Decimal::FromUnscaled(std::numeric_limits<int64_t>::min(), 0).unscaled,
            (Bytes{0x80, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(Decimal::FromUnscaled(std::numeric_limits<int64_t>::max(), 0).unscaled,
            (Bytes{0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}));
  EXPECT_EQ(Decimal::FromUnscaled(5, 3).scale, 3);
}

std::string Dec(int64_t unscaled, int32_t scale) {
  return Decimal::FromUnscaled(unscaled, scale).ToString();
}

TEST(DecimalTest, ToStringFollowsBigDecimalToString) {
  EXPECT_EQ(Dec(156, 2), "1.56");
  EXPECT_EQ(Dec(12345, 2), "123.45");
  EXPECT_EQ(Dec(15600, 4), "1.5600");
  EXPECT_EQ(Dec(156, -2), "1.56E+4");
  EXPECT_EQ(Dec(1, -3), "1E+3");
  EXPECT_EQ(Dec(1, 8), "1E-8");
  EXPECT_EQ(Dec(1, 7), "1E-7");
  EXPECT_EQ(Dec(1, 6), "0.000001");
  EXPECT_EQ(Dec(123, 7), "0.0000123");
  EXPECT_EQ(Dec(123, 9), "1.23E-7");
  EXPECT_EQ(Dec(42, 0), "42");
  EXPECT_EQ(Dec(-156, 2), "-1.56");
  EXPECT_EQ(Dec(-5, 1), "-0.5");
  EXPECT_EQ(Dec(-156, -2), "-1.56E+4");
  EXPECT_EQ(Dec(-1, 8), "-1E-8");
  EXPECT_EQ(Dec(0, 0), "0");
  EXPECT_EQ(Dec(0, 2), "0.00");
  EXPECT_EQ(Dec(0, 10), "0E-10");
  EXPECT_EQ(Dec(std::numeric_limits<int64_t>::min(), 0), "-9223372036854775808");
}

TEST(DecimalTest, ToStringHandlesUnscaledValuesBeyondInt64) {
  // 2^72 = 4722366482869645213696
  Bytes two_pow_72(10, 0x00);
  two_pow_72[0] = 0x01;
  EXPECT_EQ((Decimal{two_pow_72, 0}.ToString()), "4722366482869645213696");
  EXPECT_EQ((Decimal{two_pow_72, 3}.ToString()), "4722366482869645213.696");
  EXPECT_EQ((Decimal{two_pow_72, -1}.ToString()), "4.722366482869645213696E+22");
  Bytes minus_two_pow_72(10, 0x00);
  minus_two_pow_72[0] = 0xFF;
  EXPECT_EQ((Decimal{minus_two_pow_72, 0}.ToString()), "-4722366482869645213696");

  Bytes max128(16, 0xFF);
  max128[0] = 0x7F;
  EXPECT_EQ((Decimal{max128, 0}.ToString()), "170141183460469231731687303715884105727");
  Bytes min128(16, 0x00);
  min128[0] = 0x80;
  EXPECT_EQ((Decimal{min128, 2}.ToString()), "-1701411834604692317316873037158841057.28");
  Bytes minus_one_long(16, 0xFF);  // non-minimal -1 still reads as -1
  EXPECT_EQ((Decimal{minus_one_long, 0}.ToString()), "-1");
}

}  // namespace
}  // namespace kconnect
