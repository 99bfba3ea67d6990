// The /connectors endpoints over HTTP (spec 4.2, 4.3): exact bodies, status
// codes, headers and error messages.

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "rest_fixture.h"

namespace kconnect::worker::rest::testing {
namespace {

using herder::TargetState;

class ConnectorsResourceTest : public RestFixture {
 protected:
  void AddSource(const std::string& name, const std::string& tasks_max = "1") {
    herder_.AddConnector(name, {{"connector.class", "FileStreamSource"},
                                {"tasks.max", tasks_max},
                                {"topic", "t"}});
  }
  // A 202/204 answer has no body and therefore no Content-Type (R-JSON).
  static void ExpectNoBody(const HttpResult& result) {
    EXPECT_EQ(result.body, "");
    EXPECT_FALSE(result.HasHeader("content-type")) << result.Header("content-type");
  }
};

// --- GET /connectors -------------------------------------------------------

TEST_F(ConnectorsResourceTest, ListsConnectorNames) {
  HttpResult empty = Get("/connectors");
  EXPECT_EQ(empty.status, 200);
  EXPECT_EQ(empty.Header("content-type"), "application/json");
  EXPECT_EQ(empty.body, "[]");
  AddSource("a");
  AddSource("b b");
  EXPECT_EQ(Get("/connectors").body, R"(["a","b b"])");
}

TEST_F(ConnectorsResourceTest, ExpandStatusAndInfo) {
  AddSource("a");
  const std::string status =
      R"({"name":"a","connector":{"state":"RUNNING","worker_id":"127.0.0.1:8083"},)"
      R"("tasks":[{"id":0,"state":"RUNNING","worker_id":"127.0.0.1:8083"}],"type":"source"})";
  const std::string info =
      R"({"name":"a","config":{"connector.class":"FileStreamSource","name":"a","tasks.max":"1",)"
      R"("topic":"t"},"tasks":[{"connector":"a","task":0}],"type":"source"})";

  HttpResult by_status = Get("/connectors?expand=status");
  EXPECT_EQ(by_status.status, 200);
  EXPECT_EQ(by_status.body, R"({"a":{"status":)" + status + "}}");

  EXPECT_EQ(Get("/connectors?expand=info").body, R"({"a":{"info":)" + info + "}}");
  EXPECT_EQ(Get("/connectors?expand=status&expand=info").body,
            R"({"a":{"status":)" + status + R"(,"info":)" + info + "}}");
}

TEST_F(ConnectorsResourceTest, ExpandWithUnknownValuesStillAnswersAnObject) {
  EXPECT_EQ(Get("/connectors?expand=status").body, "{}");
  AddSource("a");
  // One unknown value, not two known ones: the parameter must be repeated.
  EXPECT_EQ(Get("/connectors?expand=status,info").body, R"({"a":{}})");
  EXPECT_EQ(Get("/connectors?expand=").body, R"({"a":{}})");
  EXPECT_EQ(Get("/connectors?other=1").body, R"(["a"])");
}

TEST_F(ConnectorsResourceTest, ExpandLeavesOutConnectorsDeletedMeanwhile) {
  AddSource("a");
  herder_.AddPhantom("gone");
  HttpResult result = Get("/connectors?expand=info");
  EXPECT_EQ(result.status, 200);
  auto json = nlohmann::json::parse(result.body);
  EXPECT_TRUE(json.contains("a"));
  EXPECT_FALSE(json.contains("gone"));
  // Without expansion the name is listed as the herder reports it.
  EXPECT_EQ(Get("/connectors").body, R"(["a","gone"])");
}

// --- POST /connectors --------------------------------------------------------

TEST_F(ConnectorsResourceTest, CreateAnswers201WithLocationAndConnectorInfo) {
  HttpResult result = Call(
      "POST", "/connectors",
      R"({"name":"my-conn","config":{"connector.class":"FileStreamSource","tasks.max":"1","topic":"t"}})");
  EXPECT_EQ(result.status, 201);
  EXPECT_EQ(result.Header("location"), Base() + "/connectors/my-conn");
  EXPECT_EQ(result.Header("content-type"), "application/json");
  EXPECT_EQ(result.body,
            R"({"name":"my-conn","config":{"connector.class":"FileStreamSource","name":"my-conn",)"
            R"("tasks.max":"1","topic":"t"},"tasks":[{"connector":"my-conn","task":0}],)"
            R"("type":"source"})");
  const auto calls = herder_.PutCalls();
  ASSERT_EQ(calls.size(), 1u);
  const auto& call = calls[0];
  EXPECT_EQ(call.name, "my-conn");
  EXPECT_FALSE(call.allow_replace);
  EXPECT_FALSE(call.initial_state.has_value());
  EXPECT_EQ(call.config.at("name"), "my-conn");
}

TEST_F(ConnectorsResourceTest, CreateLocationPercentEncodesTheName) {
  HttpResult result = Call(
      "POST", "/connectors",
      R"({"name":"my conn \u20ac%","config":{"connector.class":"FileStreamSource"}})");
  EXPECT_EQ(result.status, 201);
  EXPECT_EQ(result.Header("location"), Base() + "/connectors/my%20conn%20%E2%82%AC%25");
  // And the encoded name addresses the connector.
  EXPECT_EQ(Get("/connectors/my%20conn%20%E2%82%AC%25").status, 200);
}

TEST_F(ConnectorsResourceTest, CreateTrimsTheTopLevelNameOnly) {
  HttpResult result = Call(
      "POST", "/connectors",
      R"({"name":"  spaced\t","config":{"connector.class":"FileStreamSource"}})");
  EXPECT_EQ(result.status, 201);
  EXPECT_EQ(herder_.PutCalls().back().name, "spaced");
  EXPECT_EQ(herder_.PutCalls().back().config.at("name"), "spaced");

  // config.name is compared untrimmed with the trimmed name.
  HttpResult mismatch = Call(
      "POST", "/connectors",
      R"({"name":" x ","config":{"name":" x ","connector.class":"FileStreamSource"}})");
  EXPECT_EQ(mismatch.status, 400);
  EXPECT_EQ(mismatch.body,
            ErrorBody(400, "Connector name configuration ( x ) doesn't match connector name in "
                           "the URL (x)"));
}

TEST_F(ConnectorsResourceTest, CreateWithMismatchedConfigNameIs400) {
  HttpResult result = Call(
      "POST", "/connectors",
      R"({"name":"a","config":{"name":"other","connector.class":"FileStreamSource"}})");
  EXPECT_EQ(result.status, 400);
  EXPECT_EQ(result.body,
            ErrorBody(400, "Connector name configuration (other) doesn't match connector name in "
                           "the URL (a)"));
  // Only config.name, no top-level name.
  HttpResult nameless =
      Call("POST", "/connectors", R"({"config":{"name":"x","connector.class":"FileStreamSource"}})");
  EXPECT_EQ(nameless.status, 400);
  EXPECT_EQ(nameless.body,
            ErrorBody(400, "Connector name configuration (x) doesn't match connector name in the "
                           "URL ()"));
  EXPECT_TRUE(herder_.PutCalls().empty());
}

TEST_F(ConnectorsResourceTest, CreateWithUnknownFieldIs500LikeJackson) {
  HttpResult result = Call(
      "POST", "/connectors",
      R"({"name":"a","config":{"connector.class":"FileStreamSource"},"tasks":[],"type":"source"})");
  EXPECT_EQ(result.status, 500);
  auto json = nlohmann::json::parse(result.body);
  EXPECT_EQ(json["error_code"], 500);
  EXPECT_EQ(json["message"].get<std::string>().rfind(
                "Unrecognized field \"tasks\" (class "
                "org.apache.kafka.connect.runtime.rest.entities.CreateConnectorRequest), not "
                "marked as ignorable",
                0),
            0u)
      << json["message"];
  EXPECT_TRUE(herder_.PutCalls().empty());
}

TEST_F(ConnectorsResourceTest, CreateCoercesScalarConfigValuesToStrings) {
  HttpResult result = Call(
      "POST", "/connectors",
      R"({"name":"a","config":{"connector.class":"FileStreamSource","tasks.max":1,)"
      R"("flag":true,"off":false,"ratio":1.50,"big":-12345678901234,"exp":1e3}})");
  EXPECT_EQ(result.status, 201);
  const Props config = herder_.PutCalls().back().config;
  EXPECT_EQ(config.at("tasks.max"), "1");
  EXPECT_EQ(config.at("flag"), "true");
  EXPECT_EQ(config.at("off"), "false");
  EXPECT_EQ(config.at("ratio"), "1.50");
  EXPECT_EQ(config.at("big"), "-12345678901234");
  EXPECT_EQ(config.at("exp"), "1e3");
  EXPECT_EQ(nlohmann::json::parse(result.body)["config"]["tasks.max"], "1");
}

TEST_F(ConnectorsResourceTest, CreateWithObjectOrArrayConfigValueIs500) {
  for (const char* value : {R"({"x":"y"})", R"(["a"])"}) {
    HttpResult result =
        Call("POST", "/connectors",
             std::string(R"({"name":"a","config":{"connector.class":"FileStreamSource","v":)") +
                 value + "}}");
    EXPECT_EQ(result.status, 500) << value;
    auto json = nlohmann::json::parse(result.body);
    EXPECT_EQ(json["message"].get<std::string>().rfind(
                  "Cannot deserialize value of type `java.lang.String`", 0),
              0u)
        << json["message"];
  }
  EXPECT_TRUE(herder_.PutCalls().empty());
}

TEST_F(ConnectorsResourceTest, CreateWithNonObjectBodyOrConfigIs500) {
  for (const char* body : {R"([])", R"("text")", R"(42)",
                           R"({"name":"a","config":"x"})", R"({"name":{"a":1},"config":{}})"}) {
    HttpResult result = Call("POST", "/connectors", body);
    EXPECT_EQ(result.status, 500) << body;
    EXPECT_EQ(nlohmann::json::parse(result.body)["error_code"], 500) << body;
  }
  EXPECT_TRUE(herder_.PutCalls().empty());
}

TEST_F(ConnectorsResourceTest, CreateWithoutConfigIs400) {
  for (const char* body : {R"({"name":"a"})", R"({"name":"a","config":null})"}) {
    HttpResult result = Call("POST", "/connectors", body);
    EXPECT_EQ(result.status, 400) << body;
    EXPECT_EQ(nlohmann::json::parse(result.body)["error_code"], 400);
  }
  EXPECT_TRUE(herder_.PutCalls().empty());
}

TEST_F(ConnectorsResourceTest, CreatePassesInitialStateCaseInsensitively) {
  struct Case {
    const char* text;
    TargetState state;
  };
  int n = 0;
  for (const Case& c : {Case{"RUNNING", TargetState::kStarted}, Case{"paused", TargetState::kPaused},
                        Case{"Stopped", TargetState::kStopped}}) {
    const std::string name = "c" + std::to_string(n++);
    HttpResult result =
        Call("POST", "/connectors",
             R"({"name":")" + name +
                 R"(","config":{"connector.class":"FileStreamSource"},"initial_state":")" + c.text +
                 R"("})");
    EXPECT_EQ(result.status, 201) << c.text;
    ASSERT_TRUE(herder_.PutCalls().back().initial_state.has_value());
    EXPECT_EQ(*herder_.PutCalls().back().initial_state, c.state) << c.text;
  }
  // A stopped connector is created without tasks (the herder decides; shown here end to end).
  EXPECT_EQ(nlohmann::json::parse(Get("/connectors/c2").body)["tasks"], nlohmann::json::array());
  HttpResult null_state = Call(
      "POST", "/connectors",
      R"({"name":"d","config":{"connector.class":"FileStreamSource"},"initial_state":null})");
  EXPECT_EQ(null_state.status, 201);
  EXPECT_FALSE(herder_.PutCalls().back().initial_state.has_value());
}

TEST_F(ConnectorsResourceTest, CreateWithBadInitialStateIs500) {
  HttpResult result = Call(
      "POST", "/connectors",
      R"({"name":"a","config":{"connector.class":"FileStreamSource"},"initial_state":"bogus"})");
  EXPECT_EQ(result.status, 500);
  EXPECT_NE(nlohmann::json::parse(result.body)["message"].get<std::string>().find(
                "No enum constant "
                "org.apache.kafka.connect.runtime.rest.entities.CreateConnectorRequest."
                "InitialState.BOGUS"),
            std::string::npos);
  EXPECT_TRUE(herder_.PutCalls().empty());
}

TEST_F(ConnectorsResourceTest, CreateWithNullConfigValueIs400ValidationError) {
  HttpResult result = Call(
      "POST", "/connectors",
      R"({"name":"a","config":{"connector.class":"FileStreamSource","topic":null}})");
  EXPECT_EQ(result.status, 400);
  EXPECT_EQ(result.body,
            ErrorBody(400,
                      "Connector configuration is invalid and contains the following 1 "
                      "error(s):\\nNull value can not be supplied as the configuration value.\\n"
                      "You can also find the above list of errors at the endpoint "
                      "`/connector-plugins/{connectorType}/config/validate`"));
  EXPECT_TRUE(herder_.PutCalls().empty());
}

TEST_F(ConnectorsResourceTest, CreateRelaysHerderErrors) {
  HttpResult no_class = Call("POST", "/connectors", R"({"name":"a","config":{}})");
  EXPECT_EQ(no_class.status, 400);
  EXPECT_EQ(no_class.body, ErrorBody(400, "Connector config {name=a} contains no connector type"));

  HttpResult unknown =
      Call("POST", "/connectors", R"({"name":"a","config":{"connector.class":"Unknown"}})");
  EXPECT_EQ(unknown.status, 500);

  HttpResult blank =
      Call("POST", "/connectors", R"({"name":"   ","config":{"connector.class":"X"}})");
  EXPECT_EQ(blank.status, 400);
  EXPECT_EQ(herder_.PutCalls().back().name, "");

  AddSource("dup");
  HttpResult duplicate =
      Call("POST", "/connectors", R"({"name":"dup","config":{"connector.class":"X"}})");
  EXPECT_EQ(duplicate.status, 409);
  EXPECT_EQ(duplicate.body, ErrorBody(409, "Connector dup already exists"));
}

// --- single connector -------------------------------------------------------

TEST_F(ConnectorsResourceTest, GetConnectorInfo) {
  AddSource("a", "2");
  HttpResult result = Get("/connectors/a");
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body,
            R"({"name":"a","config":{"connector.class":"FileStreamSource","name":"a",)"
            R"("tasks.max":"2","topic":"t"},"tasks":[{"connector":"a","task":0},)"
            R"({"connector":"a","task":1}],"type":"source"})");
  HttpResult missing = Get("/connectors/nope");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, ErrorBody(404, "Connector nope not found"));
}

TEST_F(ConnectorsResourceTest, GetConnectorConfig) {
  AddSource("a");
  HttpResult result = Get("/connectors/a/config");
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body,
            R"({"connector.class":"FileStreamSource","name":"a","tasks.max":"1","topic":"t"})");
  EXPECT_EQ(Get("/connectors/nope/config").body, ErrorBody(404, "Connector nope not found"));
}

TEST_F(ConnectorsResourceTest, PutConfigCreatesWith201ThenUpdatesWith200) {
  HttpResult created = Call("PUT", "/connectors/new%20one/config",
                            R"({"connector.class":"FileStreamSink","tasks.max":2})");
  EXPECT_EQ(created.status, 201);
  EXPECT_EQ(created.Header("location"), Base() + "/connectors/new%20one");
  EXPECT_EQ(created.body,
            R"({"name":"new one","config":{"connector.class":"FileStreamSink","name":"new one",)"
            R"("tasks.max":"2"},"tasks":[{"connector":"new one","task":0},)"
            R"({"connector":"new one","task":1}],"type":"sink"})");
  EXPECT_TRUE(herder_.PutCalls().back().allow_replace);
  EXPECT_FALSE(herder_.PutCalls().back().initial_state.has_value());

  HttpResult updated = Call("PUT", "/connectors/new%20one/config",
                            R"({"connector.class":"FileStreamSink","tasks.max":"1","name":"new one"})");
  EXPECT_EQ(updated.status, 200);
  EXPECT_FALSE(updated.HasHeader("location"));
  EXPECT_EQ(nlohmann::json::parse(updated.body)["config"]["tasks.max"], "1");
}

TEST_F(ConnectorsResourceTest, PatchConfigMergesAndAnswers200) {
  herder_.AddConnector("p", {{"connector.class", "FileStreamSink"}, {"tasks.max", "1"},
                             {"file", "a.txt"}});
  HttpResult patched =
      Call("PATCH", "/connectors/p/config", R"({"tasks.max":2,"file":null,"topics":"t"})");
  EXPECT_EQ(patched.status, 200) << patched.body;
  EXPECT_FALSE(patched.HasHeader("location"));
  EXPECT_EQ(patched.body,
            R"({"name":"p","config":{"connector.class":"FileStreamSink","name":"p",)"
            R"("tasks.max":"2","topics":"t"},"tasks":[{"connector":"p","task":0},)"
            R"({"connector":"p","task":1}],"type":"sink"})");
  EXPECT_EQ(herder_.PutCalls().back().config.count("file"), 0u);

  HttpResult unknown = Call("PATCH", "/connectors/nope/config", R"({"a":"b"})");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.body, ErrorBody(404, "Connector nope not found"));
  // Validation errors of the merged config come back as for PUT.
  HttpResult invalid = Call("PATCH", "/connectors/p/config", R"({"connector.class":"Unknown"})");
  EXPECT_EQ(invalid.status, 500);
  HttpResult nested = Call("PATCH", "/connectors/p/config", R"({"a":{"b":"c"}})");
  EXPECT_EQ(nested.status, 500);
  HttpResult empty = Call("PATCH", "/connectors/p/config", "");
  EXPECT_NE(empty.status, 200);
}

TEST_F(ConnectorsResourceTest, PutConfigNameRules) {
  HttpResult mismatch =
      Call("PUT", "/connectors/a/config", R"({"connector.class":"X","name":"b"})");
  EXPECT_EQ(mismatch.status, 400);
  EXPECT_EQ(mismatch.body,
            ErrorBody(400, "Connector name configuration (b) doesn't match connector name in the "
                           "URL (a)"));
  // The URL name is not trimmed.
  HttpResult untrimmed =
      Call("PUT", "/connectors/%20a/config", R"({"connector.class":"X","name":"a"})");
  EXPECT_EQ(untrimmed.status, 400);
  // A null name is replaced by the URL's.
  HttpResult null_name =
      Call("PUT", "/connectors/a/config", R"({"connector.class":"X","name":null})");
  EXPECT_EQ(null_name.status, 201);
  EXPECT_EQ(herder_.PutCalls().back().config.at("name"), "a");
}

TEST_F(ConnectorsResourceTest, PutConfigWithNonFlatBodyIs500) {
  for (const char* body : {R"(["a"])", R"({"a":{"b":"c"}})", R"({"a":[1]})", R"("x")"}) {
    HttpResult result = Call("PUT", "/connectors/a/config", body);
    EXPECT_EQ(result.status, 500) << body;
    EXPECT_EQ(nlohmann::json::parse(result.body)["error_code"], 500);
  }
  EXPECT_TRUE(herder_.PutCalls().empty());
}

TEST_F(ConnectorsResourceTest, GetConnectorStatus) {
  herder_.AddConnector("f", {{"connector.class", "FileStreamSink"}, {"fail", "1"}});
  HttpResult result = Get("/connectors/f/status");
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body,
            R"({"name":"f","connector":{"state":"FAILED","worker_id":"127.0.0.1:8083",)"
            R"("trace":"java.lang.RuntimeException: boom\n\tat Somewhere"},"tasks":[{"id":0,)"
            R"("state":"FAILED","worker_id":"127.0.0.1:8083","trace":"task trace"}],"type":"sink"})");
  HttpResult missing = Get("/connectors/nope/status");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, ErrorBody(404, "No status found for connector nope"));
}

TEST_F(ConnectorsResourceTest, GetTaskConfigs) {
  AddSource("a", "2");
  HttpResult result = Get("/connectors/a/tasks");
  EXPECT_EQ(result.status, 200);
  const std::string config =
      R"({"connector.class":"FileStreamSource","name":"a","task.class":"FileStreamSourceTask",)"
      R"("tasks.max":"2","topic":"t"})";
  EXPECT_EQ(result.body, R"([{"id":{"connector":"a","task":0},"config":)" + config +
                             R"(},{"id":{"connector":"a","task":1},"config":)" + config + "}]");
  EXPECT_EQ(Get("/connectors/nope/tasks").body, ErrorBody(404, "Connector nope not found"));
}

TEST_F(ConnectorsResourceTest, GetTaskStatus) {
  AddSource("a", "2");
  HttpResult result = Get("/connectors/a/tasks/1/status");
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body, R"({"id":1,"state":"RUNNING","worker_id":"127.0.0.1:8083"})");
  // Java's Integer.valueOf accepts a sign.
  EXPECT_EQ(Get("/connectors/a/tasks/+0/status").status, 200);
  HttpResult missing = Get("/connectors/a/tasks/7/status");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, ErrorBody(404, "No status found for task a-7"));
  EXPECT_EQ(Get("/connectors/a/tasks/-1/status").body,
            ErrorBody(404, "No status found for task a--1"));
}

TEST_F(ConnectorsResourceTest, PauseResumeAndStop) {
  AddSource("a");
  HttpResult paused = Call("PUT", "/connectors/a/pause");
  EXPECT_EQ(paused.status, 202);
  ExpectNoBody(paused);
  EXPECT_EQ(nlohmann::json::parse(Get("/connectors/a/status").body)["connector"]["state"],
            "PAUSED");
  // Idempotent.
  EXPECT_EQ(Call("PUT", "/connectors/a/pause").status, 202);

  HttpResult resumed = Call("PUT", "/connectors/a/resume");
  EXPECT_EQ(resumed.status, 202);
  ExpectNoBody(resumed);
  EXPECT_EQ(nlohmann::json::parse(Get("/connectors/a/status").body)["connector"]["state"],
            "RUNNING");

  HttpResult stopped = Call("PUT", "/connectors/a/stop");
  EXPECT_EQ(stopped.status, 204);
  ExpectNoBody(stopped);
  auto status = nlohmann::json::parse(Get("/connectors/a/status").body);
  EXPECT_EQ(status["connector"]["state"], "STOPPED");
  EXPECT_EQ(status["tasks"], nlohmann::json::array());
  EXPECT_EQ(Get("/connectors/a/tasks").body, "[]");

  for (const char* action : {"pause", "resume", "stop"}) {
    HttpResult missing = Call("PUT", std::string("/connectors/nope/") + action);
    EXPECT_EQ(missing.status, 404) << action;
    EXPECT_EQ(missing.body, ErrorBody(404, "Unknown connector nope")) << action;
  }
}

TEST_F(ConnectorsResourceTest, ActiveTopicsAreKeyedByTheNameEvenForUnknownConnectors) {
  AddSource("a");
  herder_.SetActiveTopics("a", {"orders", "payments"});
  HttpResult topics = Get("/connectors/a/topics");
  EXPECT_EQ(topics.status, 200);
  EXPECT_EQ(topics.Header("content-type"), "application/json");
  EXPECT_EQ(topics.body, R"({"a":{"topics":["orders","payments"]}})");
  // R-TOPICS: no existence check.
  EXPECT_EQ(Get("/connectors/nope/topics").body, R"({"nope":{"topics":[]}})");
  EXPECT_EQ(Get("/connectors/a%20b/topics").body, R"({"a b":{"topics":[]}})");

  HttpResult reset = Call("PUT", "/connectors/a/topics/reset");
  EXPECT_EQ(reset.status, 202);
  ExpectNoBody(reset);
  EXPECT_EQ(Get("/connectors/a/topics").body, R"({"a":{"topics":[]}})");
  EXPECT_EQ(Call("PUT", "/connectors/nope/topics/reset").status, 202);

  EXPECT_EQ(Call("POST", "/connectors/a/topics").status, 405);
  EXPECT_EQ(Call("GET", "/connectors/a/topics/reset").status, 405);
}

TEST_F(ConnectorsResourceTest, ActiveTopicsAre403WhenTrackingIsDisabled) {
  herder_.SetActiveTopics("a", {"orders"});
  const std::string disabled = ErrorBody(403, "Topic tracking is disabled.");
  herder_.SetTopicTracking({.enabled = false, .allow_reset = true});
  HttpResult get = Get("/connectors/a/topics");
  EXPECT_EQ(get.status, 403);
  EXPECT_EQ(get.body, disabled);
  EXPECT_EQ(Call("PUT", "/connectors/a/topics/reset").body, disabled);

  // Reading is allowed, resetting is not.
  herder_.SetTopicTracking({.enabled = true, .allow_reset = false});
  EXPECT_EQ(Get("/connectors/a/topics").body, R"({"a":{"topics":["orders"]}})");
  HttpResult reset = Call("PUT", "/connectors/a/topics/reset");
  EXPECT_EQ(reset.status, 403);
  EXPECT_EQ(reset.body, ErrorBody(403, "Topic tracking reset is disabled."));
  EXPECT_EQ(Get("/connectors/a/topics").body, R"({"a":{"topics":["orders"]}})");

  // With both off, the first check answers.
  herder_.SetTopicTracking({.enabled = false, .allow_reset = false});
  EXPECT_EQ(Call("PUT", "/connectors/a/topics/reset").body, disabled);
}

TEST_F(ConnectorsResourceTest, RestartConnector) {
  AddSource("a");
  HttpResult restarted = Call("POST", "/connectors/a/restart");
  EXPECT_EQ(restarted.status, 204);
  ExpectNoBody(restarted);
  // Explicit false values are the plain restart too.
  EXPECT_EQ(Call("POST", "/connectors/a/restart?includeTasks=false&onlyFailed=FALSE").status, 204);
  EXPECT_EQ(herder_.Restarts(), (std::vector<std::string>{"a", "a"}));

  HttpResult missing = Call("POST", "/connectors/nope/restart");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, ErrorBody(404, "Connector nope not found"));
}

TEST_F(ConnectorsResourceTest, RestartWithTasksOrOnlyFailedAnswers202WithThePlan) {
  herder_.AddConnector("f", {{"connector.class", "FileStreamSink"}, {"fail", "1"},
                             {"tasks.max", "2"}});
  HttpResult all = Call("POST", "/connectors/f/restart?includeTasks=true");
  EXPECT_EQ(all.status, 202);
  auto plan = nlohmann::json::parse(all.body);
  EXPECT_EQ(plan["name"], "f");
  EXPECT_EQ(plan["connector"]["state"], "RESTARTING");
  EXPECT_EQ(plan["tasks"][0]["state"], "RESTARTING");
  EXPECT_EQ(plan["tasks"][1]["state"], "RESTARTING");
  EXPECT_EQ(plan["type"], "sink");

  // onlyFailed: the running task 1 keeps its state.
  HttpResult failed = Call("POST", "/connectors/f/restart?includeTasks=true&onlyFailed=true");
  EXPECT_EQ(failed.status, 202);
  plan = nlohmann::json::parse(failed.body);
  EXPECT_EQ(plan["connector"]["state"], "RESTARTING");
  EXPECT_EQ(plan["tasks"][0]["state"], "RESTARTING");
  EXPECT_EQ(plan["tasks"][1]["state"], "RUNNING");

  HttpResult unknown = Call("POST", "/connectors/nope/restart?onlyFailed=true");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.body, ErrorBody(404, "Unknown connector: nope"));
  // Both false (or absent): the plain restart, 204.
  HttpResult plain = Call("POST", "/connectors/f/restart?includeTasks=false&onlyFailed=false");
  EXPECT_EQ(plain.status, 204);
  EXPECT_EQ(herder_.Restarts(),
            (std::vector<std::string>{"f+tasks", "f+tasks+onlyFailed", "f"}));
}

TEST_F(ConnectorsResourceTest, RestartTask) {
  AddSource("a", "2");
  HttpResult restarted = Call("POST", "/connectors/a/tasks/1/restart");
  EXPECT_EQ(restarted.status, 204);
  ExpectNoBody(restarted);
  EXPECT_EQ(herder_.Restarts(), (std::vector<std::string>{"a-1"}));
  HttpResult unknown_task = Call("POST", "/connectors/a/tasks/5/restart");
  EXPECT_EQ(unknown_task.status, 404);
  EXPECT_EQ(unknown_task.body, ErrorBody(404, "Task a-5 not found"));
  HttpResult unknown_connector = Call("POST", "/connectors/nope/tasks/0/restart");
  EXPECT_EQ(unknown_connector.status, 404);
  EXPECT_EQ(unknown_connector.body, ErrorBody(404, "Unknown connector: nope"));
}

TEST_F(ConnectorsResourceTest, DeleteConnector) {
  AddSource("a");
  HttpResult deleted = Call("DELETE", "/connectors/a");
  EXPECT_EQ(deleted.status, 204);
  ExpectNoBody(deleted);
  EXPECT_EQ(Get("/connectors/a").status, 404);
  EXPECT_EQ(Get("/connectors/a/status").status, 404);
  HttpResult again = Call("DELETE", "/connectors/a");
  EXPECT_EQ(again.status, 404);
  EXPECT_EQ(again.body, ErrorBody(404, "Connector a not found"));
}

}  // namespace
}  // namespace kconnect::worker::rest::testing
