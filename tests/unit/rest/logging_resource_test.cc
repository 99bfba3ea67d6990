// The /admin/loggers endpoints over HTTP (spec 4.6, KIP-495 / KIP-976): exact
// bodies, status codes and error messages, in front of a FakeHerder whose
// levels live in a registry of its own.

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "rest_fixture.h"

namespace kconnect::worker::rest::testing {
namespace {

class LoggingResourceTest : public RestFixture {
 protected:
  void SetUp() override {
    RestFixture::SetUp();
    herder_.Loggers().Logger("kconnect.worker.rest");
    herder_.Loggers().Logger("kconnect.worker.runtime");
    herder_.Loggers().Logger("kconnect.broker");
  }
  HttpResult SetLevel(const std::string& target, const std::string& body) {
    return Call("PUT", target, body);
  }
};

TEST_F(LoggingResourceTest, ListShowsRootAndLoggersWithALevelOfTheirOwnSorted) {
  HttpResult initial = Get("/admin/loggers");
  EXPECT_EQ(initial.status, 200);
  EXPECT_EQ(initial.Header("content-type"), "application/json");
  // last_modified is written even when null.
  EXPECT_EQ(initial.body, R"({"root":{"level":"INFO","last_modified":null}})");

  herder_.SetNowMs(1700000000123);
  ASSERT_EQ(SetLevel("/admin/loggers/kconnect.worker", R"({"level":"debug"})").status, 200);
  EXPECT_EQ(Get("/admin/loggers/").body,
            R"({"kconnect.worker":{"level":"DEBUG","last_modified":1700000000123},)"
            R"("kconnect.worker.rest":{"level":"DEBUG","last_modified":1700000000123},)"
            R"("kconnect.worker.runtime":{"level":"DEBUG","last_modified":1700000000123},)"
            R"("root":{"level":"INFO","last_modified":null}})");
}

TEST_F(LoggingResourceTest, GetAnswersTheEffectiveLevelOr404) {
  HttpResult rest = Get("/admin/loggers/kconnect.worker.rest");
  EXPECT_EQ(rest.status, 200);
  EXPECT_EQ(rest.body, R"({"level":"INFO","last_modified":null})");
  EXPECT_EQ(Get("/admin/loggers/ROOT").body, R"({"level":"INFO","last_modified":null})");

  herder_.SetNowMs(42);
  ASSERT_EQ(SetLevel("/admin/loggers/kconnect", R"({"level":"ERROR"})").status, 200);
  // Setting kconnect set its existing descendants too.
  EXPECT_EQ(Get("/admin/loggers/kconnect.broker").body, R"({"level":"ERROR","last_modified":42})");

  HttpResult missing = Get("/admin/loggers/no.such.logger");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, ErrorBody(404, "Logger no.such.logger not found."));
  // The ancestor of an existing logger is not a logger.
  EXPECT_EQ(Get("/admin/loggers/kconnect.worker").status, 404);
}

TEST_F(LoggingResourceTest, PutWithWorkerScopeAnswersTheAffectedLoggersSorted) {
  for (const char* target :
       {"/admin/loggers/kconnect.worker", "/admin/loggers/kconnect.worker?scope=worker",
        "/admin/loggers/kconnect.worker?scope=WORKER",
        // An unknown scope is logged and treated as worker.
        "/admin/loggers/kconnect.worker?scope=galaxy", "/admin/loggers/kconnect.worker?scope="}) {
    HttpResult set = SetLevel(target, R"({"level":"warn"})");
    EXPECT_EQ(set.status, 200) << target;
    EXPECT_EQ(set.Header("content-type"), "application/json");
    EXPECT_EQ(set.body, R"(["kconnect.worker","kconnect.worker.rest","kconnect.worker.runtime"])")
        << target;
  }
  EXPECT_TRUE(herder_.ClusterLoggerCalls().empty());
  EXPECT_EQ(nlohmann::json::parse(Get("/admin/loggers/kconnect.worker.rest").body)["level"],
            "WARN");
  // A never-seen name is created.
  HttpResult fresh = SetLevel("/admin/loggers/org.example", R"({"level":"TRACE"})");
  EXPECT_EQ(fresh.body, R"(["org.example"])");
  EXPECT_EQ(Get("/admin/loggers/org.example").status, 200);
  // Root reaches every logger.
  EXPECT_EQ(SetLevel("/admin/loggers/root", R"({"level":"INFO"})").body,
            R"(["kconnect.broker","kconnect.worker","kconnect.worker.rest",)"
            R"("kconnect.worker.runtime","org.example","root"])");
}

TEST_F(LoggingResourceTest, PutLeavesLastModifiedAloneWhenTheLevelDoesNotChange) {
  herder_.SetNowMs(1000);
  ASSERT_EQ(SetLevel("/admin/loggers/kconnect.broker", R"({"level":"DEBUG"})").status, 200);
  herder_.SetNowMs(2000);
  EXPECT_EQ(SetLevel("/admin/loggers/kconnect.broker", R"({"level":"debug"})").body,
            R"(["kconnect.broker"])");
  EXPECT_EQ(Get("/admin/loggers/kconnect.broker").body,
            R"({"level":"DEBUG","last_modified":1000})");
}

TEST_F(LoggingResourceTest, PutWithClusterScopeAnswers204) {
  HttpResult set = SetLevel("/admin/loggers/kconnect.broker?scope=Cluster", R"({"level":"ERROR"})");
  EXPECT_EQ(set.status, 204);
  EXPECT_EQ(set.body, "");
  EXPECT_FALSE(set.HasHeader("content-type"));
  EXPECT_EQ(herder_.ClusterLoggerCalls(), std::vector<std::string>{"kconnect.broker"});
  EXPECT_EQ(nlohmann::json::parse(Get("/admin/loggers/kconnect.broker").body)["level"], "ERROR");
}

TEST_F(LoggingResourceTest, PutRejectsAMissingOrInvalidLevel) {
  const std::string no_level =
      ErrorBody(400, "Desired 'level' parameter was not specified in request.");
  for (const char* body : {R"({})", R"({"level":null})", R"({"Level":"INFO"})"}) {
    HttpResult result = SetLevel("/admin/loggers/kconnect.broker", body);
    EXPECT_EQ(result.status, 400) << body;
    EXPECT_EQ(result.body, no_level) << body;
  }
  // Not a log4j level: 404, as Java answers it; the value is quoted as sent.
  for (const auto& [body, shown] :
       std::vector<std::pair<std::string, std::string>>{{R"({"level":"VERBOSE"})", "VERBOSE"},
                                                        {R"({"level":"warning"})", "warning"},
                                                        {R"({"level":""})", ""},
                                                        {R"({"level":5})", "5"}}) {
    HttpResult result = SetLevel("/admin/loggers/kconnect.broker?scope=cluster", body);
    EXPECT_EQ(result.status, 404) << body;
    EXPECT_EQ(result.body, ErrorBody(404, "invalid log level '" + shown + "'.")) << body;
  }
  // A body that is not a JSON object binds like Jackson's Map: 500.
  EXPECT_EQ(SetLevel("/admin/loggers/kconnect.broker", R"(["INFO"])").status, 500);
  EXPECT_EQ(SetLevel("/admin/loggers/kconnect.broker", R"({"level":{"x":1}})").status, 500);
  // Malformed JSON: 400 with the position (Java: 500).
  EXPECT_EQ(SetLevel("/admin/loggers/kconnect.broker", "{").status, 400);
  EXPECT_EQ(SetLevel("/admin/loggers/kconnect.broker", "").status, 400);
  // Nothing changed on the way.
  EXPECT_EQ(Get("/admin/loggers").body, R"({"root":{"level":"INFO","last_modified":null}})");
  EXPECT_TRUE(herder_.ClusterLoggerCalls().empty());
}

TEST_F(LoggingResourceTest, MethodsAndMediaTypes) {
  HttpResult post = Call("POST", "/admin/loggers/x", R"({"level":"INFO"})");
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(post.Header("allow"), "GET,HEAD,OPTIONS,PUT");
  EXPECT_EQ(Call("DELETE", "/admin/loggers").status, 405);
  HttpCall form;
  form.method = "PUT";
  form.target = "/admin/loggers/x";
  form.content_type = "application/x-www-form-urlencoded";
  form.body = R"({"level":"INFO"})";
  HttpResult refused = SendHttp(port_, form);
  EXPECT_EQ(refused.status, 415);
  EXPECT_EQ(refused.body, ErrorBody(415, "HTTP 415 Unsupported Media Type"));
  EXPECT_EQ(Get("/admin/loggers/x").status, 404);
  EXPECT_EQ(Get("/admin").status, 404);
}

}  // namespace
}  // namespace kconnect::worker::rest::testing
