// GET /connector-plugins over HTTP (R-PLUGINS).

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace kconnect::worker::rest::testing
