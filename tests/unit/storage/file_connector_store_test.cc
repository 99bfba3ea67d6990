#include "worker/storage/file_connector_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>

#include "test_util.h"

namespace kconnect::worker::storage {
namespace {

using ::testing::HasSubstr;

std::string LoadError(const std::string& path) {
  try {
    FileConnectorStore(path).Load();
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

TEST(FileConnectorStoreTest, MissingFileIsEmptyAndSavesRoundTrip) {
  kctest::TempDir dir;
  FileConnectorStore store(dir.Path("c.json"));
  EXPECT_TRUE(store.Load().empty());
  std::map<std::string, StoredConnector> in;
  in["a"] = {{{"name", "a"}, {"file", "/tmp/\"quoted\"\n"}}, "PAUSED"};
  in["b"] = {{{"name", "b"}}, "STARTED"};
  std::string error;
  ASSERT_TRUE(store.Save(in, &error)) << error;
  auto out = store.Load();
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out["a"].config, in["a"].config);
  EXPECT_EQ(out["a"].target_state, "PAUSED");
  EXPECT_EQ(out["b"].target_state, "STARTED");
  ASSERT_TRUE(store.Save({}, &error)) << error;
  EXPECT_TRUE(store.Load().empty());
}

TEST(FileConnectorStoreTest, DamagedFilesAreRefusedNamingTheFileAndTheProblem) {
  kctest::TempDir dir;
  const std::string path = dir.Path("c.json");
  struct Case {
    const char* text;
    const char* problem;
  } cases[] = {
      {"{\"version\":1,\"connectors\":{\"a\":{\"config\"", "not a JSON object"},
      {"[]", "not a JSON object"},
      {"{\"connectors\":{}}", "\"version\""},
      {"{\"version\":2,\"connectors\":{}}", "\"version\""},
      {"{\"version\":1}", "no \"connectors\" object"},
      {"{\"version\":1,\"connectors\":{\"a\":{}}}", "connector \"a\" has no \"config\" object"},
      {"{\"version\":1,\"connectors\":{\"a\":{\"config\":{\"k\":1}}}}",
       "config value of \"k\" is not a string"},
      {"{\"version\":1,\"connectors\":{\"a\":{\"config\":{},\"target_state\":\"RUNNING\"}}}",
       "target_state must be STARTED, PAUSED or STOPPED"},
  };
  for (const auto& c : cases) {
    kctest::WriteFile(path, c.text);
    std::string error = LoadError(path);
    EXPECT_THAT(error, HasSubstr(path)) << c.text;
    EXPECT_THAT(error, HasSubstr(c.problem)) << c.text;
  }
}

TEST(FileConnectorStoreTest, SaveFailureNamesTheFile) {
  FileConnectorStore store("/nonexistent-dir/c.json");
  std::string error;
  EXPECT_FALSE(store.Save({}, &error));
  EXPECT_THAT(error, HasSubstr("/nonexistent-dir/c.json"));
}

}  // namespace
}  // namespace kconnect::worker::storage
