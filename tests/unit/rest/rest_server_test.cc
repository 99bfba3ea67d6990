// RestServer lifecycle, listeners and the access log, over real loopback HTTP.

#include "worker/rest/rest_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <memory>
#include <sstream>

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "fake_herder.h"
#include "http_client.h"
#include "rest_fixture.h"
#include "worker/rest/listener_url.h"

namespace kconnect::worker::rest::testing {
namespace {

// A loopback socket listening on a kernel-chosen port, to occupy it.
class OccupiedPort {
 public:
  OccupiedPort() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
    EXPECT_EQ(listen(fd_, 1), 0);
    socklen_t length = sizeof(addr);
    EXPECT_EQ(getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &length), 0);
    port_ = ntohs(addr.sin_port);
  }
  ~OccupiedPort() { close(fd_); }
  int Port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

TEST(RestServerTest, ServesRootOnAFreeLoopbackPort) {
  FakeHerder herder;
  RestServer server({"http://127.0.0.1:0"}, herder, "3.9.0", "abc123");
  auto started = server.Start();
  ASSERT_TRUE(started.Ok()) << started.Error().message;
  ASSERT_GT(server.Port(), 0);
  EXPECT_EQ(server.AdvertisedUrl(), "http://127.0.0.1:" + std::to_string(server.Port()) + "/");

  HttpResult root = SendJson(server.Port(), "GET", "/");
  EXPECT_EQ(root.status, 200);
  EXPECT_EQ(root.Header("content-type"), "application/json");
  EXPECT_EQ(root.body,
            R"({"version":"3.9.0","commit":"abc123","kafka_cluster_id":"fake-cluster-id"})");
  server.Stop();
}

TEST(RestServerTest, EmptyHostBindsAllInterfacesAndAdvertisesTheHostName) {
  FakeHerder herder;
  RestServer server({"http://:0"}, herder, "3.9.0", "abc123");
  auto started = server.Start();
  ASSERT_TRUE(started.Ok()) << started.Error().message;
  EXPECT_EQ(server.AdvertisedUrl(),
            "http://" + LocalHostName() + ":" + std::to_string(server.Port()) + "/");
  // Reachable over loopback, so bound to 0.0.0.0 rather than one address.
  EXPECT_EQ(SendJson(server.Port(), "GET", "/").status, 200);
}

TEST(RestServerTest, PortInUseIsAnErrorNamingTheListenerAndTheReason) {
  OccupiedPort occupied;
  FakeHerder herder;
  const std::string listener = "http://127.0.0.1:" + std::to_string(occupied.Port());
  RestServer server({listener}, herder, "3.9.0", "abc123");
  auto started = server.Start();
  ASSERT_FALSE(started.Ok());
  EXPECT_NE(started.Error().message.find("Failed to start REST listener " + listener),
            std::string::npos)
      << started.Error().message;
  EXPECT_NE(started.Error().message.find("in use"), std::string::npos) << started.Error().message;
  EXPECT_EQ(server.Port(), 0);
}

TEST(RestServerTest, ASecondServerOnTheSamePortFailsWithoutDisturbingTheFirst) {
  FakeHerder herder;
  RestServer first({"http://127.0.0.1:0"}, herder, "3.9.0", "abc123");
  ASSERT_TRUE(first.Start().Ok());
  const std::string listener = "http://127.0.0.1:" + std::to_string(first.Port());
  RestServer second({listener}, herder, "3.9.0", "abc123");
  auto started = second.Start();
  ASSERT_FALSE(started.Ok());
  EXPECT_NE(started.Error().message.find("Failed to start REST listener " + listener),
            std::string::npos)
      << started.Error().message;
  EXPECT_NE(started.Error().message.find("in use"), std::string::npos) << started.Error().message;
  second.Stop();
  EXPECT_EQ(SendJson(first.Port(), "GET", "/").status, 200);
}

TEST(RestServerTest, AFailingListenerLeavesNothingOpen) {
  OccupiedPort occupied;
  FakeHerder herder;
  auto free_port = PickFreePort("127.0.0.1");
  ASSERT_TRUE(free_port.Ok());
  RestServer server({"http://127.0.0.1:" + std::to_string(*free_port),
                     "http://127.0.0.1:" + std::to_string(occupied.Port())},
                    herder, "3.9.0", "abc123");
  ASSERT_FALSE(server.Start().Ok());
  // The first listener had been opened; it must be closed again.
  EXPECT_EQ(SendJson(*free_port, "GET", "/").status, 0);
  EXPECT_EQ(server.Port(), 0);
  EXPECT_EQ(server.AdvertisedUrl(), "");
}

TEST(RestServerTest, RejectsMalformedAndHttpsListeners) {
  FakeHerder herder;
  {
    RestServer server({"127.0.0.1:8083"}, herder, "3.9.0", "abc123");
    auto started = server.Start();
    ASSERT_FALSE(started.Ok());
    EXPECT_NE(started.Error().message.find("127.0.0.1:8083"), std::string::npos);
  }
  {
    RestServer server({"https://127.0.0.1:0"}, herder, "3.9.0", "abc123");
    auto started = server.Start();
    ASSERT_FALSE(started.Ok());
    EXPECT_NE(started.Error().message.find("https"), std::string::npos);
  }
  {
    RestServer server({}, herder, "3.9.0", "abc123");
    EXPECT_FALSE(server.Start().Ok());
  }
}

TEST(RestServerTest, StopIsIdempotentAndReleasesThePort) {
  FakeHerder herder;
  auto server = std::make_unique<RestServer>(std::vector<std::string>{"http://127.0.0.1:0"},
                                             herder, "3.9.0", "abc123");
  ASSERT_TRUE(server->Start().Ok());
  const int port = server->Port();
  ASSERT_EQ(SendJson(port, "GET", "/").status, 200);
  server->Stop();
  server->Stop();
  EXPECT_EQ(SendJson(port, "GET", "/").status, 0) << "still answering after Stop()";

  // The same fixed port can be bound again right away.
  RestServer again({"http://127.0.0.1:" + std::to_string(port)}, herder, "3.9.0", "abc123");
  auto restarted = again.Start();
  ASSERT_TRUE(restarted.Ok()) << restarted.Error().message;
  EXPECT_EQ(again.Port(), port);
  EXPECT_EQ(SendJson(port, "GET", "/").status, 200);
}

TEST(RestServerTest, SecondStartIsAnError) {
  FakeHerder herder;
  RestServer server({"http://127.0.0.1:0"}, herder, "3.9.0", "abc123");
  ASSERT_TRUE(server.Start().Ok());
  EXPECT_FALSE(server.Start().Ok());
  EXPECT_EQ(SendJson(server.Port(), "GET", "/").status, 200);
}

TEST(RestServerTest, StopWaitsForARequestInProgress) {
  FakeHerder herder;
  RestServer server({"http://127.0.0.1:0"}, herder, "3.9.0", "abc123");
  ASSERT_TRUE(server.Start().Ok());
  herder.BlockNextCall();
  auto request = std::async(std::launch::async,
                            [&] { return SendJson(server.Port(), "GET", "/connectors"); });
  ASSERT_TRUE(herder.WaitUntilBlocked(10000));
  auto stopped = std::async(std::launch::async, [&] { server.Stop(); });
  EXPECT_EQ(stopped.wait_for(std::chrono::milliseconds(200)), std::future_status::timeout)
      << "Stop() returned while a handler was still running";
  herder.Release();
  ASSERT_EQ(stopped.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  ASSERT_EQ(request.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  request.get();  // answered or cut off; either way no crash
}

TEST(RestServerTest, StopDoesNotWaitForIdleOrHalfSentConnections) {
  FakeHerder herder;
  RestServer server({"http://127.0.0.1:0"}, herder, "3.9.0", "abc123");
  ASSERT_TRUE(server.Start().Ok());
  auto connect_to = [&](const std::string& partial) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(server.Port()));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
    if (!partial.empty()) {
      EXPECT_GT(send(fd, partial.data(), partial.size(), MSG_NOSIGNAL), 0);
    }
    return fd;
  };
  int idle = connect_to("");
  int half = connect_to("GET /connectors HTTP/1.1\r\nHost: x\r\n");
  int body = connect_to(
      "PUT /connectors/a/config HTTP/1.1\r\nContent-Length: 100\r\n\r\n{\"a\":");
  // Make sure the server has accepted them all before stopping.
  ASSERT_EQ(SendJson(server.Port(), "GET", "/").status, 200);
  auto stopped = std::async(std::launch::async, [&] { server.Stop(); });
  EXPECT_EQ(stopped.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  close(idle);
  close(half);
  close(body);
}

TEST(RestServerTest, LogsEachRequestLikeKafkasAccessLog) {
  std::ostringstream captured;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(captured);
  {
    // The logger is swapped back only after the server has stopped (spdlog's
    // default logger is read without a lock), on every way out of this scope.
    struct Restore {
      std::shared_ptr<spdlog::logger> previous = spdlog::default_logger();
      ~Restore() { spdlog::set_default_logger(previous); }
    } restore;
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("access-test", sink));
    FakeHerder herder;
    RestServer server({"http://127.0.0.1:0"}, herder, "3.9.0", "abc123");
    ASSERT_TRUE(server.Start().Ok());
    ASSERT_EQ(SendJson(server.Port(), "GET", "/connectors/missing").status, 404);
    server.Stop();
  }
  const std::string log = captured.str();
  EXPECT_NE(log.find("\"GET /connectors/missing HTTP/1.1\" 404 "), std::string::npos) << log;
  EXPECT_NE(log.find("[info]"), std::string::npos) << log;
}

}  // namespace
}  // namespace kconnect::worker::rest::testing
