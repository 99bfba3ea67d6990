// Connector config validation as create/update runs it (rest-api.md §5,
// runtime.md §2.1, §2.5): the exact error texts a user sees in a 400.

#include "worker/runtime/connector_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "kconnect/task.h"

namespace kconnect::worker::runtime {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// A connector with one required key of its own ("file") and, optionally, its
// own definition of a framework key.
template <typename Base>
class FakeConnector : public Base {
 public:
  explicit FakeConnector(bool redefine_tasks_max = false) {
    def_.Define({.name = "file",
                 .type = ConfigDef::Type::kString,
                 .validator = ConfigDef::NonEmptyString(),
                 .importance = ConfigDef::Importance::kHigh});
    if (redefine_tasks_max) {
      // Accepts anything: its result must replace the framework's.
      def_.Define({.name = "tasks.max",
                   .type = ConfigDef::Type::kString,
                   .default_value = ConfigDef::Parsed{std::string("1")},
                   .importance = ConfigDef::Importance::kHigh});
    }
  }
  std::string Version() const override { return "1.0"; }
  void Start(const Props&) override {}
  std::string TaskClass() const override { return "Fake"; }
  std::unique_ptr<Task> CreateTask() const override { return nullptr; }
  std::vector<Props> TaskConfigs(int) override { return {}; }
  void Stop() override {}
  const ConfigDef& Config() const override { return def_; }

 private:
  ConfigDef def_;
};
using FakeSink = FakeConnector<SinkConnector>;
using FakeSource = FakeConnector<SourceConnector>;

Props SinkConfig() {
  return {{"name", "s"}, {"connector.class", "FakeSink"}, {"file", "/tmp/x"}, {"topics", "t"}};
}
Props SourceConfig() {
  return {{"name", "s"}, {"connector.class", "FakeSource"}, {"file", "/tmp/x"}};
}

std::vector<std::string> Errors(const Connector& c, bool is_sink, const Props& config) {
  return CollectErrors(ValidateConnectorConfig(c, is_sink, config));
}

std::vector<std::string> ErrorsOf(const std::vector<ConfigDef::ConfigValue>& values,
                                  const std::string& key) {
  for (const auto& v : values) {
    if (v.name == key) return v.error_messages;
  }
  ADD_FAILURE() << "no result for " << key;
  return {};
}

TEST(ValidateConnectorConfigTest, ValidConfigsHaveNoErrors) {
  EXPECT_THAT(Errors(FakeSink(), true, SinkConfig()), IsEmpty());
  EXPECT_THAT(Errors(FakeSource(), false, SourceConfig()), IsEmpty());
  Props regex = SinkConfig();
  regex.erase("topics");
  regex["topics.regex"] = "t.*";
  EXPECT_THAT(Errors(FakeSink(), true, regex), IsEmpty());
}

TEST(ValidateConnectorConfigTest, SinkWithNeitherTopicsNorRegexErrsOnBothKeys) {
  Props config = SinkConfig();
  config.erase("topics");
  auto values = ValidateConnectorConfig(FakeSink(), true, config);
  const std::string msg = "Must configure one of topics or topics.regex";
  EXPECT_THAT(ErrorsOf(values, "topics"), ElementsAre(msg));
  EXPECT_THAT(ErrorsOf(values, "topics.regex"), ElementsAre(msg));
  EXPECT_THAT(CollectErrors(values), ElementsAre(msg, msg));

  // Blank values count as "not set".
  config["topics"] = "  ";
  config["topics.regex"] = "";
  EXPECT_THAT(Errors(FakeSink(), true, config), ElementsAre(msg, msg));
}

TEST(ValidateConnectorConfigTest, SinkWithBothTopicsAndRegexErrsOnBothKeys) {
  Props config = SinkConfig();
  config["topics.regex"] = "t.*";
  auto values = ValidateConnectorConfig(FakeSink(), true, config);
  const std::string msg =
      "topics and topics.regex are mutually exclusive options, but both are set.";
  EXPECT_THAT(ErrorsOf(values, "topics"), ElementsAre(msg));
  EXPECT_THAT(ErrorsOf(values, "topics.regex"), ElementsAre(msg));
  EXPECT_EQ(CollectErrors(values).size(), 2u);
}

TEST(ValidateConnectorConfigTest, SourceConfigsDoNotCheckTopics) {
  auto values = ValidateConnectorConfig(FakeSource(), false, SourceConfig());
  EXPECT_TRUE(std::none_of(values.begin(), values.end(),
                           [](const ConfigDef::ConfigValue& v) { return v.name == "topics"; }));
}

TEST(ValidateConnectorConfigTest, NonNumericTasksMaxGivesJavasTwoErrors) {
  Props config = SourceConfig();
  config["tasks.max"] = "abc";
  auto values = ValidateConnectorConfig(FakeSource(), false, config);
  EXPECT_THAT(
      ErrorsOf(values, "tasks.max"),
      ElementsAre("Invalid value abc for configuration tasks.max: Not a number of type INT",
                  "Invalid value null for configuration tasks.max: Value must be non-null"));
  EXPECT_EQ(CollectErrors(values).size(), 2u);
}

TEST(ValidateConnectorConfigTest, TasksMaxBelowOneGivesOneError) {
  for (const char* v : {"0", "-3"}) {
    Props config = SourceConfig();
    config["tasks.max"] = v;
    EXPECT_THAT(Errors(FakeSource(), false, config),
                ElementsAre("Invalid value " + std::string(v) +
                            " for configuration tasks.max: Value must be at least 1"));
  }
  Props config = SourceConfig();
  config["tasks.max"] = " 3 ";  // values are trimmed before parsing
  EXPECT_THAT(Errors(FakeSource(), false, config), IsEmpty());
}

TEST(ValidateConnectorConfigTest, NameMustBeNonEmptyWithoutControlCharacters) {
  Props config = SourceConfig();
  config["name"] = "";
  EXPECT_THAT(Errors(FakeSource(), false, config),
              ElementsAre("Invalid value  for configuration name: String may not be empty"));
  config["name"] = "a\nb";
  EXPECT_THAT(Errors(FakeSource(), false, config),
              ElementsAre("Invalid value a\nb for configuration name: String may not contain "
                          "control sequences but had the following ASCII chars: 10"));
  config.erase("name");
  EXPECT_THAT(Errors(FakeSource(), false, config),
              ElementsAre("Missing required configuration \"name\" which has no default value."));
}

TEST(ValidateConnectorConfigTest, ConnectorKeysAndFrameworkKeysAreBothChecked) {
  Props config = SourceConfig();
  config.erase("file");
  config["errors.tolerance"] = "some";
  EXPECT_THAT(
      Errors(FakeSource(), false, config),
      ElementsAre("Invalid value some for configuration errors.tolerance: String must be one of: "
                  "none, all",
                  "Missing required configuration \"file\" which has no default value."));
}

TEST(ValidateConnectorConfigTest, ConnectorsOwnDefinitionOfAKeyReplacesTheFrameworks) {
  Props config = SourceConfig();
  config["tasks.max"] = "abc";
  auto values = ValidateConnectorConfig(FakeSource(/*redefine_tasks_max=*/true), false, config);
  EXPECT_THAT(CollectErrors(values), IsEmpty());
  EXPECT_EQ(std::count_if(values.begin(), values.end(),
                          [](const ConfigDef::ConfigValue& v) { return v.name == "tasks.max"; }),
            1);
}

TEST(InvalidConfigMessageTest, JavasText) {
  EXPECT_EQ(InvalidConfigMessage({"first problem", "second problem"}),
            "Connector configuration is invalid and contains the following 2 error(s):\n"
            "first problem\n"
            "second problem\n"
            "You can also find the above list of errors at the endpoint "
            "`/connector-plugins/{connectorType}/config/validate`");
  EXPECT_EQ(InvalidConfigMessage({"only"}),
            "Connector configuration is invalid and contains the following 1 error(s):\nonly\n"
            "You can also find the above list of errors at the endpoint "
            "`/connector-plugins/{connectorType}/config/validate`");
}

TEST(SinkTopicsTest, BlanksAndDuplicatesAreRemovedInOrder) {
  EXPECT_THAT(SinkTopics({{"topics", " b , a,,b , c "}}), ElementsAre("b", "a", "c"));
  EXPECT_THAT(SinkTopics({{"topics", ""}}), IsEmpty());
  EXPECT_THAT(SinkTopics({}), IsEmpty());
}

}  // namespace
}  // namespace kconnect::worker::runtime
