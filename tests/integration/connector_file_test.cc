// Connector files given to connect-standalone on the command line
// (runtime.md §0, rest-api.md §4.8): the three accepted formats and Java's
// error texts.

#include "worker/cli/connector_file.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace kconnect::worker::cli {
namespace {

class ConnectorFileTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& text) {
    std::string path = dir_.Path(name);
    kctest::WriteFile(path, text);
    return path;
  }
  kctest::TempDir dir_;
};

TEST_F(ConnectorFileTest, FlatJsonObject) {
  auto path = Write("a.json", R"({"name":"a","connector.class":"GoodSource","tasks.max":2,)"
                              R"("enabled":true,"ratio":1.5,"topic":"t"})");
  auto file = ParseConnectorFile(path);
  ASSERT_TRUE(file.Ok()) << file.Error().message;
  EXPECT_EQ(file->name, "a");
  EXPECT_FALSE(file->initial_state.has_value());
  // Non-string scalars are taken as their text, as Jackson coerces them.
  EXPECT_EQ(file->config, (Props{{"name", "a"},
                                 {"connector.class", "GoodSource"},
                                 {"tasks.max", "2"},
                                 {"enabled", "true"},
                                 {"ratio", "1.5"},
                                 {"topic", "t"}}));
}

TEST_F(ConnectorFileTest, CreateConnectorRequest) {
  auto path =
      Write("b.json", R"({"name":"b","config":{"connector.class":"GoodSource","tasks.max":3},)"
                      R"("initial_state":"paused","unknown":{"ignored":1}})");
  auto file = ParseConnectorFile(path);
  ASSERT_TRUE(file.Ok()) << file.Error().message;
  EXPECT_EQ(file->name, "b");
  // The name is filled into the config.
  EXPECT_EQ(file->config,
            (Props{{"name", "b"}, {"connector.class", "GoodSource"}, {"tasks.max", "3"}}));
  ASSERT_TRUE(file->initial_state.has_value());
  EXPECT_EQ(*file->initial_state, herder::TargetState::kPaused);

  for (auto [text, state] : {std::pair{"RUNNING", herder::TargetState::kStarted},
                             std::pair{"Stopped", herder::TargetState::kStopped}}) {
    auto p = Write("s.json",
                   std::string(R"({"name":"s","config":{},"initial_state":")") + text + R"("})");
    auto f = ParseConnectorFile(p);
    ASSERT_TRUE(f.Ok()) << f.Error().message;
    EXPECT_EQ(f->initial_state, state) << text;
  }

  // config.name equal to name is fine.
  auto same = ParseConnectorFile(Write("c.json", R"({"name":"c","config":{"name":"c"}})"));
  ASSERT_TRUE(same.Ok());
  EXPECT_EQ(same->config, (Props{{"name", "c"}}));
}

TEST_F(ConnectorFileTest, NameMismatchInCreateConnectorRequest) {
  auto path = Write("m.json", R"({"name":"b","config":{"name":"other","connector.class":"X"}})");
  auto file = ParseConnectorFile(path);
  ASSERT_FALSE(file.Ok());
  EXPECT_EQ(file.Error().message,
            "Connector name configuration in 'config' doesn't match the one specified in 'name' "
            "at '" +
                path + "'");
}

TEST_F(ConnectorFileTest, PropertiesFile) {
  auto path = Write("c.properties",
                    "# the quickstart source\n"
                    "name=local-file-source\n"
                    "connector.class : FileStreamSource\n"
                    "tasks.max 1\n"
                    "file=/tmp/with\\\n"
                    "    continuation.txt\n"
                    "topic=caf\\u00e9\n");
  auto file = ParseConnectorFile(path);
  ASSERT_TRUE(file.Ok()) << file.Error().message;
  EXPECT_EQ(file->name, "local-file-source");
  EXPECT_FALSE(file->initial_state.has_value());
  EXPECT_EQ(file->config, (Props{{"name", "local-file-source"},
                                 {"connector.class", "FileStreamSource"},
                                 {"tasks.max", "1"},
                                 {"file", "/tmp/withcontinuation.txt"},
                                 {"topic", "caf\xc3\xa9"}}));
}

TEST_F(ConnectorFileTest, MissingNameInEveryFormat) {
  for (auto [file_name, text] : {std::pair{"flat.json", R"({"connector.class":"X"})"},
                                 std::pair{"req.json", R"({"config":{"connector.class":"X"}})"},
                                 std::pair{"p.properties", "connector.class=X\n"}}) {
    auto path = Write(file_name, text);
    auto file = ParseConnectorFile(path);
    ASSERT_FALSE(file.Ok()) << file_name;
    EXPECT_EQ(file.Error().message, "Connector configuration at '" + path +
                                        "' is missing the mandatory 'name' configuration");
  }
}

TEST_F(ConnectorFileTest, UnreadableFileNamesTheFile) {
  auto file = ParseConnectorFile(dir_.Path("absent.properties"));
  ASSERT_FALSE(file.Ok());
  EXPECT_NE(file.Error().message.find(dir_.Path("absent.properties")), std::string::npos)
      << file.Error().message;
}

}  // namespace
}  // namespace kconnect::worker::cli
