// BuildConfigInfos (R-VALIDATE): the framework's keys then the connector's,
// definitions rendered as Java's ConfigKeyInfo, values as ConfigValueInfo,
// PASSWORD values and defaults hidden.

#include <gtest/gtest.h>

#include "worker/herder/herder.h"

namespace kconnect::worker::herder {
namespace {

TEST(ConfigInfosTest, FrameworkKeysFirstThenTheConnectorsAndPasswordsHidden) {
  ConfigDef framework;
  framework.Define({.name = "name", .type = ConfigDef::Type::kString,
                    .importance = ConfigDef::Importance::kHigh, .documentation = "Name",
                    .group = std::string("Common"), .order_in_group = 1});
  framework.Define({.name = "tasks.max", .type = ConfigDef::Type::kInt,
                    .default_value = ConfigDef::Parsed{int32_t{1}}, .group = std::string("Common"),
                    .order_in_group = 2});
  ConfigDef own;
  own.Define({.name = "password", .type = ConfigDef::Type::kPassword,
              .default_value = ConfigDef::Parsed{std::string("changeit")},
              .group = std::string("Connection")});
  own.Define({.name = "mode", .type = ConfigDef::Type::kList,
              .default_value = ConfigDef::Parsed{std::vector<std::string>{"a", "b"}}});

  std::vector<ConfigDef::ConfigValue> values;
  values.push_back({.name = "name", .value = ConfigDef::Parsed{std::string("c")}});
  values.push_back({.name = "tasks.max", .value = ConfigDef::Parsed{int32_t{3}},
                    .error_messages = {"too many"}});
  values.push_back({.name = "password", .value = ConfigDef::Parsed{std::string("s3cr3t")}});
  values.push_back({.name = "mode",
                    .value = ConfigDef::Parsed{std::vector<std::string>{"x", "y"}},
                    .recommended_values = {ConfigDef::Parsed{std::string("x")},
                                           ConfigDef::Parsed{std::string("z")}}});
  values.push_back({.name = "extra", .value = ConfigDef::Parsed{std::string("e")},
                    .error_messages = {"not allowed"}});

  ConfigInfos infos = BuildConfigInfos("com.example.C", framework, own, values);
  EXPECT_EQ(infos.name, "com.example.C");
  EXPECT_EQ(infos.error_count, 2);
  EXPECT_EQ(infos.groups, (std::vector<std::string>{"Common", "Connection"}));
  ASSERT_EQ(infos.configs.size(), 5u);
  EXPECT_EQ(infos.configs[0].definition->name, "name");
  EXPECT_TRUE(infos.configs[0].definition->required);
  EXPECT_FALSE(infos.configs[0].definition->default_value.has_value());
  EXPECT_EQ(infos.configs[1].definition->default_value, std::optional<std::string>("1"));
  EXPECT_EQ(infos.configs[1].value->value, std::optional<std::string>("3"));
  EXPECT_EQ(infos.configs[1].value->errors, std::vector<std::string>{"too many"});
  const ConfigInfo& password = infos.configs[2];
  EXPECT_EQ(password.definition->type, "PASSWORD");
  EXPECT_EQ(password.definition->default_value, std::optional<std::string>("[hidden]"));
  EXPECT_EQ(password.value->value, std::optional<std::string>("[hidden]"));
  EXPECT_EQ(infos.configs[3].value->value, std::optional<std::string>("x,y"));
  EXPECT_EQ(infos.configs[3].value->recommended_values, (std::vector<std::string>{"x", "z"}));
  EXPECT_EQ(infos.configs[3].definition->order, -1);
  // A result no definition describes is listed without one.
  EXPECT_FALSE(infos.configs[4].definition.has_value());
  EXPECT_EQ(infos.configs[4].value->name, "extra");
}

}  // namespace
}  // namespace kconnect::worker::herder
