#include "broker/server/listener.h"

#include <gtest/gtest.h>

namespace kconnect::broker::server {
namespace {

std::vector<Listener> MustParse(std::string_view value, const SecurityProtocolMap& map = {}) {
  auto parsed = ParseListeners(value, map);
  EXPECT_TRUE(parsed.Ok()) << value << ": " << (parsed.Ok() ? "" : parsed.Error().message);
  return parsed.Ok() ? *parsed : std::vector<Listener>{};
}

std::string ErrorOf(std::string_view value, const SecurityProtocolMap& map = {}) {
  auto parsed = ParseListeners(value, map);
  EXPECT_FALSE(parsed.Ok()) << value << " parsed";
  return parsed.Ok() ? "" : parsed.Error().message;
}

TEST(ListenerTest, ParsesTheUsualForms) {
  EXPECT_EQ(MustParse("PLAINTEXT://127.0.0.1:9092,OTHER://localhost:0"),
            (std::vector<Listener>{{"PLAINTEXT", "127.0.0.1", 9092}, {"OTHER", "localhost", 0}}));
  EXPECT_EQ(MustParse("PLAINTEXT://:9092"), (std::vector<Listener>{{"PLAINTEXT", "", 9092}}));
  EXPECT_EQ(MustParse("PLAINTEXT://0.0.0.0:65535"),
            (std::vector<Listener>{{"PLAINTEXT", "0.0.0.0", 65535}}));
  EXPECT_EQ(MustParse("PLAINTEXT://broker-1.example_host:1"),
            (std::vector<Listener>{{"PLAINTEXT", "broker-1.example_host", 1}}));
}

TEST(ListenerTest, Ipv6Hosts) {
  EXPECT_EQ(MustParse("PLAINTEXT://[::1]:9092"), (std::vector<Listener>{{"PLAINTEXT", "::1", 9092}}));
  EXPECT_EQ(MustParse("PLAINTEXT://[::]:0"), (std::vector<Listener>{{"PLAINTEXT", "::", 0}}));
  // Unbracketed: split at the last ':', as Kafka's greedy pattern does.
  EXPECT_EQ(MustParse("PLAINTEXT://::1:9092"), (std::vector<Listener>{{"PLAINTEXT", "::1", 9092}}));
  EXPECT_EQ(MustParse("PLAINTEXT://[fe80::1%eth0]:9092"),
            (std::vector<Listener>{{"PLAINTEXT", "fe80::1%eth0", 9092}}));
}

TEST(ListenerTest, TrimsNormalisesAndSkipsEmptyEntries) {
  EXPECT_EQ(MustParse("  plaintext://h:1 ,, Internal_2-x://h:2 ,"),
            (std::vector<Listener>{{"PLAINTEXT", "h", 1}, {"INTERNAL_2-X", "h", 2}}));
  EXPECT_TRUE(MustParse("").empty());
  EXPECT_TRUE(MustParse(" , ").empty());
}

TEST(ListenerTest, OnlyPlaintextIsSupported) {
  for (const char* value : {"SSL://h:9093", "SASL_PLAINTEXT://h:9094", "sasl_ssl://h:9095",
                            "PLAINTEXT://h:9092,SSL://h:9093"}) {
    const std::string error = ErrorOf(value);
    EXPECT_NE(error.find("not supported (only PLAINTEXT)"), std::string::npos) << error;
  }
  auto map = ParseSecurityProtocolMap("EXTERNAL:SSL, INTERNAL:plaintext");
  ASSERT_TRUE(map.Ok());
  EXPECT_NE(ErrorOf("EXTERNAL://h:1", *map).find("security protocol SSL"), std::string::npos);
  EXPECT_EQ(MustParse("INTERNAL://h:1", *map), (std::vector<Listener>{{"INTERNAL", "h", 1}}));
  // Mapped to PLAINTEXT, a name that looks like a protocol is fine.
  auto renamed = ParseSecurityProtocolMap("SSL:PLAINTEXT");
  ASSERT_TRUE(renamed.Ok());
  EXPECT_EQ(MustParse("SSL://h:1", *renamed), (std::vector<Listener>{{"SSL", "h", 1}}));
}

TEST(ListenerTest, RejectsMalformedEntries) {
  for (const char* value :
       {"127.0.0.1:9092", "PLAINTEXT:/h:1", "://h:1", "PLAIN TEXT://h:1", "PLAINTEXT://h",
        "PLAINTEXT://h:", "PLAINTEXT://h:65536", "PLAINTEXT://h:-1", "PLAINTEXT://h:90x2",
        "PLAINTEXT://h:+1", "PLAINTEXT://[::1:9092", "PLAINTEXT://[::1]9092",
        "PLAINTEXT://h/x:1", "PLAINTEXT://h:1,BAD"}) {
    const std::string error = ErrorOf(value);
    EXPECT_NE(error.find("invalid listener"), std::string::npos) << value << " -> " << error;
  }
  EXPECT_NE(ErrorOf("A://h:1,a://h:2").find("more than once"), std::string::npos);
}

TEST(ListenerTest, ErrorNamesTheEntry) {
  EXPECT_NE(ErrorOf("PLAINTEXT://h:1, BROKEN://h:x").find("'BROKEN://h:x'"), std::string::npos);
}

TEST(ListenerTest, FormatRoundTrips) {
  const std::vector<Listener> listeners{{"PLAINTEXT", "127.0.0.1", 9092},
                                        {"V6", "::1", 0},
                                        {"ALL", "", 9093}};
  EXPECT_EQ(FormatListeners(listeners), "PLAINTEXT://127.0.0.1:9092,V6://[::1]:0,ALL://:9093");
  EXPECT_EQ(MustParse(FormatListeners(listeners)), listeners);
}

TEST(ListenerTest, SecurityProtocolMapErrors) {
  EXPECT_FALSE(ParseSecurityProtocolMap("A").Ok());
  EXPECT_FALSE(ParseSecurityProtocolMap("A:").Ok());
  EXPECT_FALSE(ParseSecurityProtocolMap(":PLAINTEXT").Ok());
  EXPECT_FALSE(ParseSecurityProtocolMap("A:PLAINTEXT,a:SSL").Ok());
  auto map = ParseSecurityProtocolMap("");
  ASSERT_TRUE(map.Ok());
  EXPECT_TRUE(map->empty());
}

}  // namespace
}  // namespace kconnect::broker::server
