// KIP-558 active topics with the real worker: FileStreamSource and
// FileStreamSink (.so plugins) on a librdkafka mock cluster on loopback, the
// topics read and reset over REST (R-TOPICS, R-TOPICSRESET).

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "standalone_harness.h"

namespace {

using kctest::ReadLines;
using kctest::WaitFor;

class ActiveTopicsTest : public kctest::FilePipelineTest {
 protected:
  std::unique_ptr<kconnect::worker::cli::StandaloneWorker> StartWorker(
      const kconnect::Props& extra = {}) {
    kconnect::Props props = kctest::WorkerProps(mock_->Bootstraps(), offsets_file_);
    for (const auto& [k, v] : extra) props[k] = v;
    auto w = kctest::StartWorker(props);
    if (w) port_ = w->RestPort();
    return w;
  }

  // GET .../topics, with the status checked; the topics as a JSON array.
  nlohmann::json Topics(const std::string& connector) {
    auto reply = kctest::Http(port_, "GET", "/connectors/" + connector + "/topics");
    EXPECT_EQ(reply.status, 200) << reply.body;
    if (reply.status != 200) return nullptr;
    return nlohmann::json::parse(reply.body)[connector]["topics"];
  }
  bool HasTopics(const std::string& connector, const nlohmann::json& expected) {
    return WaitFor([&] { return Topics(connector) == expected; });
  }

  int port_ = 0;
};

TEST_F(ActiveTopicsTest, TopicsAppearWhenDataFlowsAndAgainAfterAReset) {
  auto w = StartWorker();
  ASSERT_NE(w, nullptr);
  CreateConnectors(*w);
  const nlohmann::json none = nlohmann::json::array();
  const nlohmann::json used = nlohmann::json::array({"connect-test"});
  // Running, but nothing produced or consumed yet.
  EXPECT_EQ(Topics("local-file-source"), none);
  EXPECT_EQ(Topics("local-file-sink"), none);

  kctest::AppendLines(source_file_, 0, 20);
  ASSERT_TRUE(WaitFor([&] { return ReadLines(sink_file_).size() >= 20; }));
  EXPECT_TRUE(HasTopics("local-file-source", used));
  EXPECT_TRUE(HasTopics("local-file-sink", used));
  EXPECT_EQ(kctest::Http(port_, "GET", "/connectors/local-file-source/topics").body,
            R"({"local-file-source":{"topics":["connect-test"]}})");

  // A reset empties what was recorded, for that connector only.
  auto reset = kctest::Http(port_, "PUT", "/connectors/local-file-source/topics/reset");
  EXPECT_EQ(reset.status, 202);
  EXPECT_EQ(reset.body, "");
  EXPECT_EQ(Topics("local-file-source"), none);
  EXPECT_EQ(Topics("local-file-sink"), used);
  ASSERT_EQ(kctest::Http(port_, "PUT", "/connectors/local-file-sink/topics/reset").status, 202);
  EXPECT_EQ(Topics("local-file-sink"), none);

  // New records: the same tasks report the topic again.
  kctest::AppendLines(source_file_, 20, 30);
  ASSERT_TRUE(WaitFor([&] { return ReadLines(sink_file_).size() >= 30; }));
  EXPECT_TRUE(HasTopics("local-file-source", used));
  EXPECT_TRUE(HasTopics("local-file-sink", used));

  // Deleting the connector forgets its topics; unknown names answer empty.
  ASSERT_EQ(kctest::Http(port_, "DELETE", "/connectors/local-file-source").status, 204);
  EXPECT_EQ(Topics("local-file-source"), none);
  EXPECT_EQ(Topics("never-created"), none);
}

TEST_F(ActiveTopicsTest, TrackingCanBeDisabledOrMadeUnresettable) {
  {
    auto w = StartWorker({{"topic.tracking.enable", "false"}});
    ASSERT_NE(w, nullptr);
    CreateConnectors(*w);
    kctest::AppendLines(source_file_, 0, 5);
    ASSERT_TRUE(WaitFor([&] { return ReadLines(sink_file_).size() >= 5; }));
    for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
             {"GET", "/connectors/local-file-source/topics"},
             {"PUT", "/connectors/local-file-source/topics/reset"}}) {
      auto reply = kctest::Http(port_, method, path);
      EXPECT_EQ(reply.status, 403) << path;
      EXPECT_EQ(reply.body, R"({"error_code":403,"message":"Topic tracking is disabled."})");
    }
    w->Stop();
  }
  auto w = StartWorker({{"topic.tracking.allow.reset", "false"}});
  ASSERT_NE(w, nullptr);
  CreateConnectors(*w);
  kctest::AppendLines(source_file_, 5, 10);
  ASSERT_TRUE(HasTopics("local-file-source", nlohmann::json::array({"connect-test"})));
  auto reset = kctest::Http(port_, "PUT", "/connectors/local-file-source/topics/reset");
  EXPECT_EQ(reset.status, 403);
  EXPECT_EQ(reset.body, R"({"error_code":403,"message":"Topic tracking reset is disabled."})");
  EXPECT_EQ(Topics("local-file-source"), nlohmann::json::array({"connect-test"}));
}

TEST_F(ActiveTopicsTest, ABadTrackingSettingStopsStartUpNamingTheKey) {
  kconnect::worker::cli::StandaloneWorker::Options options;
  options.worker_props = kctest::WorkerProps(mock_->Bootstraps(), offsets_file_);
  options.worker_props["topic.tracking.allow.reset"] = "maybe";
  options.worker_file = "worker.properties";
  kconnect::worker::cli::StandaloneWorker w(std::move(options));
  auto error = w.Start();
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->exit_code, 2);
  EXPECT_NE(error->message.find("Invalid value maybe for configuration topic.tracking.allow.reset: "
                                "Expected value to be either true or false"),
            std::string::npos)
      << error->message;
}

}  // namespace
