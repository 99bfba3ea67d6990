#include "worker/runtime/converters/java_big_decimal.h"

#include <gtest/gtest.h>

namespace kconnect::worker::runtime {
namespace {

TEST(JavaBigDecimalTest, ParseKeepsWrittenScale) {
  const auto d = JavaBigDecimal::Parse("1.5600");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->digits, "15600");
  EXPECT_EQ(d->scale, 4);
  EXPECT_FALSE(d->negative);
  const auto e = JavaBigDecimal::Parse("-1.5E+3");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->digits, "15");
  EXPECT_EQ(e->scale, -2);
  EXPECT_TRUE(e->negative);
  EXPECT_EQ(JavaBigDecimal::Parse("-0.00")->negative, false);
  EXPECT_EQ(JavaBigDecimal::Parse(".5")->scale, 1);
  EXPECT_EQ(JavaBigDecimal::Parse("5.")->scale, 0);
}

TEST(JavaBigDecimalTest, ParseRejectsWhatJavaRejects) {
  for (const char* bad :
       {"", "-", ".", "1e", "1e+", "abc", "1.2.3", "1 ", "0x10", "1e99999999999"}) {
    EXPECT_FALSE(JavaBigDecimal::Parse(bad).has_value()) << bad;
  }
}

TEST(JavaBigDecimalTest, ToDecimalIsMinimalTwosComplement) {
  EXPECT_EQ(JavaBigDecimal::Parse("1.56")->ToDecimal(), (Decimal{Bytes{0x00, 0x9C}, 2}));
  EXPECT_EQ(JavaBigDecimal::Parse("123.45")->ToDecimal(), (Decimal{Bytes{0x30, 0x39}, 2}));
  EXPECT_EQ(JavaBigDecimal::Parse("-1.56")->ToDecimal(), (Decimal{Bytes{0xFF, 0x64}, 2}));
  EXPECT_EQ(JavaBigDecimal::Parse("-128")->ToDecimal(), (Decimal{Bytes{0x80}, 0}));
  EXPECT_EQ(JavaBigDecimal::Parse("128")->ToDecimal(), (Decimal{Bytes{0x00, 0x80}, 0}));
  EXPECT_EQ(JavaBigDecimal::Parse("0")->ToDecimal(), (Decimal{Bytes{0x00}, 0}));
  EXPECT_EQ(JavaBigDecimal::Parse("-12345678901234567890")->ToDecimal().unscaled,
            (Bytes{0xFF, 0x54, 0xAB, 0x56, 0x73, 0x14, 0xE0, 0xF5, 0x2E}));
}

TEST(JavaBigDecimalTest, FromDecimalRoundTrips) {
  for (const char* text : {"1.56", "-1.56", "0", "-128", "99999999999999999999999.5"}) {
    const JavaBigDecimal d = *JavaBigDecimal::Parse(text);
    const JavaBigDecimal back = JavaBigDecimal::FromDecimal(d.ToDecimal());
    EXPECT_EQ(back.digits, d.digits) << text;
    EXPECT_EQ(back.negative, d.negative) << text;
    EXPECT_EQ(back.scale, d.scale) << text;
  }
}

TEST(JavaBigDecimalTest, LongValueTruncatesAndWraps) {
  EXPECT_EQ(JavaBigDecimal::Parse("12.9")->LongValue(), 12);
  EXPECT_EQ(JavaBigDecimal::Parse("-12.9")->LongValue(), -12);
  EXPECT_EQ(JavaBigDecimal::Parse("0.5")->LongValue(), 0);
  EXPECT_EQ(JavaBigDecimal::Parse("18446744073709551617")->LongValue(), 1);
  EXPECT_EQ(JavaBigDecimal::Parse("1e100")->LongValue(), 0);
  EXPECT_EQ(JavaBigDecimal::Parse("1e3")->LongValue(), 1000);
  EXPECT_TRUE(JavaBigDecimal::Parse("9223372036854775807")->FitsLongExactly());
  EXPECT_FALSE(JavaBigDecimal::Parse("9223372036854775808")->FitsLongExactly());
  EXPECT_TRUE(JavaBigDecimal::Parse("-9223372036854775808")->FitsLongExactly());
  EXPECT_TRUE(JavaBigDecimal::Parse("5.000")->FitsLongExactly());
  EXPECT_FALSE(JavaBigDecimal::Parse("5.001")->FitsLongExactly());
}

TEST(JavaBigDecimalTest, CompareAndStrip) {
  const auto one = *JavaBigDecimal::Parse("1");
  EXPECT_EQ(JavaBigDecimal::CompareAbs(*JavaBigDecimal::Parse("1.000"), one), 0);
  EXPECT_EQ(JavaBigDecimal::CompareAbs(*JavaBigDecimal::Parse("-0.999"), one), -1);
  EXPECT_EQ(JavaBigDecimal::CompareAbs(*JavaBigDecimal::Parse("10"), one), 1);
  EXPECT_EQ(JavaBigDecimal::Parse("1.500")->StripTrailingZeros().scale, 1);
  EXPECT_EQ(JavaBigDecimal::Parse("1500")->StripTrailingZeros().scale, -2);
  EXPECT_DOUBLE_EQ(JavaBigDecimal::Parse("1.5e300")->ToDouble(), 1.5e300);
  EXPECT_FLOAT_EQ(JavaBigDecimal::Parse("0.1")->ToFloat(), 0.1F);
}

}  // namespace
}  // namespace kconnect::worker::runtime
