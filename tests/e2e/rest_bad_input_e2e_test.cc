// The REST API of the real connect-standalone binary under bad and heavy
// input while a file pipeline runs: every request gets a clear answer, the
// process survives, and the running tasks keep moving data.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "loopback_http.h"
#include "process_util.h"
#include "standalone_harness.h"
#include "worker_files.h"

namespace {

using kctest::LoopbackHttp;
using kctest::Process;
using kctest::ReadLines;
using kctest::WaitFor;

// Sends `bytes` as they are and returns everything the server answers until
// it closes the connection (or 10 s pass).
std::string SendRaw(int port, const std::string& bytes) {
  int fd = kctest::LoopbackConnect(port, 10);
  if (fd < 0) return "";
  for (size_t sent = 0; sent < bytes.size();) {
    ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  shutdown(fd, SHUT_WR);
  std::string out;
  char buffer[4096];
  for (ssize_t n; (n = recv(fd, buffer, sizeof(buffer), 0)) > 0;) out.append(buffer, n);
  close(fd);
  return out;
}

std::string Request(int port, const std::string& method, const std::string& target,
                    const std::string& content_type, const std::string& body) {
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  if (!content_type.empty()) req += "Content-Type: " + content_type + "\r\n";
  req += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  return SendRaw(port, req);
}

int StatusOf(const std::string& response) {
  return response.rfind("HTTP/1.1 ", 0) == 0 ? std::atoi(response.c_str() + 9) : 0;
}

// The error body of a raw response: {"error_code":N,"message":"..."}.
nlohmann::json ErrorBody(const std::string& response) {
  auto at = response.find("\r\n\r\n");
  if (at == std::string::npos) return nullptr;
  return nlohmann::json::parse(response.substr(at + 4), nullptr, false);
}

void ExpectError(const std::string& response, int status, const std::string& what) {
  EXPECT_EQ(StatusOf(response), status) << what << "\n" << response.substr(0, 300);
  auto body = ErrorBody(response);
  ASSERT_TRUE(body.is_object()) << what << "\n" << response.substr(0, 300);
  EXPECT_EQ(body.value("error_code", 0), status) << what;
  EXPECT_FALSE(body.value("message", "").empty()) << what;
}

TEST(RestBadInputE2E, EveryBadRequestIsAnsweredAndTheTasksKeepMovingData) {
  kctest::TempDir dir;
  auto mock = kctest::StartMock();
  ASSERT_NE(mock, nullptr);
  ASSERT_TRUE(mock->CreateTopic("connect-test", 1).Ok());
  std::string worker = kctest::WriteWorkerProps(dir, mock->Bootstraps());
  kctest::WriteConnectorFiles(dir);
  const std::string source = dir.Path("test.txt");
  const std::string sink = dir.Path("test.sink.txt");
  kctest::AppendLines(source, 0, 1000);
  Process p({kctest::StandaloneBinary(), worker, dir.Path("source.properties"),
             dir.Path("sink.properties")},
            dir.Path("worker.log"));
  const int port = p.WaitForRestPort();
  ASSERT_GT(port, 0) << p.Log();
  ASSERT_TRUE(WaitFor([&] { return ReadLines(sink).size() >= 1000; })) << p.Log();

  // Malformed JSON: 400 with the parser's position (Java answers 500).
  {
    auto r = Request(port, "POST", "/connectors", "application/json", "{\"name\": \"x\", ");
    ExpectError(r, 400, "malformed JSON");
    EXPECT_NE(ErrorBody(r).value("message", "").find("line 1, column 15"), std::string::npos) << r;
  }
  // Not JSON at all, declared as something else: 415.
  ExpectError(Request(port, "POST", "/connectors", "text/plain", "name=x"), 415, "text/plain");
  ExpectError(
      Request(port, "PUT", "/connectors/x/config", "application/x-www-form-urlencoded", "a=b"), 415,
      "form body");
  // Empty bodies: 400 and nothing created.
  ExpectError(Request(port, "POST", "/connectors", "application/json", ""), 400, "empty POST");
  ExpectError(Request(port, "PUT", "/connectors/x/config", "application/json", ""), 400,
              "empty PUT");
  // Well-formed but the wrong shape: 500 as in Java (R-BADSHAPE), saying why.
  ExpectError(Request(port, "POST", "/connectors", "application/json", "[1,2]"), 500, "array");
  ExpectError(Request(port, "POST", "/connectors", "application/json",
                      "{\"name\":\"x\",\"config\":{\"connector.class\":{\"nested\":1}}}"),
              500, "object as a config value");
  // Oversize body: 413, never reaches a handler.
  ExpectError(
      Request(port, "POST", "/connectors", "application/json",
              "{\"name\":\"big\",\"config\":{\"k\":\"" + std::string(9 << 20, 'a') + "\"}}"),
      413, "9 MiB body");
  // Control characters in a name: rejected by validation with the key named.
  {
    auto r = Request(port, "POST", "/connectors", "application/json",
                     "{\"name\":\"a\\u0001b\",\"config\":{\"connector.class\":\"FileStreamSource\","
                     "\"topic\":\"t\"}}");
    ExpectError(r, 400, "control character in name");
    EXPECT_NE(ErrorBody(r).value("message", "").find("control"), std::string::npos) << r;
  }
  ExpectError(Request(port, "GET", "/connectors/a%01b", "", ""), 404, "control char in path");
  ExpectError(Request(port, "GET", "/connectors/nope/../../etc/passwd", "", ""), 404,
              "dot segments");
  // A name with a slash is created and addressable as %2F (Java cannot
  // address it at all).
  {
    auto r =
        Request(port, "POST", "/connectors", "application/json",
                "{\"name\":\"with/slash\",\"config\":{\"connector.class\":\"FileStreamSource\","
                "\"topic\":\"t2\",\"file\":\"" +
                    dir.Path("none.txt") + "\"}}");
    EXPECT_EQ(StatusOf(r), 201) << r.substr(0, 300);
    EXPECT_EQ(LoopbackHttp(port, "GET", "/connectors/with%2Fslash/config").status, 200);
    EXPECT_EQ(LoopbackHttp(port, "DELETE", "/connectors/with%2Fslash").status, 204);
  }
  // Unknown query parameters are ignored, as JAX-RS does.
  EXPECT_EQ(LoopbackHttp(port, "GET", "/connectors?bogus=1&expand=nothing&=&&").status, 200);
  // Not HTTP: the connection is answered 400 or closed; the server lives on.
  for (const std::string& garbage :
       {std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11), std::string(70000, 'G'),
        std::string("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n"),
        std::string("\r\n\r\n\r\n")}) {
    std::string r = SendRaw(port, garbage);
    EXPECT_TRUE(r.empty() || StatusOf(r) >= 400) << r.substr(0, 200);
  }

  // 1000 requests at once (40 threads x 25, each its own connection), reads
  // and writes mixed, while the pipeline runs: every one is answered.
  kctest::AppendLines(source, 1000, 3000);
  std::atomic<int> answered{0}, wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 40; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        int status = 0;
        switch ((t + i) % 4) {
          case 0:
            status = LoopbackHttp(port, "GET", "/connectors/local-file-sink/status").status;
            break;
          case 1:
            status = LoopbackHttp(port, "GET", "/connectors?expand=status").status;
            break;
          case 2:
            status = LoopbackHttp(port, "PUT", "/connector-plugins/FileStreamSink/config/validate",
                                  "{\"connector.class\":\"FileStreamSink\",\"topics\":\"x\"}")
                         .status;
            break;
          default:
            status = LoopbackHttp(port, "POST", "/connectors", "{\"name\":").status;
            if (status == 400) status = 200;  // the expected answer to bad JSON
            break;
        }
        ++answered;
        if (status != 200) ++wrong;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(answered.load(), 1000);
  EXPECT_EQ(wrong.load(), 0);

  // Still serving, still moving data, nothing extra was created.
  EXPECT_EQ(LoopbackHttp(port, "GET", "/").status, 200);
  EXPECT_EQ(LoopbackHttp(port, "GET", "/connectors").body,
            "[\"local-file-sink\",\"local-file-source\"]");
  ASSERT_TRUE(WaitFor([&] { return ReadLines(sink).size() >= 3000; }))
      << "sink has " << ReadLines(sink).size() << " lines\n"
      << p.Log();
  auto lines = ReadLines(sink);
  for (int i = 0; i < 3000; ++i) ASSERT_EQ(lines[i], "line-" + std::to_string(i));
  p.Signal(SIGTERM);
  EXPECT_EQ(p.Wait(), 0) << p.Log();
}

}  // namespace
