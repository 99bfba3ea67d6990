// Transport rules shared by every endpoint (spec section 1-2): the error body,
// 404/405/415, trailing slashes, HEAD/OPTIONS, malformed and empty bodies,
// percent-decoding of path segments.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdio>
#include <future>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "rest_fixture.h"

namespace kconnect::worker::rest::testing {
namespace {

class TransportTest : public RestFixture {};

// A raw loopback connection, for what SendHttp cannot do: several requests
// on one connection, an interim 100 answer, bytes that are not HTTP.
class RawConnection {
 public:
  explicit RawConnection(int port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    timeval timeout{10, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  }
  ~RawConnection() { close(fd_); }
  bool Connected() const { return connected_; }
  void Send(const std::string& bytes) {
    ASSERT_EQ(send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(bytes.size()));
  }
  // Everything received until `text` appears (true), or the server closes
  // or 10 s pass (false).
  bool ReadUntil(const std::string& text) {
    while (received_.find(text) == std::string::npos) {
      if (!ReadSome()) return false;
    }
    return true;
  }
  // Everything until the server closes the connection.
  void ReadToEnd() {
    while (ReadSome()) {
    }
  }
  // True once the server has closed its side.
  bool Closed() const { return closed_; }
  const std::string& Received() const { return received_; }

 private:
  bool ReadSome() {
    char buffer[4096];
    ssize_t n = recv(fd_, buffer, sizeof(buffer), 0);
    if (n == 0) closed_ = true;
    if (n <= 0) return false;
    received_.append(buffer, static_cast<size_t>(n));
    return true;
  }
  int fd_;
  bool connected_ = false;
  bool closed_ = false;
  std::string received_;
};

TEST_F(TransportTest, UnknownPathIs404WithJerseysMessage) {
  for (const char* path : {"/nope", "/connectors/a/nope", "/connectors/a/tasks/0/nope",
                           "/connector-plugins/x/y/z", "/connectors//status"}) {
    HttpResult result = Get(path);
    EXPECT_EQ(result.status, 404) << path;
    EXPECT_EQ(result.Header("content-type"), "application/json") << path;
    EXPECT_EQ(result.body, ErrorBody(404, "HTTP 404 Not Found")) << path;
  }
}

TEST_F(TransportTest, NonIntegerTaskIdIs404WithoutAskingTheHerder) {
  herder_.AddConnector("a", {{"connector.class", "FileStreamSource"}});
  const int calls = herder_.CallCount();
  for (const char* path :
       {"/connectors/a/tasks/abc/status", "/connectors/a/tasks/1.5/status",
        "/connectors/a/tasks/99999999999/status", "/connectors/a/tasks/-/status"}) {
    HttpResult result = Get(path);
    EXPECT_EQ(result.status, 404) << path;
    EXPECT_EQ(result.body, ErrorBody(404, "HTTP 404 Not Found")) << path;
  }
  HttpResult restart = Call("POST", "/connectors/a/tasks/x/restart");
  EXPECT_EQ(restart.status, 404);
  EXPECT_EQ(restart.body, ErrorBody(404, "HTTP 404 Not Found"));
  EXPECT_EQ(herder_.CallCount(), calls);
}

TEST_F(TransportTest, KnownPathWithUnsupportedMethodIs405) {
  struct Case {
    const char* method;
    const char* path;
    const char* allow;
  };
  for (const Case& c :
       {Case{"DELETE", "/connector-plugins", "GET,HEAD,OPTIONS"},
        Case{"PATCH", "/connectors", "GET,HEAD,OPTIONS,POST"},
        Case{"POST", "/", "GET,HEAD,OPTIONS"}, Case{"GET", "/connectors/a/pause", "OPTIONS,PUT"},
        Case{"POST", "/connectors/a/config", "GET,HEAD,OPTIONS,PATCH,PUT"},
        Case{"TRACE", "/connectors", "GET,HEAD,OPTIONS,POST"}}) {
    HttpResult result = Call(c.method, c.path);
    EXPECT_EQ(result.status, 405) << c.method << " " << c.path;
    EXPECT_EQ(result.body, ErrorBody(405, "HTTP 405 Method Not Allowed"));
    EXPECT_EQ(result.Header("allow"), c.allow) << c.method << " " << c.path;
  }
}

TEST_F(TransportTest, NonJsonContentTypeIs415OnConnectorPaths) {
  herder_.AddConnector("a", {{"connector.class", "FileStreamSource"}});
  struct Case {
    const char* method;
    const char* path;
    const char* content_type;
  };
  for (const Case& c : {Case{"POST", "/connectors", "text/plain"},
                        Case{"POST", "/connectors", "application/x-www-form-urlencoded"},
                        Case{"PUT", "/connectors/a/config", "text/plain; charset=utf-8"},
                        Case{"PUT", "/connectors/a/pause", "application/x-www-form-urlencoded"},
                        Case{"GET", "/connectors", "text/plain"},
                        Case{"GET", "/connector-plugins", "application/xml"}}) {
    HttpCall call;
    call.method = c.method;
    call.target = c.path;
    call.content_type = c.content_type;
    call.body = R"({"name":"b","config":{"connector.class":"FileStreamSource"}})";
    HttpResult result = SendHttp(port_, call);
    EXPECT_EQ(result.status, 415) << c.method << " " << c.path << " " << c.content_type;
    EXPECT_EQ(result.body, ErrorBody(415, "HTTP 415 Unsupported Media Type"));
  }
  // Nothing was created or paused.
  EXPECT_TRUE(herder_.PutCalls().empty());
  EXPECT_EQ(Get("/connectors/a/status").body.find("PAUSED"), std::string::npos);
}

TEST_F(TransportTest, JsonContentTypeVariantsAndNoContentTypeAreAccepted) {
  herder_.AddConnector("a", {{"connector.class", "FileStreamSource"}});
  for (const char* type :
       {"application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8"}) {
    HttpCall call;
    call.method = "PUT";
    call.target = "/connectors/a/config";
    call.content_type = type;
    call.body = R"({"connector.class":"FileStreamSource"})";
    EXPECT_EQ(SendHttp(port_, call).status, 200) << type;
  }
  // curl -X PUT .../pause: no body, no Content-Type.
  HttpCall pause;
  pause.method = "PUT";
  pause.target = "/connectors/a/pause";
  EXPECT_EQ(SendHttp(port_, pause).status, 202);
  // A JSON body without a Content-Type header is read as JSON.
  HttpCall untyped;
  untyped.method = "PUT";
  untyped.target = "/connectors/a/config";
  untyped.body = R"({"connector.class":"FileStreamSource","x":"y"})";
  EXPECT_EQ(SendHttp(port_, untyped).status, 200);
  EXPECT_EQ(herder_.PutCalls().back().config.at("x"), "y");
}

TEST_F(TransportTest, RootAcceptsAnyContentType) {
  HttpCall call;
  call.content_type = "text/plain";
  EXPECT_EQ(SendHttp(port_, call).status, 200);
}

TEST_F(TransportTest, HealthReportsTheHerderState) {
  HttpResult healthy = Get("/health");
  EXPECT_EQ(healthy.status, 200);
  EXPECT_EQ(healthy.body,
            R"({"status":"healthy","message":"Worker has completed startup and is ready to handle )"
            R"(requests."})");
  herder_.SetHealth({herder::HealthStatus::State::kStarting, ""});
  HttpResult starting = Get("/health");
  EXPECT_EQ(starting.status, 503);
  EXPECT_EQ(starting.body, R"({"status":"starting","message":"Worker is still starting up."})");
  herder_.SetHealth({herder::HealthStatus::State::kUnhealthy, "Busy with X."});
  HttpResult unhealthy = Get("/health");
  EXPECT_EQ(unhealthy.status, 500);
  EXPECT_EQ(unhealthy.body,
            R"({"status":"unhealthy","message":"Worker was unable to handle this request and may )"
            R"(be unable to handle other requests. Busy with X."})");
  // Like GET /, any Content-Type will do.
  HttpCall call;
  call.target = "/health";
  call.content_type = "text/plain";
  EXPECT_EQ(SendHttp(port_, call).status, 500);
}

TEST_F(TransportTest, TrailingSlashIsAcceptedOnCollections) {
  herder_.AddConnector("a", {{"connector.class", "FileStreamSource"}});
  HttpResult connectors = Get("/connectors/");
  EXPECT_EQ(connectors.status, 200);
  EXPECT_EQ(connectors.body, R"(["a"])");
  HttpResult plugins = Get("/connector-plugins/");
  EXPECT_EQ(plugins.status, 200);
  EXPECT_EQ(plugins.body, Get("/connector-plugins").body);
  HttpResult created = Call("POST", "/connectors/",
                            R"({"name":"b","config":{"connector.class":"FileStreamSource"}})");
  EXPECT_EQ(created.status, 201);
}

TEST_F(TransportTest, HeadAnswersLikeGetWithoutABody) {
  HttpResult result = Call("HEAD", "/connectors");
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body, "");
  HttpResult missing = Call("HEAD", "/nope");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, "");  // errors too
}

TEST_F(TransportTest, OptionsListsTheAllowedMethods) {
  HttpResult result = Call("OPTIONS", "/connectors/x/config");
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.Header("allow"), "GET,HEAD,OPTIONS,PATCH,PUT");
  EXPECT_EQ(Call("OPTIONS", "/nope").status, 404);
}

TEST_F(TransportTest, MalformedJsonIs400WithTheParserMessage) {
  herder_.AddConnector("a", {{"connector.class", "FileStreamSource"}});
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"POST", "/connectors"}, {"PUT", "/connectors/a/config"}}) {
    for (const char* body : {"{\"name\": \"x\",}", "{", "not json", "{\"a\":\"b\"} trailing"}) {
      HttpResult result = Call(method, path, body);
      EXPECT_EQ(result.status, 400) << method << " " << path << " " << body;
      auto json = nlohmann::json::parse(result.body);
      EXPECT_EQ(json.size(), 2u);
      EXPECT_EQ(json["error_code"], 400);
      EXPECT_EQ(json["message"].get<std::string>().rfind("parse error at line 1, column ", 0), 0u)
          << json["message"];
    }
  }
  EXPECT_TRUE(herder_.PutCalls().empty());
}

TEST_F(TransportTest, EmptyOrNullBodyIs400AndCreatesNothing) {
  herder_.AddConnector("a", {{"connector.class", "FileStreamSource"}});
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"POST", "/connectors"}, {"PUT", "/connectors/a/config"}}) {
    for (const char* body : {"", "   \n", "null"}) {
      HttpCall call;
      call.method = method;
      call.target = path;
      call.body = body;
      call.content_type = "application/json";
      HttpResult result = SendHttp(port_, call);
      EXPECT_EQ(result.status, 400) << method << " " << path << " '" << body << "'";
      auto json = nlohmann::json::parse(result.body);
      EXPECT_EQ(json.size(), 2u);
      EXPECT_EQ(json["error_code"], 400);
      EXPECT_TRUE(json["message"].is_string());
    }
  }
  EXPECT_TRUE(herder_.PutCalls().empty());
}

TEST_F(TransportTest, HerderErrorsKeepTheirStatusAndMessage) {
  herder_.FailEverything(util::Error{500, "Request timed out"});
  HttpResult result = Get("/connectors");
  EXPECT_EQ(result.status, 500);
  EXPECT_EQ(result.body, ErrorBody(500, "Request timed out"));
  herder_.FailEverything(util::Error{409,
                                     "Cannot complete request because of a conflicting operation "
                                     "(e.g. worker rebalance)"});
  HttpResult conflict = Call("PUT", "/connectors/a/stop");
  EXPECT_EQ(conflict.status, 409);
  EXPECT_EQ(conflict.body,
            ErrorBody(409,
                      "Cannot complete request because of a conflicting operation (e.g. worker "
                      "rebalance)"));
}

TEST_F(TransportTest, ErrorMessagesAreJsonEscaped) {
  HttpResult result = Get("/connectors/%22quoted%22%0Aname");
  EXPECT_EQ(result.status, 404);
  EXPECT_EQ(result.body, ErrorBody(404, "Connector \\\"quoted\\\"\\nname not found"));
}

TEST_F(TransportTest, PathSegmentsArePercentDecoded) {
  herder_.AddConnector("my conn", {{"connector.class", "FileStreamSource"}});
  herder_.AddConnector("caf\xC3\xA9 \xE2\x82\xAC", {{"connector.class", "FileStreamSink"}});
  herder_.AddConnector("a+b", {{"connector.class", "FileStreamSource"}});

  HttpResult spaced = Get("/connectors/my%20conn/config");
  EXPECT_EQ(spaced.status, 200);
  EXPECT_EQ(spaced.body, R"({"connector.class":"FileStreamSource","name":"my conn"})");

  HttpResult unicode = Get("/connectors/caf%C3%A9%20%E2%82%AC");
  EXPECT_EQ(unicode.status, 200);
  EXPECT_EQ(nlohmann::json::parse(unicode.body)["name"], "caf\xC3\xA9 \xE2\x82\xAC");

  // '+' is literal in a path (only query strings use it for space).
  EXPECT_EQ(Get("/connectors/a+b/status").status, 200);
  EXPECT_EQ(Call("PUT", "/connectors/my%20conn/pause").status, 202);
}

TEST_F(TransportTest, LargeAndChunkedBodiesAreReadWhole) {
  const std::string value(300000, 'x');
  HttpResult large =
      Call("PUT", "/connectors/a/config", R"({"connector.class":"X","v":")" + value + R"("})");
  EXPECT_EQ(large.status, 201);
  EXPECT_EQ(herder_.PutCalls().back().config.at("v"), value);

  const std::string body = R"({"connector.class":"X","w":"chunked"})";
  HttpCall chunked;
  chunked.method = "PUT";
  chunked.target = "/connectors/b/config";
  chunked.content_type = "application/json";
  chunked.headers = {{"Transfer-Encoding", "chunked"}};
  auto chunk = [](const std::string& data) {
    char size[16];
    std::snprintf(size, sizeof(size), "%zx", data.size());
    return std::string(size) + "\r\n" + data + "\r\n";
  };
  chunked.body = chunk(body.substr(0, 16)) + chunk(body.substr(16)) + "0\r\n\r\n";
  EXPECT_EQ(SendHttp(port_, chunked).status, 201);
  EXPECT_EQ(herder_.PutCalls().back().config.at("w"), "chunked");
}

TEST_F(TransportTest, OversizeBodiesAre413AndTheServerKeepsServing) {
  // With a Content-Length.
  HttpCall declared;
  declared.method = "POST";
  declared.target = "/connectors";
  declared.content_type = "application/json";
  declared.body = std::string(kMaxRequestBodyBytes + 1, ' ');
  HttpResult refused = SendHttp(port_, declared);
  EXPECT_EQ(refused.status, 413);
  EXPECT_EQ(refused.body,
            ErrorBody(413, "Request body of " + std::to_string(kMaxRequestBodyBytes + 1) +
                               " bytes exceeds the limit of " +
                               std::to_string(kMaxRequestBodyBytes) + " bytes"));
  // Chunked (no declared length).
  HttpCall chunked;
  chunked.method = "PUT";
  chunked.target = "/connectors/a/config";
  chunked.content_type = "application/json";
  chunked.headers = {{"Transfer-Encoding", "chunked"}};
  const std::string piece(1 << 20, 'x');
  for (size_t i = 0; i <= kMaxRequestBodyBytes / piece.size(); ++i) {
    char size[16];
    std::snprintf(size, sizeof(size), "%zx", piece.size());
    chunked.body += std::string(size) + "\r\n" + piece + "\r\n";
  }
  chunked.body += "0\r\n\r\n";
  EXPECT_EQ(SendHttp(port_, chunked).status, 413);
  EXPECT_TRUE(herder_.PutCalls().empty());
  EXPECT_EQ(Get("/connectors").status, 200);
}

TEST_F(TransportTest, RequestsOnOneConnectionAreAnsweredInOrder) {
  herder_.AddConnector("a", {{"connector.class", "FileStreamSource"}});
  RawConnection connection(port_);
  ASSERT_TRUE(connection.Connected());
  // Three requests in one write (pipelined), the last one closing.
  connection.Send(
      "GET /connectors HTTP/1.1\r\nHost: x\r\n\r\n"
      "PUT /connectors/a/pause HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
      "GET /connectors/nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  connection.ReadToEnd();
  EXPECT_TRUE(connection.Closed());
  const std::string& all = connection.Received();
  const size_t first = all.find("HTTP/1.1 200 OK\r\n");
  const size_t second = all.find("HTTP/1.1 202 Accepted\r\n");
  const size_t third = all.find("HTTP/1.1 404 Not Found\r\n");
  ASSERT_NE(first, std::string::npos) << all;
  ASSERT_NE(second, std::string::npos) << all;
  ASSERT_NE(third, std::string::npos) << all;
  EXPECT_LT(first, second);
  EXPECT_LT(second, third);
  EXPECT_NE(all.find("[\"a\"]"), std::string::npos) << all;
  EXPECT_NE(all.find(ErrorBody(404, "Connector nope not found")), std::string::npos) << all;
}

TEST_F(TransportTest, Http10ConnectionsCloseAfterTheAnswer) {
  RawConnection connection(port_);
  ASSERT_TRUE(connection.Connected());
  connection.Send("GET / HTTP/1.0\r\n\r\n");
  connection.ReadToEnd();
  EXPECT_TRUE(connection.Closed());
  EXPECT_EQ(connection.Received().rfind("HTTP/1.0 200 OK\r\n", 0), 0u) << connection.Received();
}

TEST_F(TransportTest, ExpectContinueIsAnsweredBeforeTheBodyIsSent) {
  const std::string body = R"({"connector.class":"X"})";
  RawConnection connection(port_);
  ASSERT_TRUE(connection.Connected());
  connection.Send(
      "PUT /connectors/c/config HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
      "Content-Type: application/json\r\nExpect: 100-continue\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\n\r\n");
  // The interim answer comes while the body has not been sent.
  ASSERT_TRUE(connection.ReadUntil("\r\n\r\n")) << connection.Received();
  EXPECT_EQ(connection.Received(), "HTTP/1.1 100 Continue\r\n\r\n");
  connection.Send(body);
  connection.ReadToEnd();
  EXPECT_NE(connection.Received().find("HTTP/1.1 201 Created\r\n"), std::string::npos)
      << connection.Received();
  ASSERT_FALSE(herder_.PutCalls().empty());
  EXPECT_EQ(herder_.PutCalls().back().config.at("connector.class"), "X");
}

TEST_F(TransportTest, NotHttpIs400WithAnErrorBodyAndTheConnectionIsClosed) {
  for (const std::string& garbage :
       {std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 15),
        std::string("GET / HTTP/1.1\r\nContent-Length: -5\r\n\r\n"),
        std::string("GET /a b c HTTP/1.1\r\n\r\n")}) {
    RawConnection connection(port_);
    ASSERT_TRUE(connection.Connected());
    connection.Send(garbage);
    connection.ReadToEnd();
    EXPECT_TRUE(connection.Closed());
    const std::string& answer = connection.Received();
    EXPECT_EQ(answer.rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u) << answer;
    EXPECT_NE(answer.find("{\"error_code\":400,\"message\":\"Bad request: "), std::string::npos)
        << answer;
  }
  EXPECT_EQ(Get("/").status, 200);
}

TEST_F(TransportTest, OversizeHeadersAre431AndTheServerKeepsServing) {
  HttpCall call;
  call.target = "/connectors";
  call.headers = {{"X-Padding", std::string(20000, 'p')}};
  HttpResult refused = SendHttp(port_, call);
  EXPECT_EQ(refused.status, 431);
  EXPECT_EQ(refused.body, ErrorBody(431, "Request header fields too large"));
  EXPECT_EQ(Get("/connectors").status, 200);
}

TEST_F(TransportTest, HeadSaysHowLongTheGetBodyIs) {
  herder_.AddConnector("a", {{"connector.class", "FileStreamSource"}});
  const HttpResult get = Get("/connectors/a");
  const HttpResult head = Call("HEAD", "/connectors/a");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.body, "");
  EXPECT_EQ(head.Header("content-length"), std::to_string(get.body.size()));
}

TEST_F(TransportTest, AnAbsoluteFormTargetIsServedByItsPath) {
  herder_.AddConnector("a", {{"connector.class", "FileStreamSource"}});
  HttpCall call;
  call.target = "http://127.0.0.1:" + std::to_string(port_) + "/connectors?expand=status";
  HttpResult result = SendHttp(port_, call);
  EXPECT_EQ(result.status, 200);
  EXPECT_NE(result.body.find("\"status\""), std::string::npos) << result.body;
}

TEST_F(TransportTest, ConcurrentRequestsAreAllAnswered) {
  herder_.AddConnector("a", {{"connector.class", "FileStreamSource"}});
  const std::string expected = Get("/connectors/a/status").body;
  ASSERT_FALSE(expected.empty());
  std::vector<std::future<int>> clients;
  clients.reserve(16);
  for (int c = 0; c < 16; ++c) {
    clients.push_back(std::async(std::launch::async, [&] {
      int ok = 0;
      for (int i = 0; i < 10; ++i) {
        HttpResult result = Get("/connectors/a/status");
        if (result.status == 200 && result.body == expected) ++ok;
      }
      return ok;
    }));
  }
  for (auto& client : clients) EXPECT_EQ(client.get(), 10);
}

}  // namespace
}  // namespace kconnect::worker::rest::testing
