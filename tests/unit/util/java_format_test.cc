#include "worker/util/java_format.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

namespace kconnect::worker::util {
namespace {

TEST(JavaDoubleToStringTest, SpecExamples) {
  EXPECT_EQ(JavaDoubleToString(12.34), "12.34");
  EXPECT_EQ(JavaDoubleToString(100.0), "100.0");
  EXPECT_EQ(JavaDoubleToString(-0.0), "-0.0");
  EXPECT_EQ(JavaDoubleToString(1e7), "1.0E7");
  EXPECT_EQ(JavaDoubleToString(9999999.0), "9999999.0");
  EXPECT_EQ(JavaDoubleToString(0.001), "0.001");
  EXPECT_EQ(JavaDoubleToString(1e-4), "1.0E-4");
  EXPECT_EQ(JavaDoubleToString(1.23456789125e8), "1.23456789125E8");
}

TEST(JavaDoubleToStringTest, PlainRange) {
  EXPECT_EQ(JavaDoubleToString(0.0), "0.0");
  EXPECT_EQ(JavaDoubleToString(1.0), "1.0");
  EXPECT_EQ(JavaDoubleToString(-1.5), "-1.5");
  EXPECT_EQ(JavaDoubleToString(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(JavaDoubleToString(0.00123), "0.00123");
  EXPECT_EQ(JavaDoubleToString(1000000.0), "1000000.0");
  EXPECT_EQ(JavaDoubleToString(1234567.125), "1234567.125");
  EXPECT_EQ(JavaDoubleToString(9999999.999), "9999999.999");
}

TEST(JavaDoubleToStringTest, ScientificRange) {
  EXPECT_EQ(JavaDoubleToString(0.0009999), "9.999E-4");
  EXPECT_EQ(JavaDoubleToString(-1e-5), "-1.0E-5");
  EXPECT_EQ(JavaDoubleToString(1.5e300), "1.5E300");
  EXPECT_EQ(JavaDoubleToString(1e21), "1.0E21");
  EXPECT_EQ(JavaDoubleToString(2e23), "2.0E23");  // JDK 19+; JDK 17 differs
  EXPECT_EQ(JavaDoubleToString(std::numeric_limits<double>::max()), "1.7976931348623157E308");
  EXPECT_EQ(JavaDoubleToString(std::numeric_limits<double>::min()), "2.2250738585072014E-308");
}

TEST(JavaDoubleToStringTest, TinySubnormalsUseTwoDigits) {
  // Java picks the closest of the one- and two-digit candidates.
  EXPECT_EQ(JavaDoubleToString(std::numeric_limits<double>::denorm_min()), "4.9E-324");
  EXPECT_EQ(JavaDoubleToString(2 * std::numeric_limits<double>::denorm_min()), "9.9E-324");
  EXPECT_EQ(JavaDoubleToString(-std::numeric_limits<double>::denorm_min()), "-4.9E-324");
}

TEST(JavaDoubleToStringTest, NonFinite) {
  EXPECT_EQ(JavaDoubleToString(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(JavaDoubleToString(std::numeric_limits<double>::infinity()), "Infinity");
  EXPECT_EQ(JavaDoubleToString(-std::numeric_limits<double>::infinity()), "-Infinity");
}

TEST(JavaFloatToStringTest, Examples) {
  EXPECT_EQ(JavaFloatToString(0.1f), "0.1");
  EXPECT_EQ(JavaFloatToString(1e10f), "1.0E10");
  EXPECT_EQ(JavaFloatToString(1.1f), "1.1");
  EXPECT_EQ(JavaFloatToString(3.14159f), "3.14159");
  EXPECT_EQ(JavaFloatToString(100.0f), "100.0");
  EXPECT_EQ(JavaFloatToString(16777216.0f), "1.6777216E7");
  EXPECT_EQ(JavaFloatToString(0.001f), "0.001");
  EXPECT_EQ(JavaFloatToString(-0.0f), "-0.0");
  EXPECT_EQ(JavaFloatToString(std::numeric_limits<float>::max()), "3.4028235E38");
  EXPECT_EQ(JavaFloatToString(std::numeric_limits<float>::denorm_min()), "1.4E-45");
  EXPECT_EQ(JavaFloatToString(std::numeric_limits<float>::quiet_NaN()), "NaN");
  EXPECT_EQ(JavaFloatToString(-std::numeric_limits<float>::infinity()), "-Infinity");
}

std::string Json(std::string_view s) {
  std::string out;
  AppendJsonString(out, s);
  return out;
}

TEST(AppendJsonStringTest, JacksonEscapes) {
  EXPECT_EQ(Json(""), R"("")");
  EXPECT_EQ(Json("plain"), R"("plain")");
  EXPECT_EQ(Json("q\"b\\"), R"("q\"b\\")");
  EXPECT_EQ(Json("\b\t\n\f\r"), R"("\b\t\n\f\r")");
  EXPECT_EQ(Json(std::string("\0\x01\x0b\x1f", 4)), R"("\u0000\u0001\u000B\u001F")");
  EXPECT_EQ(Json("\x1a\x1b"), R"("\u001A\u001B")");
}

TEST(AppendJsonStringTest, CopiesSlashDelAndNonAsciiRaw) {
  EXPECT_EQ(Json("a/b"), R"("a/b")");
  EXPECT_EQ(Json("\x7f"), "\"\x7f\"");
  EXPECT_EQ(Json("caf\xC3\xA9 \xF0\x9F\x98\x80"), "\"caf\xC3\xA9 \xF0\x9F\x98\x80\"");
}

TEST(AppendJsonStringTest, Appends) {
  std::string out = "[";
  AppendJsonString(out, "local-file-source");
  EXPECT_EQ(out, R"(["local-file-source")");
}

TEST(Base64Test, Rfc4648Vectors) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("foob"), "Zm9vYg==");
  EXPECT_EQ(Base64Encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64Decode("Zm9vYmE="), "fooba");
  EXPECT_EQ(Base64Decode("Zm9vYg=="), "foob");
  EXPECT_EQ(Base64Decode(""), "");
}

TEST(Base64Test, UsesStandardAlphabet) {
  EXPECT_EQ(Base64Encode("\xfb\xff\xbf"), "+/+/");
  EXPECT_EQ(Base64Decode("+/+/"), "\xfb\xff\xbf");
}

TEST(Base64Test, RoundTripsEveryByte) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  for (size_t len = 0; len <= all.size(); len += 37) {
    const std::string part = all.substr(0, len);
    EXPECT_EQ(Base64Decode(Base64Encode(part)), part) << len;
  }
}

TEST(Base64Test, AcceptsMissingPaddingLikeJava) {
  EXPECT_EQ(Base64Decode("Zg"), "f");
  EXPECT_EQ(Base64Decode("Zm8"), "fo");
}

TEST(Base64Test, RejectsInvalidInput) {
  EXPECT_EQ(Base64Decode("Z"), std::nullopt);         // one char cannot hold a byte
  EXPECT_EQ(Base64Decode("Zg="), std::nullopt);       // half padding
  EXPECT_EQ(Base64Decode("Zg==Zg=="), std::nullopt);  // padding in the middle
  EXPECT_EQ(Base64Decode("Z==="), std::nullopt);
  EXPECT_EQ(Base64Decode("===="), std::nullopt);
  EXPECT_EQ(Base64Decode("Zm9v YmFy"), std::nullopt);  // whitespace
  EXPECT_EQ(Base64Decode("-_-_"), std::nullopt);       // URL-safe alphabet
  EXPECT_EQ(Base64Decode("Zm9v\n"), std::nullopt);
}

}  // namespace
}  // namespace kconnect::worker::util
