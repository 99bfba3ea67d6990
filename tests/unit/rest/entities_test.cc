// JSON binding details not visible through a single HTTP call.

#include "worker/rest/entities.h"

#include <gtest/gtest.h>

#include "worker/rest/connectors_resource.h"
#include "worker/rest/json_body.h"

namespace kconnect::worker::rest {
namespace {

TEST(EntitiesTest, PluginVersionIsOmittedWhenEmpty) {
  EXPECT_EQ(ToJson(herder::PluginDesc{"a.B", "sink", "1.0"}).dump(),
            R"({"class":"a.B","type":"sink","version":"1.0"})");
  EXPECT_EQ(ToJson(herder::PluginDesc{"a.B", "predicate", ""}).dump(),
            R"({"class":"a.B","type":"predicate"})");
}

TEST(EntitiesTest, TraceIsOmittedWhenEmpty) {
  herder::TaskStateInfo task;
  task.id = 3;
  task.state = {"RUNNING", "w:1", std::string()};
  EXPECT_EQ(ToJson(task).dump(), R"({"id":3,"state":"RUNNING","worker_id":"w:1"})");
}

TEST(EntitiesTest, UnknownConnectorType) {
  herder::ConnectorInfo info;
  info.name = "n";
  EXPECT_EQ(ToJson(info).dump(), R"({"name":"n","config":{},"tasks":[],"type":"unknown"})");
}

TEST(EntitiesTest, CreateRequestFieldsBindInAnyOrder) {
  auto body = ParseJsonBody(R"({"initial_state":"stopped","config":{"a":1},"name":" n "})");
  ASSERT_TRUE(body.Ok());
  auto bound = BindCreateConnectorRequest(*body);
  ASSERT_TRUE(bound.Ok()) << bound.Error().message;
  EXPECT_EQ(bound->name, " n ");
  ASSERT_TRUE(bound->config.has_value());
  EXPECT_EQ(bound->config->at("a"), "1");
  EXPECT_EQ(bound->initial_state, herder::TargetState::kStopped);
}

TEST(EntitiesTest, ConfigMapErrorsNameTheKey) {
  auto body = ParseJsonBody(R"({"ok":"1","bad":{"x":1}})");
  ASSERT_TRUE(body.Ok());
  auto bound = BindConfigMap(*body, "java.util.LinkedHashMap");
  ASSERT_FALSE(bound.Ok());
  EXPECT_EQ(bound.Error().status, 500);
  EXPECT_EQ(bound.Error().message,
            "Cannot deserialize value of type `java.lang.String` from Object value (token "
            "`JsonToken.START_OBJECT`) (through reference chain: "
            "java.util.LinkedHashMap->java.util.LinkedHashMap[\"bad\"])");
}

TEST(EntitiesTest, NullValuesAreCountedAsValidationErrors) {
  NullableProps config{{"a", std::nullopt}, {"b", "x"}, {"c", std::nullopt}};
  auto props = ToProps(config);
  ASSERT_FALSE(props.Ok());
  EXPECT_EQ(props.Error().status, 400);
  EXPECT_EQ(props.Error().message,
            "Connector configuration is invalid and contains the following 2 error(s):\n"
            "Null value can not be supplied as the configuration value.\n"
            "Null value can not be supplied as the configuration value.\n"
            "You can also find the above list of errors at the endpoint "
            "`/connector-plugins/{connectorType}/config/validate`");
}

TEST(EntitiesTest, JavaTrimStripsControlCharactersAndSpaces) {
  EXPECT_EQ(JavaTrim(" \t\r\n\x01name x\x1F "), "name x");
  EXPECT_EQ(JavaTrim("   "), "");
  EXPECT_EQ(JavaTrim("\xC2\xA0name"), "\xC2\xA0name");  // NBSP is not trimmed by Java either
}

TEST(EntitiesTest, TaskConfigsBodyBindsEachEntryAsAConfigMap) {
  auto bound = ReadTaskConfigsBody(R"([{"a":"x","n":1,"gone":null},{}])");
  ASSERT_TRUE(bound.Ok()) << bound.Error().message;
  ASSERT_EQ(bound->size(), 2u);
  EXPECT_EQ((*bound)[0], (Props{{"a", "x"}, {"n", "1"}}));
  EXPECT_TRUE((*bound)[1].empty());
  auto not_a_list = ReadTaskConfigsBody(R"({"a":"x"})");
  ASSERT_FALSE(not_a_list.Ok());
  EXPECT_EQ(not_a_list.Error().status, 500);
  EXPECT_EQ(not_a_list.Error().message.rfind("Cannot deserialize value of type `java.util.ArrayList<", 0),
            0u)
      << not_a_list.Error().message;
  auto nested = ReadTaskConfigsBody(R"([{"a":{"b":1}}])");
  ASSERT_FALSE(nested.Ok());
  EXPECT_EQ(nested.Error().status, 500);
  EXPECT_NE(nested.Error().message.find("java.util.ArrayList[0]"), std::string::npos)
      << nested.Error().message;
  EXPECT_EQ(ReadTaskConfigsBody("").Error().status, 400);
}

}  // namespace
}  // namespace kconnect::worker::rest
