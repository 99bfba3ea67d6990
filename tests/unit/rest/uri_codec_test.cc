#include "worker/rest/uri_codec.h"

#include <gtest/gtest.h>

namespace kconnect::worker::rest {
namespace {

using Segments = std::vector<std::string>;

TEST(UriCodecTest, PercentDecode) {
  EXPECT_EQ(PercentDecode("a%20b%2Fc%e2%82%AC"), "a b/c\xE2\x82\xAC");
  EXPECT_EQ(PercentDecode("a+b"), "a+b");
  EXPECT_EQ(PercentDecode("a+b", /*plus_is_space=*/true), "a b");
  EXPECT_FALSE(PercentDecode("%").has_value());
  EXPECT_FALSE(PercentDecode("%2").has_value());
  EXPECT_FALSE(PercentDecode("%zz").has_value());
}

TEST(UriCodecTest, SplitPathDropsOneTrailingSlash) {
  EXPECT_EQ(SplitPath("/"), Segments{});
  EXPECT_EQ(SplitPath(""), Segments{});
  EXPECT_EQ(SplitPath("/connectors"), Segments{"connectors"});
  EXPECT_EQ(SplitPath("/connectors/"), Segments{"connectors"});
  EXPECT_EQ(SplitPath("/connectors/my%20conn/status"),
            (Segments{"connectors", "my conn", "status"}));
  // %2F stays inside its segment.
  EXPECT_EQ(SplitPath("/connectors/a%2Fb"), (Segments{"connectors", "a/b"}));
  EXPECT_EQ(SplitPath("/connectors//status"), (Segments{"connectors", "", "status"}));
  EXPECT_FALSE(SplitPath("/connectors/%zz").has_value());
}

TEST(UriCodecTest, ParseQueryKeepsOrderAndRepeats) {
  using Params = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(ParseQuery(""), Params{});
  EXPECT_EQ(ParseQuery("expand=status&expand=info&x&y=a+b%21&"),
            (Params{{"expand", "status"}, {"expand", "info"}, {"x", ""}, {"y", "a b!"}}));
  EXPECT_EQ(ParseQuery("a=%zz&b=1"), (Params{{"b", "1"}}));
}

TEST(UriCodecTest, EncodePathEscapesWhatAPathCannotHold) {
  EXPECT_EQ(EncodePath("my-conn_1.x~"), "my-conn_1.x~");
  EXPECT_EQ(EncodePath("a b%c?d#e"), "a%20b%25c%3Fd%23e");
  EXPECT_EQ(EncodePath("caf\xC3\xA9"), "caf%C3%A9");
  EXPECT_EQ(EncodePath("a/b:c@d+e=f"), "a/b:c@d+e=f");
  EXPECT_EQ(PercentDecode(EncodePath("x \"y\" {z}")), "x \"y\" {z}");
}

}  // namespace
}  // namespace kconnect::worker::rest
