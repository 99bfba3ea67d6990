// connect-standalone with the bundled broker in its own process
// (embedded.broker.enable=true): the quickstart runs with no other service,
// the broker serves outside clients too, and a restart of the whole process —
// worker and broker — resumes the sink from the offsets the broker kept.

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "standalone_harness.h"

namespace {

using kctest::ReadLines;
using kctest::WaitFor;

class EmbeddedBrokerTest : public ::testing::Test {
 protected:
  kconnect::Props Props() {
    // bootstrap.servers is wrong on purpose: the embedded broker replaces it.
    kconnect::Props p = kctest::WorkerProps("127.0.0.1:1", dir_.Path("connect.offsets"));
    p["embedded.broker.enable"] = "true";
    p["embedded.broker.listeners"] = "PLAINTEXT://127.0.0.1:" + std::to_string(port_);
    p["embedded.broker.log.dirs"] = dir_.Path("kafka-logs");
    p["embedded.broker.offsets.topic.num.partitions"] = "3";
    return p;
  }

  // As the command line does: after a restart the worker already has them
  // from its connector state file, and the same config replaces them.
  void CreateConnectors(kconnect::worker::cli::StandaloneWorker& w) {
    auto src = w.Herder().PutConnectorConfig(
        "local-file-source", kctest::FileSource(dir_.Path("test.txt")), true, std::nullopt);
    ASSERT_TRUE(src.Ok()) << src.Error().message;
    auto sink = w.Herder().PutConnectorConfig(
        "local-file-sink", kctest::FileSink(dir_.Path("test.sink.txt")), true, std::nullopt);
    ASSERT_TRUE(sink.Ok()) << sink.Error().message;
  }

  kctest::TempDir dir_;
  int port_ = 0;  // the first start picks a port; a restart reuses it
};

TEST_F(EmbeddedBrokerTest, QuickstartRunsOnTheEmbeddedBrokerAndResumesAfterARestart) {
  const std::string source = dir_.Path("test.txt");
  const std::string sink = dir_.Path("test.sink.txt");
  kctest::AppendLines(source, 0, 200);
  std::string bootstrap;
  {
    auto w = kctest::StartWorker(Props());
    ASSERT_NE(w, nullptr);
    ASSERT_NE(w->EmbeddedBroker(), nullptr);
    bootstrap = w->EmbeddedBroker()->BootstrapServers();
    EXPECT_EQ(w->BootstrapServers(), bootstrap);
    port_ = *w->EmbeddedBroker()->BoundPort("PLAINTEXT");
    CreateConnectors(*w);
    ASSERT_TRUE(WaitFor([&] { return ReadLines(sink).size() >= 200; }))
        << ReadLines(sink).size() << " lines in the sink";

    // An outside client reads the topic from the same broker.
    auto values = kctest::ConsumeValues(bootstrap, "connect-test", 200);
    ASSERT_EQ(values.size(), 200u);
    EXPECT_EQ(values[0], R"({"schema":{"type":"string","optional":false},"payload":"line-0"})");
    w->Stop();  // worker first (its final commits reach the broker), then the broker
  }
  // The topic and the sink's committed offsets are on disk.
  EXPECT_TRUE(std::filesystem::is_directory(dir_.Path("kafka-logs") + "/connect-test-0"));

  kctest::AppendLines(source, 200, 300);
  auto w = kctest::StartWorker(Props());
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->EmbeddedBroker()->BootstrapServers(), bootstrap);
  CreateConnectors(*w);
  ASSERT_TRUE(WaitFor([&] { return ReadLines(sink).size() >= 300; })) << ReadLines(sink).size();
  // The source resumed from its offsets file and the sink from its committed
  // offsets: had either started over, lines would be repeated.
  auto values = kctest::ConsumeValues(bootstrap, "connect-test", 301, std::chrono::seconds(2));
  EXPECT_EQ(values.size(), 300u);
  auto lines = ReadLines(sink);
  ASSERT_EQ(lines.size(), 300u);
  for (int i = 0; i < 300; ++i) EXPECT_EQ(lines[i], "line-" + std::to_string(i));
}

TEST_F(EmbeddedBrokerTest, BadEmbeddedSettingsStopStartUpNamingTheKey) {
  // Starts a worker that is expected to fail; returns its error.
  auto start_error = [](const kconnect::Props& props) {
    kconnect::worker::cli::StandaloneWorker::Options options;
    options.worker_props = props;
    options.worker_file = "w.properties";
    kconnect::worker::cli::StandaloneWorker w(options);
    return w.Start().value_or(kconnect::worker::cli::StartError{0, "started"});
  };
  auto not_bool = Props();
  not_bool["embedded.broker.enable"] = "maybe";
  auto error = start_error(not_bool);
  EXPECT_EQ(error.exit_code, 2);
  EXPECT_NE(error.message.find("embedded.broker.enable"), std::string::npos) << error.message;

  auto not_int = Props();
  not_int["embedded.broker.num.partitions"] = "abc";
  error = start_error(not_int);
  EXPECT_EQ(error.exit_code, 2);
  EXPECT_NE(error.message.find("num.partitions"), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("w.properties"), std::string::npos) << error.message;

  // A port already taken: the broker cannot start, and says so; the worker
  // holding the port keeps serving.
  auto first = kctest::StartWorker(Props());
  ASSERT_NE(first, nullptr);
  port_ = *first->EmbeddedBroker()->BoundPort("PLAINTEXT");
  auto taken = Props();
  taken["embedded.broker.log.dirs"] = dir_.Path("other-logs");
  error = start_error(taken);
  EXPECT_EQ(error.exit_code, 3);
  EXPECT_NE(error.message.find("embedded broker"), std::string::npos) << error.message;
  EXPECT_EQ(kctest::Http(first->RestPort(), "GET", "/connectors").status, 200);
}

}  // namespace
