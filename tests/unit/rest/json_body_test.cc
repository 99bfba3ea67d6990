#include "worker/rest/json_body.h"

#include <gtest/gtest.h>

namespace kconnect::worker::rest {
namespace {

TEST(JsonBodyTest, ParsesObjectsInDocumentOrder) {
  auto parsed = ParseJsonBody(R"({"z":1,"a":[true,null,{"b":"c"}],"m":"x"})");
  ASSERT_TRUE(parsed.Ok()) << parsed.Error().message;
  EXPECT_EQ(parsed->dump(), R"({"z":1,"a":[true,null,{"b":"c"}],"m":"x"})");
}

TEST(JsonBodyTest, KeepsTheSourceTextOfFloats) {
  auto parsed = ParseJsonBody(R"({"a":1.50,"b":1e3,"c":-0.0,"d":123456789012345678901234})");
  ASSERT_TRUE(parsed.Ok());
  EXPECT_EQ((*parsed)["a"], "1.50");
  EXPECT_EQ((*parsed)["b"], "1e3");
  EXPECT_EQ((*parsed)["c"], "-0.0");
  EXPECT_EQ((*parsed)["d"], "123456789012345678901234");
}

TEST(JsonBodyTest, RepeatedKeyKeepsTheLastValue) {
  auto parsed = ParseJsonBody(R"({"a":"1","b":"x","a":"2"})");
  ASSERT_TRUE(parsed.Ok());
  EXPECT_EQ(parsed->dump(), R"({"a":"2","b":"x"})");
}

TEST(JsonBodyTest, ScalarsAndDeepNesting) {
  EXPECT_EQ(ParseJsonBody("null")->dump(), "null");
  EXPECT_EQ(ParseJsonBody(" \"s\" ")->dump(), "\"s\"");
  std::string deep(10000, '[');
  deep += std::string(10000, ']');
  EXPECT_TRUE(ParseJsonBody(deep).Ok());
}

TEST(JsonBodyTest, MalformedInputIsA400WithThePosition) {
  auto bad = ParseJsonBody("{\"a\": 1,}");
  ASSERT_FALSE(bad.Ok());
  EXPECT_EQ(bad.Error().status, 400);
  EXPECT_EQ(bad.Error().message.rfind("parse error at line 1, column 9: ", 0), 0u)
      << bad.Error().message;
  EXPECT_FALSE(ParseJsonBody("{} {}").Ok());
  EXPECT_FALSE(ParseJsonBody("\"\xFF\"").Ok());
  EXPECT_FALSE(ParseJsonBody("").Ok());
}

}  // namespace
}  // namespace kconnect::worker::rest
