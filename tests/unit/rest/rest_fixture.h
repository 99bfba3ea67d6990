#pragma once

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fake_herder.h"
#include "http_client.h"
#include "worker/rest/rest_server.h"

namespace kconnect::worker::rest::testing {

// A RestServer on a free loopback port in front of a FakeHerder.
class RestFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<RestServer>(std::vector<std::string>{"http://127.0.0.1:0"},
                                           herder_, "3.9.0", "abc123");
    auto started = server_->Start();
    ASSERT_TRUE(started.Ok()) << started.Error().message;
    port_ = server_->Port();
    ASSERT_GT(port_, 0);
  }
  void TearDown() override {
    if (server_) server_->Stop();
  }

  HttpResult Get(const std::string& target) { return SendJson(port_, "GET", target); }
  HttpResult Call(const std::string& method, const std::string& target,
                  const std::string& json_body = "") {
    return SendJson(port_, method, target, json_body);
  }
  std::string Base() const { return "http://127.0.0.1:" + std::to_string(port_); }

  FakeHerder herder_;
  std::unique_ptr<RestServer> server_;
  int port_ = 0;
};

// The one error body shape (R-ERRBODY).
inline std::string ErrorBody(int status, const std::string& message_json_escaped) {
  return "{\"error_code\":" + std::to_string(status) + ",\"message\":\"" + message_json_escaped +
         "\"}";
}

}  // namespace kconnect::worker::rest::testing
