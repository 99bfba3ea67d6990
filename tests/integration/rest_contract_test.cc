// The REST contract, rule by rule (the R-… IDs of the REST specification),
// against a whole in-process standalone worker: real HTTP on loopback, the
// real FileStream plugins, an in-memory Kafka cluster. Each test is named
// after the rule it checks; status, body shape and message text are
// compared exactly where the rule fixes them.
//
// Rules checked elsewhere: the offsets rules (R-OFFGET, R-OFFPATCH,
// R-OFFDEL), topics (R-TOPICS, R-TOPICSRESET) and loggers (R-LOGGERS,
// R-LOGGER, R-SETLOGGER) have their own integration tests; R-409 and R-FWD
// concern distributed mode only; R-TIMEOUT (90 s) is checked with a short
// timeout in StandaloneHerderTest.RequestsWaitingTooLongForTheHerderTimeOut.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "standalone_harness.h"

namespace {

using Json = nlohmann::ordered_json;
using kctest::LoopbackHttp;
using kctest::LoopbackHttpAs;
using kctest::LoopbackReply;
using kctest::WaitFor;

class RestContract : public ::testing::Test {
 protected:
  void SetUp() override {
    mock_ = kctest::StartMock();
    ASSERT_NE(mock_, nullptr);
    ASSERT_TRUE(mock_->CreateTopic("connect-test", 1).Ok());
    auto props = kctest::WorkerProps(mock_->Bootstraps(), dir_.Path("connect.offsets"));
    worker_ = kctest::StartWorker(props);
    ASSERT_NE(worker_, nullptr);
    port_ = worker_->RestPort();
    ASSERT_GT(port_, 0);
    kctest::AppendLines(dir_.Path("in.txt"), 0, 3);
  }
  void TearDown() override {
    if (worker_) worker_->Stop();
  }

  LoopbackReply Call(const std::string& method, const std::string& path,
                     const std::string& body = "") {
    return LoopbackHttp(port_, method, path, body);
  }
  Json JsonOf(const LoopbackReply& r) { return Json::parse(r.body, nullptr, false); }
  // The one error shape (R-ERRBODY), compared whole.
  void ExpectError(const LoopbackReply& r, int status, const std::string& message) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.body, Json({{"error_code", status}, {"message", message}}).dump()) << r.body;
  }
  std::string SourceBody(const std::string& name, const Json& extra = Json::object()) {
    Json config = {{"connector.class", "FileStreamSource"},
                   {"file", dir_.Path("in.txt")},
                   {"topic", "connect-test"}};
    for (const auto& [k, v] : extra.items()) config[k] = v;
    return Json({{"name", name}, {"config", config}}).dump();
  }
  void CreateSource(const std::string& name) {
    auto r = Call("POST", "/connectors", SourceBody(name));
    ASSERT_EQ(r.status, 201) << r.body;
  }
  std::string ConnectorState(const std::string& name) {
    auto j = JsonOf(Call("GET", "/connectors/" + name + "/status"));
    return j.is_object() ? j["connector"]["state"].get<std::string>() : "";
  }
  void WaitRunning(const std::string& name) {
    ASSERT_TRUE(WaitFor([&] {
      auto j = JsonOf(Call("GET", "/connectors/" + name + "/status"));
      return j.is_object() && j["connector"]["state"] == "RUNNING" && j["tasks"].size() == 1 &&
             j["tasks"][0]["state"] == "RUNNING";
    })) << Call("GET", "/connectors/" + name + "/status").body;
  }

  kctest::TempDir dir_;
  std::unique_ptr<kconnect::worker::kafka::MockCluster> mock_;
  std::unique_ptr<kconnect::worker::cli::StandaloneWorker> worker_;
  int port_ = 0;
};

TEST_F(RestContract, R_LISTEN_ServesOnTheConfiguredListener) {
  // listeners=http://127.0.0.1:0: bound to a free loopback port.
  EXPECT_EQ(Call("GET", "/").status, 200);
}

TEST_F(RestContract, R_JSON_JsonBodiesAndNoBodyFor204And202) {
  auto root = Call("GET", "/");
  EXPECT_EQ(root.Header("content-type"), "application/json");
  CreateSource("a");
  auto pause = Call("PUT", "/connectors/a/pause");
  EXPECT_EQ(pause.status, 202);
  EXPECT_EQ(pause.body, "");
  auto del = Call("DELETE", "/connectors/a");
  EXPECT_EQ(del.status, 204);
  EXPECT_EQ(del.body, "");
}

TEST_F(RestContract, R_415_NonJsonContentTypeIsRejected) {
  for (const char* type : {"text/plain", "application/x-www-form-urlencoded"}) {
    ExpectError(LoopbackHttpAs(port_, "POST", "/connectors", "name=x", type), 415,
                "HTTP 415 Unsupported Media Type");
  }
  // JSON with a charset is fine; no body and no Content-Type is fine.
  EXPECT_EQ(LoopbackHttpAs(port_, "POST", "/connectors", SourceBody("a"),
                           "application/json; charset=utf-8")
                .status,
            201);
  EXPECT_EQ(LoopbackHttpAs(port_, "PUT", "/connectors/a/pause", "", std::nullopt).status, 202);
}

TEST_F(RestContract, R_404PATH_UnknownPathsAndBadTaskIds) {
  ExpectError(Call("GET", "/no/such/path"), 404, "HTTP 404 Not Found");
  CreateSource("a");
  ExpectError(Call("GET", "/connectors/a/tasks/abc/status"), 404, "HTTP 404 Not Found");
}

TEST_F(RestContract, R_405_KnownPathWrongMethod) {
  ExpectError(Call("DELETE", "/connector-plugins"), 405, "HTTP 405 Method Not Allowed");
}

TEST_F(RestContract, R_SLASH_TrailingSlashOnCollections) {
  EXPECT_EQ(Call("GET", "/connectors/").body, "[]");
  EXPECT_EQ(Call("GET", "/connector-plugins/").status, 200);
}

TEST_F(RestContract, R_ERRBODY_R_MAP_ErrorShapeAndStatusMapping) {
  // NotFound → 404, AlreadyExists → 409, BadRequest → 400, unknown class → 500.
  ExpectError(Call("GET", "/connectors/x"), 404, "Connector x not found");
  CreateSource("a");
  ExpectError(Call("POST", "/connectors", SourceBody("a")), 409, "Connector a already exists");
  auto r = Call("POST", "/connectors",
                Json({{"name", "b"}, {"config", {{"connector.class", "NoSuch"}}}}).dump());
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(JsonOf(r)["error_code"], 500);
  EXPECT_EQ(JsonOf(r).size(), 2u);
}

TEST_F(RestContract, R_BADJSON_MalformedJsonIs400WithThePosition) {
  auto r = Call("POST", "/connectors", "{\"name\": ");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(JsonOf(r)["message"].get<std::string>().rfind("parse error at line 1, column ", 0), 0u)
      << r.body;
}

TEST_F(RestContract, R_BADSHAPE_WellFormedJsonThatDoesNotBind) {
  for (
      const std::string& body :
      {std::string(R"({"name":"a","config":{},"tasks":[]})"),
       std::string(
           R"({"name":"a","config":{"connector.class":"FileStreamSource"},"initial_state":"SLEEPING"})"),
       std::string(R"({"name":"a","config":{"file":["x"]}})")}) {
    auto r = Call("POST", "/connectors", body);
    EXPECT_EQ(r.status, 500) << body << " " << r.body;
    EXPECT_FALSE(JsonOf(r)["message"].get<std::string>().empty());
  }
  EXPECT_EQ(Call("GET", "/connectors").body, "[]");
}

TEST_F(RestContract, R_COERCE_ScalarConfigValuesAreStoredAsStrings) {
  auto r = Call("POST", "/connectors", SourceBody("a", {{"tasks.max", 1}, {"batch.size", 7}}));
  ASSERT_EQ(r.status, 201) << r.body;
  auto config = JsonOf(Call("GET", "/connectors/a/config"));
  EXPECT_EQ(config["tasks.max"], "1");
  EXPECT_EQ(config["batch.size"], "7");
}

TEST_F(RestContract, R_EMPTY_EmptyBodiesCreateNothing) {
  for (const char* path : {"/connectors", "/connectors/a/config"}) {
    auto r = LoopbackHttpAs(port_, std::string(path) == "/connectors" ? "POST" : "PUT", path, "",
                            "application/json");
    EXPECT_EQ(r.status, 400) << path << " " << r.body;
    EXPECT_EQ(JsonOf(r)["error_code"], 400);
  }
  auto no_config = Call("POST", "/connectors", R"({"name":"a"})");
  EXPECT_EQ(no_config.status, 400) << no_config.body;
  EXPECT_EQ(Call("GET", "/connectors").body, "[]");
}

TEST_F(RestContract, R_ROOT_ServerInfo) {
  auto j = JsonOf(Call("GET", "/"));
  ASSERT_TRUE(j.is_object());
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"version", "commit", "kafka_cluster_id"}));
  EXPECT_FALSE(j["kafka_cluster_id"].get<std::string>().empty());
}

TEST_F(RestContract, R_HEALTH_HealthyWorker) {
  auto r = Call("GET", "/health");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(
      r.body,
      R"({"status":"healthy","message":"Worker has completed startup and is ready to handle requests."})");
}

TEST_F(RestContract, R_LIST_ConnectorNames) {
  EXPECT_EQ(Call("GET", "/connectors").body, "[]");
  CreateSource("b");
  CreateSource("a");
  auto names = JsonOf(Call("GET", "/connectors"));
  ASSERT_TRUE(names.is_array());
  EXPECT_EQ(names.size(), 2u);
}

TEST_F(RestContract, R_EXPAND_StatusInfoBothAndUnknown) {
  EXPECT_EQ(Call("GET", "/connectors?expand=status").body, "{}");
  CreateSource("a");
  WaitRunning("a");
  auto both = JsonOf(Call("GET", "/connectors?expand=status&expand=info"));
  EXPECT_EQ(both["a"]["status"]["connector"]["state"], "RUNNING");
  EXPECT_EQ(both["a"]["info"]["type"], "source");
  auto info = JsonOf(Call("GET", "/connectors?expand=info"));
  EXPECT_FALSE(info["a"].contains("status"));
  EXPECT_EQ(Call("GET", "/connectors?expand=status,info").body, R"({"a":{}})");
}

TEST_F(RestContract, R_CREATE_ProcessingOrderAndLocation) {
  auto r = Call("POST", "/connectors", SourceBody("  spaced  "));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Header("location"),
            "http://127.0.0.1:" + std::to_string(port_) + "/connectors/spaced");
  auto info = JsonOf(r);
  std::vector<std::string> keys;
  for (const auto& [k, v] : info.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"name", "config", "tasks", "type"}));
  EXPECT_EQ(info["config"]["name"], "spaced");

  ExpectError(
      Call("POST", "/connectors", Json({{"name", "x"}, {"config", {{"name", "y"}}}}).dump()), 400,
      "Connector name configuration (y) doesn't match connector name in the URL (x)");
  // (Java prints the map in hash order; only the wording around it is fixed.)
  auto no_class =
      Call("POST", "/connectors", Json({{"name", "x"}, {"config", {{"k", "v"}}}}).dump());
  EXPECT_EQ(no_class.status, 400);
  EXPECT_EQ(JsonOf(no_class)["message"],
            "Connector config {k=v, name=x} contains no connector type");
  // Validation before the existence check: an invalid duplicate is 400.
  auto dup = Call("POST", "/connectors", SourceBody("spaced", {{"tasks.max", "0"}}));
  EXPECT_EQ(dup.status, 400) << dup.body;
}

TEST_F(RestContract, R_NAME_TrimmedOnPostOnly) {
  auto blank = Call("POST", "/connectors", SourceBody("   "));
  EXPECT_EQ(blank.status, 400) << blank.body;
  EXPECT_NE(blank.body.find("Invalid value  for configuration name: String may not be empty"),
            std::string::npos)
      << blank.body;
}

TEST_F(RestContract, R_GET_R_GETCFG_R_MASK_RawConfigIsReturned) {
  CreateSource("a");
  ExpectError(Call("GET", "/connectors/x"), 404, "Connector x not found");
  ExpectError(Call("GET", "/connectors/x/config"), 404, "Connector x not found");
  auto config = JsonOf(Call("GET", "/connectors/a/config"));
  EXPECT_EQ(config["connector.class"], "FileStreamSource");  // alias not expanded
  EXPECT_EQ(config["name"], "a");
  auto r = Call("PUT", "/connectors/a/config",
                Json({{"connector.class", "FileStreamSource"},
                      {"topic", "connect-test"},
                      {"file", dir_.Path("in.txt")},
                      {"secret.password", "hunter2"}})
                    .dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(JsonOf(Call("GET", "/connectors/a"))["config"]["secret.password"], "hunter2");
}

TEST_F(RestContract, R_PUTCFG_CreateOrUpdate) {
  Json config = {{"connector.class", "FileStreamSource"},
                 {"topic", "connect-test"},
                 {"file", dir_.Path("in.txt")}};
  auto created = Call("PUT", "/connectors/a/config", config.dump());
  EXPECT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.Header("location"),
            "http://127.0.0.1:" + std::to_string(port_) + "/connectors/a");
  auto updated = Call("PUT", "/connectors/a/config", config.dump());
  EXPECT_EQ(updated.status, 200) << updated.body;
  config["name"] = "other";
  ExpectError(Call("PUT", "/connectors/a/config", config.dump()), 400,
              "Connector name configuration (other) doesn't match connector name in the URL (a)");
}

TEST_F(RestContract, R_PATCHCFG_MergesAndRemovesNulls) {
  ExpectError(Call("PATCH", "/connectors/x/config", "{}"), 404, "Connector x not found");
  CreateSource("a");
  auto r = Call("PATCH", "/connectors/a/config", R"({"batch.size":"9","file":null})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto config = JsonOf(r)["config"];
  EXPECT_EQ(config["batch.size"], "9");
  EXPECT_FALSE(config.contains("file"));
  EXPECT_EQ(Call("PATCH", "/connectors/a/config", R"({"tasks.max":"0"})").status, 400);
}

TEST_F(RestContract, R_STATUS_ShapeAndNotFound) {
  ExpectError(Call("GET", "/connectors/x/status"), 404, "No status found for connector x");
  CreateSource("a");
  WaitRunning("a");
  auto j = JsonOf(Call("GET", "/connectors/a/status"));
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"name", "connector", "tasks", "type"}));
  EXPECT_FALSE(j["connector"].contains("trace"));
  EXPECT_EQ(j["tasks"][0]["id"], 0);
  EXPECT_EQ(j["type"], "source");
}

TEST_F(RestContract, R_TASKS_R_TASKSTATUS_R_TASKSCFG) {
  ExpectError(Call("GET", "/connectors/x/tasks"), 404, "Connector x not found");
  ExpectError(Call("GET", "/connectors/x/tasks-config"), 404, "Connector x not found");
  CreateSource("a");
  WaitRunning("a");
  auto tasks = JsonOf(Call("GET", "/connectors/a/tasks"));
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(tasks[0]["id"], Json({{"connector", "a"}, {"task", 0}}));
  EXPECT_EQ(tasks[0]["config"]["topic"], "connect-test");
  auto status = JsonOf(Call("GET", "/connectors/a/tasks/0/status"));
  EXPECT_EQ(status["id"], 0);
  EXPECT_EQ(status["state"], "RUNNING");
  ExpectError(Call("GET", "/connectors/a/tasks/5/status"), 404, "No status found for task a-5");
  auto tasks_config = JsonOf(Call("GET", "/connectors/a/tasks-config"));
  EXPECT_EQ(tasks_config.size(), 1u);
  EXPECT_EQ(tasks_config["a-0"]["topic"], "connect-test");
  ASSERT_EQ(Call("PUT", "/connectors/a/stop").status, 204);
  ExpectError(Call("GET", "/connectors/a/tasks-config"), 404, "Connector a not found");
}

TEST_F(RestContract, R_PAUSE_R_RESUME_R_STOP) {
  ExpectError(Call("PUT", "/connectors/x/pause"), 404, "Unknown connector x");
  ExpectError(Call("PUT", "/connectors/x/resume"), 404, "Unknown connector x");
  ExpectError(Call("PUT", "/connectors/x/stop"), 404, "Unknown connector x");
  CreateSource("a");
  WaitRunning("a");
  EXPECT_EQ(Call("PUT", "/connectors/a/pause").status, 202);
  EXPECT_TRUE(WaitFor([&] { return ConnectorState("a") == "PAUSED"; }));
  EXPECT_EQ(Call("PUT", "/connectors/a/resume").status, 202);
  WaitRunning("a");
  EXPECT_EQ(Call("PUT", "/connectors/a/stop").status, 204);
  EXPECT_EQ(Call("PUT", "/connectors/a/stop").status, 204);  // idempotent
  auto j = JsonOf(Call("GET", "/connectors/a/status"));
  EXPECT_EQ(j["connector"]["state"], "STOPPED");
  EXPECT_EQ(j["tasks"], Json::array());
  EXPECT_EQ(Call("GET", "/connectors/a/tasks").body, "[]");
  EXPECT_EQ(Call("PUT", "/connectors/a/resume").status, 202);  // resumes STOPPED too
  WaitRunning("a");
}

TEST_F(RestContract, R_RESTART_R_RESTART2_R_TASKRESTART) {
  ExpectError(Call("POST", "/connectors/x/restart"), 404, "Connector x not found");
  // Java's standalone herder answers 500 here; the contract requires 404.
  ExpectError(Call("POST", "/connectors/x/tasks/0/restart"), 404, "Task x-0 not found");
  CreateSource("a");
  WaitRunning("a");
  auto plain = Call("POST", "/connectors/a/restart");
  EXPECT_EQ(plain.status, 204);
  EXPECT_EQ(plain.body, "");
  auto plan = Call("POST", "/connectors/a/restart?includeTasks=true&onlyFailed=false");
  EXPECT_EQ(plan.status, 202) << plan.body;
  auto j = JsonOf(plan);
  EXPECT_EQ(j["connector"]["state"], "RESTARTING");
  EXPECT_EQ(j["tasks"][0]["state"], "RESTARTING");
  auto only_failed =
      JsonOf(Call("POST", "/connectors/a/restart?includeTasks=true&onlyFailed=true"));
  WaitRunning("a");
  EXPECT_EQ(Call("POST", "/connectors/a/tasks/0/restart").status, 204);
  ExpectError(Call("POST", "/connectors/a/tasks/7/restart"), 404, "Task a-7 not found");
  (void)only_failed;
}

TEST_F(RestContract, R_DELETE_ThenGoneEverywhere) {
  ExpectError(Call("DELETE", "/connectors/x"), 404, "Connector x not found");
  CreateSource("a");
  EXPECT_EQ(Call("DELETE", "/connectors/a").status, 204);
  ExpectError(Call("GET", "/connectors/a"), 404, "Connector a not found");
  ExpectError(Call("GET", "/connectors/a/status"), 404, "No status found for connector a");
}

TEST_F(RestContract, R_PLUGINS_ConnectorsOnlyAndAll) {
  auto only = JsonOf(Call("GET", "/connector-plugins"));
  ASSERT_TRUE(only.is_array());
  bool source = false, sink = false;
  for (const auto& p : only) {
    EXPECT_TRUE(p["type"] == "source" || p["type"] == "sink") << p.dump();
    source |= p["class"] == "org.apache.kafka.connect.file.FileStreamSourceConnector";
    sink |= p["class"] == "org.apache.kafka.connect.file.FileStreamSinkConnector";
  }
  EXPECT_TRUE(source && sink) << only.dump();
  auto all = JsonOf(Call("GET", "/connector-plugins?connectorsOnly=false"));
  EXPECT_GT(all.size(), only.size());
}

TEST_F(RestContract, R_PLUGINCFG_KeysUnknownAndWrongKind) {
  auto keys = JsonOf(Call("GET", "/connector-plugins/FileStreamSource/config"));
  ASSERT_TRUE(keys.is_array());
  EXPECT_EQ(keys[0]["name"], "file");  // the plugin's own keys first, in its order
  EXPECT_EQ(keys[2]["name"], "batch.size");
  EXPECT_EQ(keys[3]["name"], "name");  // then the framework's
  ExpectError(Call("GET", "/connector-plugins/NoSuch/config"), 404, "Unknown plugin NoSuch.");
}

TEST_F(RestContract, R_VALIDATE_R_VAL_MSG_R_VAL_NULL_R_VAL_UNKNOWN) {
  auto r = Call(
      "PUT", "/connector-plugins/FileStreamSource/config/validate",
      R"({"connector.class":"FileStreamSource","tasks.max":"abc","topic":null,"extra.key":"x"})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = JsonOf(r);
  EXPECT_EQ(j["name"], "FileStreamSource");
  std::map<std::string, std::vector<std::string>> errors;
  for (const auto& c : j["configs"]) {
    errors[c["value"]["name"]] = c["value"]["errors"].get<std::vector<std::string>>();
  }
  EXPECT_EQ(errors["tasks.max"],
            (std::vector<std::string>{
                "Invalid value abc for configuration tasks.max: Not a number of type INT",
                "Invalid value null for configuration tasks.max: Value must be non-null"}));
  EXPECT_EQ(
      errors["topic"],
      (std::vector<std::string>{"Null value can not be supplied as the configuration value."}));
  EXPECT_EQ(errors.count("extra.key"), 0u);
  EXPECT_EQ(errors["name"].size(), 1u);  // name is required
  EXPECT_GE(j["error_count"].get<int>(), 4);

  ExpectError(
      Call("PUT", "/connector-plugins/FileStreamSink/config/validate",
           R"({"connector.class":"FileStreamSource"})"),
      400, "Included connector type FileStreamSource does not match request type FileStreamSink");
}

TEST_F(RestContract, R_VAL_400_R_VAL_CLASS_InvalidCreateAndUnknownClass) {
  auto bad = Call("POST", "/connectors", SourceBody("a", {{"tasks.max", "0"}}));
  ExpectError(bad, 400,
              "Connector configuration is invalid and contains the following 1 error(s):\n"
              "Invalid value 0 for configuration tasks.max: Value must be at least 1\n"
              "You can also find the above list of errors at the endpoint "
              "`/connector-plugins/{connectorType}/config/validate`");
  for (const char* alias : {"FileStreamSource", "FileStreamSourceConnector",
                            "org.apache.kafka.connect.file.FileStreamSourceConnector"}) {
    auto r = Call(
        "POST", "/connectors",
        Json({{"name", std::string("c-") + alias},
              {"config",
               {{"connector.class", alias}, {"topic", "connect-test"}, {"file", "/dev/null"}}}})
            .dump());
    EXPECT_EQ(r.status, 201) << alias << " " << r.body;
  }
  auto unknown = Call("POST", "/connectors",
                      Json({{"name", "u"}, {"config", {{"connector.class", "NoSuch"}}}}).dump());
  EXPECT_EQ(unknown.status, 500);
  EXPECT_EQ(JsonOf(unknown)["message"].get<std::string>().rfind(
                "Failed to find any class that implements Connector and which name matches NoSuch, "
                "available connectors are: ",
                0),
            0u)
      << unknown.body;
}

// Spec 4.7: the inter-worker endpoints exist, and a standalone worker refuses
// them with Java's texts.
TEST_F(RestContract, Internal_TasksAndFenceAreRefusedInStandalone) {
  CreateSource("a");
  ExpectError(Call("POST", "/connectors/a/tasks", R"([{"k":"v"}])"), 500,
              "Kafka Connect in standalone mode does not support externally setting task "
              "configurations.");
  ExpectError(Call("PUT", "/connectors/a/fence"), 500,
              "Kafka Connect in standalone mode does not support exactly-once source connectors.");
  EXPECT_EQ(Call("POST", "/connectors/a/tasks", R"({"k":"v"})").status, 500);
  EXPECT_EQ(Call("POST", "/connectors/a/tasks", "[").status, 400);
}

}  // namespace

namespace {

// R-LISTEN, admin.listeners: set, the logger endpoints move to their own
// listeners (which serve nothing else); empty, they are served nowhere.
class AdminListenersTest : public ::testing::Test {
 protected:
  std::unique_ptr<kconnect::worker::cli::StandaloneWorker> Start(const std::string& admin) {
    mock_ = kctest::StartMock();
    EXPECT_NE(mock_, nullptr);
    auto props = kctest::WorkerProps(mock_->Bootstraps(), dir_.Path("connect.offsets"));
    props["admin.listeners"] = admin;
    return kctest::StartWorker(props);
  }
  kctest::TempDir dir_;
  std::unique_ptr<kconnect::worker::kafka::MockCluster> mock_;
};

TEST_F(AdminListenersTest, R_LISTEN_AdminEndpointsOnlyOnTheAdminListener) {
  auto w = Start("http://127.0.0.1:0");
  ASSERT_NE(w, nullptr);
  const int port = w->RestPort(), admin = w->AdminRestPort();
  ASSERT_GT(admin, 0);
  ASSERT_NE(admin, port);
  EXPECT_EQ(LoopbackHttp(admin, "GET", "/admin/loggers/root").status, 200);
  EXPECT_EQ(LoopbackHttp(admin, "GET", "/connectors").status, 404);
  EXPECT_EQ(LoopbackHttp(port, "GET", "/admin/loggers/root").status, 404);
  EXPECT_EQ(LoopbackHttp(port, "GET", "/connectors").status, 200);
  w->Stop();
}

TEST_F(AdminListenersTest, R_LISTEN_EmptyAdminListenersServeNoAdminEndpoints) {
  auto w = Start("");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->AdminRestPort(), 0);
  EXPECT_EQ(LoopbackHttp(w->RestPort(), "GET", "/admin/loggers").body,
            R"({"error_code":404,"message":"HTTP 404 Not Found"})");
  EXPECT_EQ(LoopbackHttp(w->RestPort(), "GET", "/connectors").status, 200);
  w->Stop();
}

TEST_F(AdminListenersTest, R_LISTEN_UnsetAdminListenersServeThemOnTheNormalListener) {
  mock_ = kctest::StartMock();
  ASSERT_NE(mock_, nullptr);
  auto w = kctest::StartWorker(kctest::WorkerProps(mock_->Bootstraps(), dir_.Path("o")));
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(LoopbackHttp(w->RestPort(), "GET", "/admin/loggers/root").status, 200);
  w->Stop();
}

}  // namespace
