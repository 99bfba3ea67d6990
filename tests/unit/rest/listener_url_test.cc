#include "worker/rest/listener_url.h"

#include <gtest/gtest.h>

namespace kconnect::worker::rest {
namespace {

TEST(ListenerUrlTest, ParsesHostAndPort) {
  auto all = ParseListenerUrl("http://:8083");
  ASSERT_TRUE(all.Ok());
  EXPECT_EQ(all->scheme, "http");
  EXPECT_EQ(all->host, "");
  EXPECT_EQ(all->port, 8083);
  EXPECT_EQ(BindHost(*all), "0.0.0.0");

  auto local = ParseListenerUrl("HTTP://127.0.0.1:0/");
  ASSERT_TRUE(local.Ok());
  EXPECT_EQ(local->scheme, "http");
  EXPECT_EQ(local->host, "127.0.0.1");
  EXPECT_EQ(local->port, 0);
  EXPECT_EQ(BindHost(*local), "127.0.0.1");

  auto v6 = ParseListenerUrl("https://[::1]:8443");
  ASSERT_TRUE(v6.Ok());
  EXPECT_EQ(v6->scheme, "https");
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 8443);
}

TEST(ListenerUrlTest, RejectsMalformedListeners) {
  for (const char* bad : {"127.0.0.1:8083", "ftp://host:21", "http://host", "http://host:",
                          "http://host:80a", "http://host:65536", "http://[::1:80"}) {
    auto parsed = ParseListenerUrl(bad);
    ASSERT_FALSE(parsed.Ok()) << bad;
    EXPECT_NE(parsed.Error().message.find(bad), std::string::npos) << parsed.Error().message;
  }
}

TEST(ListenerUrlTest, PicksAFreeLoopbackPort) {
  auto port = PickFreePort("127.0.0.1");
  ASSERT_TRUE(port.Ok()) << port.Error().message;
  EXPECT_GT(*port, 0);
  EXPECT_LT(*port, 65536);
  EXPECT_FALSE(PickFreePort("host.invalid").Ok());
}

}  // namespace
}  // namespace kconnect::worker::rest
