#include "worker/util/http_policy.h"

#include <chrono>

#include <gtest/gtest.h>

namespace kconnect::worker::util {
namespace {

using Action = ResponseHeaderRule::Action;

std::string ErrorOf(std::string_view config) {
  auto rules = ParseResponseHeaderRules(config);
  return rules ? "" : rules.Error().message;
}

std::string HeaderValue(const HeaderList& headers, const std::string& name) {
  std::string out;
  for (const auto& [n, v] : headers) {
    if (n == name) out += (out.empty() ? "" : "|") + v;
  }
  return out;
}

TEST(ResponseHeaderRulesTest, ParsesEveryActionQuotedRulesAndBlank) {
  auto rules = ParseResponseHeaderRules(
      " set X-Frame-Options:DENY, add Cache-Control:no-store,\"SETDATE Expires:3600000\","
      "addDate Last-Modified:0");
  ASSERT_TRUE(rules) << rules.Error().message;
  ASSERT_EQ(rules->size(), 4u);
  EXPECT_EQ((*rules)[0].action, Action::kSet);
  EXPECT_EQ((*rules)[0].name, "X-Frame-Options");
  EXPECT_EQ((*rules)[0].value, "DENY");
  EXPECT_EQ((*rules)[1].action, Action::kAdd);
  EXPECT_EQ((*rules)[2].action, Action::kSetDate);
  EXPECT_EQ((*rules)[2].value, "3600000");
  EXPECT_EQ((*rules)[3].action, Action::kAddDate);
  // A quoted rule may hold a comma.
  auto quoted = ParseResponseHeaderRules("\"set X-Allow:a, b\"");
  ASSERT_TRUE(quoted) << quoted.Error().message;
  EXPECT_EQ(quoted->at(0).value, "a, b");
  EXPECT_TRUE(ParseResponseHeaderRules("  ")->empty());
}

TEST(ResponseHeaderRulesTest, RejectsWithKafkasMessages) {
  EXPECT_EQ(ErrorOf("set"),
            "Invalid format of header config 'set'. Expected: '[action] [header name]:[header "
            "value]'");
  EXPECT_EQ(ErrorOf("put X:1"),
            "Invalid header config action: 'put'. Expected one of [set, add, setDate, addDate]");
  EXPECT_EQ(ErrorOf("set X-Only"),
            "Invalid format of header name and header value pair 'X-Only'. Expected: '[header "
            "name]:[header value]'");
  EXPECT_EQ(ErrorOf("set X:1:2"),
            "Invalid format of header name and header value pair 'X:1:2'. Expected: '[header "
            "name]:[header value]'");
  EXPECT_EQ(ErrorOf("set :1"),
            "Invalid header name ''. The '[header name]' cannot contain whitespace");
  EXPECT_EQ(ErrorOf("set X Y:1"),
            "Invalid header name 'X Y'. The '[header name]' cannot contain whitespace");
  EXPECT_NE(ErrorOf("setDate Expires:soon").find("takes a number of milliseconds"),
            std::string::npos);
  // The second rule is the bad one.
  EXPECT_EQ(ErrorOf("set A:1,add"),
            "Invalid format of header config 'add'. Expected: '[action] [header name]:[header "
            "value]'");
}

TEST(HttpPolicyTest, ConfiguredRulesSetReplaceAddAndDate) {
  auto policy = HttpPolicy::Create("", "", "set location:/elsewhere,add X-A:1,add X-A:2,"
                                           "setDate Expires:1000");
  ASSERT_TRUE(policy) << policy.Error().message;
  HeaderList headers = {{"Location", "http://h/connectors/a"}};
  const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1796280000));
  policy->Apply({.method = "GET"}, now, headers);
  // set replaces whatever the resource put there, whatever its case.
  EXPECT_EQ(HeaderValue(headers, "Location"), "");
  EXPECT_EQ(HeaderValue(headers, "location"), "/elsewhere");
  EXPECT_EQ(HeaderValue(headers, "X-A"), "1|2");
  EXPECT_EQ(HeaderValue(headers, "Expires"), HttpDate(now + std::chrono::seconds(1)));
  EXPECT_EQ(HttpDate(std::chrono::system_clock::time_point(std::chrono::seconds(0))),
            "Thu, 01 Jan 1970 00:00:00 GMT");
}

TEST(HttpPolicyTest, CorsOffByDefault) {
  auto policy = HttpPolicy::Create("", "", "");
  ASSERT_TRUE(policy);
  EXPECT_FALSE(policy->cors_enabled());
  HeaderList headers;
  policy->Apply({.method = "GET", .origin = "http://ui.example"}, {}, headers);
  EXPECT_TRUE(headers.empty());
}

TEST(HttpPolicyTest, CorsSimpleRequestsEchoAnAllowedOrigin) {
  auto policy = HttpPolicy::Create("http://ui.example, http://*.corp.example", "", "");
  ASSERT_TRUE(policy);
  for (const char* origin : {"http://ui.example", "http://a.b.corp.example",
                             "http://other.example http://ui.example"}) {
    HeaderList headers;
    policy->Apply({.method = "DELETE", .origin = origin}, {}, headers);
    EXPECT_EQ(HeaderValue(headers, "Access-Control-Allow-Origin"), origin);
    EXPECT_EQ(HeaderValue(headers, "Access-Control-Allow-Credentials"), "true");
    EXPECT_EQ(HeaderValue(headers, "Vary"), "Origin");
    EXPECT_EQ(HeaderValue(headers, "Access-Control-Allow-Methods"), "");
  }
  for (const char* origin : {"http://evil.example", "http://corp.example", ""}) {
    HeaderList headers;
    policy->Apply({.method = "GET", .origin = origin}, {}, headers);
    EXPECT_TRUE(headers.empty()) << origin;
  }
  HeaderList no_origin;
  policy->Apply({.method = "GET"}, {}, no_origin);
  EXPECT_TRUE(no_origin.empty());
}

TEST(HttpPolicyTest, CorsPreflightChecksMethodAndHeaders) {
  auto any = HttpPolicy::Create("*", "GET,PUT,DELETE", "");
  ASSERT_TRUE(any);
  HeaderList headers;
  any->Apply({.method = "OPTIONS", .origin = "http://x", .request_method = "PUT",
              .request_headers = "content-type, accept"},
             {}, headers);
  EXPECT_EQ(HeaderValue(headers, "Access-Control-Allow-Origin"), "http://x");
  EXPECT_EQ(HeaderValue(headers, "Vary"), "");  // any origin: the answer does not vary
  EXPECT_EQ(HeaderValue(headers, "Access-Control-Allow-Methods"), "GET,PUT,DELETE");
  EXPECT_EQ(HeaderValue(headers, "Access-Control-Allow-Headers"),
            "X-Requested-With,Content-Type,Accept,Origin");
  EXPECT_EQ(HeaderValue(headers, "Access-Control-Max-Age"), "1800");

  HeaderList refused_method;
  any->Apply({.method = "OPTIONS", .origin = "http://x", .request_method = "POST"}, {},
             refused_method);
  EXPECT_TRUE(refused_method.empty());
  HeaderList refused_header;
  any->Apply({.method = "OPTIONS", .origin = "http://x", .request_method = "GET",
              .request_headers = "X-Secret"},
             {}, refused_header);
  EXPECT_TRUE(refused_header.empty());

  // Jetty's default methods when none are configured.
  auto defaults = HttpPolicy::Create("http://x", "", "");
  HeaderList d;
  defaults->Apply({.method = "OPTIONS", .origin = "http://x", .request_method = "POST"}, {}, d);
  EXPECT_EQ(HeaderValue(d, "Access-Control-Allow-Methods"), "GET,POST,HEAD");
}

}  // namespace
}  // namespace kconnect::worker::util
