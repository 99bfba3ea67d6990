// CORS and response.http.headers.config on a live server: the headers reach
// the client on answers from every layer (resource, 404, 405/OPTIONS).
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fake_herder.h"
#include "http_client.h"
#include "worker/rest/rest_server.h"

namespace kconnect::worker::rest::testing {
namespace {

class HttpSettingsTest : public ::testing::Test {
 protected:
  void StartWith(const std::string& origins, const std::string& methods,
                 const std::string& header_rules) {
    auto policy = util::HttpPolicy::Create(origins, methods, header_rules);
    ASSERT_TRUE(policy) << policy.Error().message;
    server_ = std::make_unique<RestServer>(std::vector<std::string>{"http://127.0.0.1:0"},
                                           herder_, "3.9.0", "abc123", std::move(policy.Value()));
    auto started = server_->Start();
    ASSERT_TRUE(started.Ok()) << started.Error().message;
  }
  void TearDown() override {
    if (server_) server_->Stop();
  }
  HttpResult Send(const std::string& method, const std::string& target,
                  std::vector<std::pair<std::string, std::string>> headers) {
    HttpCall call;
    call.method = method;
    call.target = target;
    call.headers = std::move(headers);
    return SendHttp(server_->Port(), call);
  }

  FakeHerder herder_;
  std::unique_ptr<RestServer> server_;
};

TEST_F(HttpSettingsTest, AllowedOriginGetsCorsHeadersOthersDoNot) {
  StartWith("http://ui.example", "", "");
  auto allowed = Send("GET", "/connectors", {{"Origin", "http://ui.example"}});
  EXPECT_EQ(allowed.status, 200);
  EXPECT_EQ(allowed.Header("access-control-allow-origin"), "http://ui.example");
  EXPECT_EQ(allowed.Header("access-control-allow-credentials"), "true");
  EXPECT_EQ(allowed.body, "[]");

  auto other = Send("GET", "/connectors", {{"Origin", "http://evil.example"}});
  EXPECT_EQ(other.status, 200);
  EXPECT_FALSE(other.HasHeader("access-control-allow-origin"));

  // Errors carry them too: a browser must be able to read the error body.
  auto missing = Send("GET", "/connectors/nope", {{"Origin", "http://ui.example"}});
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.Header("access-control-allow-origin"), "http://ui.example");
}

TEST_F(HttpSettingsTest, PreflightIsAnsweredWithTheAllowedMethods) {
  StartWith("*", "GET,POST,PUT,DELETE", "");
  auto preflight = Send("OPTIONS", "/connectors/a/config",
                        {{"Origin", "http://ui.example"},
                         {"Access-Control-Request-Method", "PUT"},
                         {"Access-Control-Request-Headers", "Content-Type"}});
  EXPECT_EQ(preflight.status, 200);
  EXPECT_EQ(preflight.Header("access-control-allow-origin"), "http://ui.example");
  EXPECT_EQ(preflight.Header("access-control-allow-methods"), "GET,POST,PUT,DELETE");
  EXPECT_EQ(preflight.Header("access-control-max-age"), "1800");
  EXPECT_NE(preflight.Header("allow").find("PUT"), std::string::npos);

  auto refused = Send("OPTIONS", "/connectors",
                      {{"Origin", "http://ui.example"}, {"Access-Control-Request-Method", "PATCH"}});
  EXPECT_EQ(refused.status, 200);
  EXPECT_FALSE(refused.HasHeader("access-control-allow-origin"));
}

TEST_F(HttpSettingsTest, NoCorsHeadersWhenNotConfigured) {
  StartWith("", "", "");
  auto reply = Send("GET", "/", {{"Origin", "http://ui.example"}});
  EXPECT_EQ(reply.status, 200);
  EXPECT_FALSE(reply.HasHeader("access-control-allow-origin"));
}

TEST_F(HttpSettingsTest, ConfiguredResponseHeadersOnEveryAnswer) {
  StartWith("", "", "set X-Frame-Options:DENY,add Cache-Control:no-store,setDate Expires:0");
  for (const char* target : {"/", "/connectors", "/no/such/path"}) {
    auto reply = Send("GET", target, {});
    EXPECT_EQ(reply.Header("x-frame-options"), "DENY") << target;
    EXPECT_EQ(reply.Header("cache-control"), "no-store") << target;
    EXPECT_NE(reply.Header("expires").find(" GMT"), std::string::npos) << target;
  }
}

}  // namespace
}  // namespace kconnect::worker::rest::testing
