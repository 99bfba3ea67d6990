// GET /connector-plugins over HTTP (R-PLUGINS).

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "rest_fixture.h"

namespace kconnect::worker::rest::testing {
namespace {

class ConnectorPluginsResourceTest : public RestFixture {};

constexpr const char* kConnectors =
    R"({"class":"org.apache.kafka.connect.file.FileStreamSinkConnector","type":"sink",)"
    R"("version":"3.9.0"},)"
    R"({"class":"org.apache.kafka.connect.file.FileStreamSourceConnector","type":"source",)"
    R"("version":"3.9.0"})";

TEST_F(ConnectorPluginsResourceTest, ListsConnectorPluginsOnlyByDefault) {
  HttpResult result = Get("/connector-plugins");
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.Header("content-type"), "application/json");
  EXPECT_EQ(result.body, std::string("[") + kConnectors + "]");
  EXPECT_EQ(Get("/connector-plugins?connectorsOnly=true").body, result.body);
  EXPECT_EQ(Get("/connector-plugins?connectorsOnly=").body, result.body);
}

TEST_F(ConnectorPluginsResourceTest, ConnectorsOnlyFalseListsEveryKindAndOmitsEmptyVersions) {
  const std::string all =
      std::string("[") + kConnectors +
      R"(,{"class":"org.apache.kafka.connect.json.JsonConverter","type":"converter",)"
      R"("version":"3.9.0"},)"
      R"({"class":"org.apache.kafka.connect.transforms.Filter","type":"transformation"}])";
  EXPECT_EQ(Get("/connector-plugins?connectorsOnly=false").body, all);
  EXPECT_EQ(Get("/connector-plugins?connectorsOnly=FALSE").body, all);
  EXPECT_EQ(Get("/connector-plugins/?connectorsOnly=false").body, all);
}

TEST_F(ConnectorPluginsResourceTest, ValidateAnswersConfigInfosWithPasswordsHidden) {
  HttpResult result = Call("PUT", "/connector-plugins/FileStreamSource/config/validate",
                           R"({"connector.class":"FileStreamSourceConnector","secret":"s3cr3t"})");
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body,
            R"({"name":"FileStreamSourceConnector","error_count":1,"groups":["Common"],"configs":[)"
            R"({"definition":{"name":"name","type":"STRING","required":true,"default_value":null,)"
            R"("importance":"HIGH","documentation":"Name","group":"Common","width":"MEDIUM",)"
            R"("display_name":"Connector name","dependents":[],"order":1},)"
            R"("value":{"name":"name","value":null,"recommended_values":[],"errors":)"
            R"(["Missing required configuration \"name\" which has no default value."],)"
            R"("visible":true}},)"
            R"({"definition":{"name":"secret","type":"PASSWORD","required":false,)"
            R"("default_value":"[hidden]","importance":"LOW","documentation":"","group":null,)"
            R"("width":"NONE","display_name":"secret","dependents":[],"order":-1},)"
            R"("value":{"name":"secret","value":"[hidden]","recommended_values":[],"errors":[],)"
            R"("visible":true}}]})");
  EXPECT_EQ(result.body.find("s3cr3t"), std::string::npos);
}

TEST_F(ConnectorPluginsResourceTest, ValidateChecksThePathAndReportsNullValues) {
  // The path matches when the body's class ends with it, "Connector" aside.
  EXPECT_EQ(Call("PUT", "/connector-plugins/Source/config/validate",
                 R"({"connector.class":"org.example.FileStreamSourceConnector","name":"a"})")
                .status,
            200);
  HttpResult mismatch = Call("PUT", "/connector-plugins/org.example.FileStreamSource/config/validate",
                             R"({"connector.class":"FileStreamSource"})");
  EXPECT_EQ(mismatch.status, 400);
  EXPECT_EQ(mismatch.body,
            ErrorBody(400, "Included connector type FileStreamSource does not match request type "
                           "org.example.FileStreamSource"));
  // A null value is an error of its key, not of the request.
  HttpResult nulled = Call("PUT", "/connector-plugins/FileStreamSource/config/validate",
                           R"({"connector.class":"FileStreamSource","name":null})");
  EXPECT_EQ(nulled.status, 200);
  auto infos = nlohmann::json::parse(nulled.body);
  // The fake reports `name` missing; given as null it is not missing, so
  // only the null is reported, as Java does.
  EXPECT_EQ(infos["error_count"], 1);
  EXPECT_EQ(infos["configs"][0]["value"]["errors"],
            nlohmann::json::array({"Null value can not be supplied as the configuration value."}));
  // No connector.class: the herder's wrapped 500. Bad bodies as elsewhere.
  EXPECT_EQ(Call("PUT", "/connector-plugins/X/config/validate", R"({"name":"a"})").status, 500);
  EXPECT_EQ(Call("PUT", "/connector-plugins/X/config/validate", "").status, 400);
  EXPECT_EQ(Call("PUT", "/connector-plugins/X/config/validate", R"({"a":{"b":1}})").status, 500);
}

TEST_F(ConnectorPluginsResourceTest, PluginConfigListsConfigKeyInfos) {
  HttpResult result = Get("/connector-plugins/FileStreamSource/config");
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body,
            R"([{"name":"file","type":"STRING","required":false,"default_value":null,)"
            R"("importance":"HIGH","documentation":"Source filename.","group":null,)"
            R"("width":"NONE","display_name":"file","dependents":[],"order":-1}])");
  HttpResult unknown = Get("/connector-plugins/Nope/config");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.body, ErrorBody(404, "Unknown plugin Nope."));
}

}  // namespace
}  // namespace kconnect::worker::rest::testing
