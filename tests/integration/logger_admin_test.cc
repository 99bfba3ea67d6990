// /admin/loggers with the real worker (KIP-495, KIP-976): a level set over
// REST really changes what a module's logger writes, and root is spdlog's
// default logger. The worker's output is captured with an spdlog sink.
// REST spec rules checked here: R-LOGGERS, R-LOGGER, R-SETLOGGER.

#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "common/logging/logger_registry.h"
#include "standalone_harness.h"

namespace {

// Replaces spdlog's default logger for one test. spdlog reads the default
// logger without a lock, so it is swapped only while no worker runs: declare
// it before the worker.
class CapturedLog {
 public:
  CapturedLog() : sink_(std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(20000)) {
    previous_ = spdlog::default_logger();
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("captured", sink_));
  }
  ~CapturedLog() { spdlog::set_default_logger(previous_); }
  bool Contains(const std::string& text) const {
    for (const std::string& line : sink_->last_formatted()) {
      if (line.find(text) != std::string::npos) return true;
    }
    return false;
  }

 private:
  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> sink_;
  std::shared_ptr<spdlog::logger> previous_;
};

class LoggerAdminTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mock_ = kctest::StartMock();
    ASSERT_NE(mock_, nullptr);
    worker_ = kctest::StartWorker(kctest::WorkerProps(mock_->Bootstraps(), dir_.Path("offsets")));
    ASSERT_NE(worker_, nullptr);
    port_ = worker_->RestPort();
  }
  void TearDown() override {
    // The loggers are the process's: leave them as the other tests expect.
    kctest::Http(port_, "PUT", "/admin/loggers/root", R"({"level":"INFO"})");
    if (worker_) worker_->Stop();
  }
  kctest::HttpReply SetLevel(const std::string& logger, const std::string& level) {
    return kctest::Http(port_, "PUT", "/admin/loggers/" + logger,
                        R"({"level":")" + level + R"("})");
  }

  CapturedLog log_;
  kctest::TempDir dir_;
  std::unique_ptr<kconnect::worker::kafka::MockCluster> mock_;
  std::unique_ptr<kconnect::worker::cli::StandaloneWorker> worker_;
  int port_ = 0;
};

TEST_F(LoggerAdminTest, SettingAModuleLoggerTogglesItsOutput) {
  // The REST module's logger exists from the start and writes the access log.
  auto rest = kctest::Http(port_, "GET", "/admin/loggers/kconnect.worker.rest");
  ASSERT_EQ(rest.status, 200);
  EXPECT_EQ(nlohmann::json::parse(rest.body)["level"], "INFO");
  ASSERT_EQ(kctest::Http(port_, "GET", "/connectors?probe=before").status, 200);
  // The access-log line is written before the response is sent.
  EXPECT_TRUE(log_.Contains("GET /connectors?probe=before"));

  auto set = SetLevel("kconnect.worker.rest", "WARN");
  ASSERT_EQ(set.status, 200);
  EXPECT_EQ(set.body, R"(["kconnect.worker.rest"])");
  ASSERT_EQ(kctest::Http(port_, "GET", "/connectors?probe=silenced").status, 200);
  EXPECT_FALSE(log_.Contains("probe=silenced"));
  // Other loggers are untouched: the herder still logs at info.
  ASSERT_EQ(kctest::Http(port_, "PUT", "/connectors/nope/topics/reset").status, 202);
  EXPECT_TRUE(log_.Contains("Reset the active topics of connector nope"));

  auto listed = nlohmann::json::parse(kctest::Http(port_, "GET", "/admin/loggers").body);
  EXPECT_EQ(listed["kconnect.worker.rest"]["level"], "WARN");
  EXPECT_TRUE(listed["kconnect.worker.rest"]["last_modified"].is_number());

  // Through the parent namespace, with cluster scope (standalone: this worker).
  auto cluster = kctest::Http(port_, "PUT", "/admin/loggers/kconnect.worker?scope=cluster",
                              R"({"level":"INFO"})");
  EXPECT_EQ(cluster.status, 204);
  ASSERT_EQ(kctest::Http(port_, "GET", "/connectors?probe=after").status, 200);
  EXPECT_TRUE(log_.Contains("probe=after"));
}

TEST_F(LoggerAdminTest, RootIsTheDefaultLogger) {
  EXPECT_EQ(nlohmann::json::parse(kctest::Http(port_, "GET", "/admin/loggers/root").body)["level"],
            "INFO");
  ASSERT_EQ(SetLevel("ROOT", "error").status, 200);
  EXPECT_EQ(spdlog::default_logger()->level(), spdlog::level::err);
  spdlog::info("unnamed info");
  spdlog::error("unnamed error");
  EXPECT_FALSE(log_.Contains("unnamed info"));
  EXPECT_TRUE(log_.Contains("unnamed error"));
  // Root reached every logger, the modules' included.
  ASSERT_EQ(kctest::Http(port_, "GET", "/connectors?probe=root-error").status, 200);
  EXPECT_FALSE(log_.Contains("probe=root-error"));

  ASSERT_EQ(SetLevel("root", "TRACE").status, 200);
  EXPECT_EQ(spdlog::default_logger()->level(), spdlog::level::trace);
  kconnect::common::logging::kWorkerRuntimeLog().trace("runtime trace");
  EXPECT_TRUE(log_.Contains("runtime trace"));
}

TEST_F(LoggerAdminTest, BadRequestsAreAnsweredWithTheContractsErrors) {
  auto missing = kctest::Http(port_, "PUT", "/admin/loggers/kconnect.broker", R"({"lvl":"INFO"})");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(
      missing.body,
      R"({"error_code":400,"message":"Desired 'level' parameter was not specified in request."})");
  auto invalid = SetLevel("kconnect.broker", "LOUD");
  EXPECT_EQ(invalid.status, 404);
  EXPECT_EQ(invalid.body, R"({"error_code":404,"message":"invalid log level 'LOUD'."})");
  auto unknown = kctest::Http(port_, "GET", "/admin/loggers/no.such");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.body, R"({"error_code":404,"message":"Logger no.such not found."})");
}

}  // namespace
