#include "worker/util/murmur2.h"

#include <gtest/gtest.h>

#include <string>

namespace kconnect::worker::util {
namespace {

// Vectors from Apache Kafka's UtilsTest.testMurmur2.
TEST(Murmur2Test, KafkaUtilsTestVectors) {
  EXPECT_EQ(Murmur2("21"), -973932308);
  EXPECT_EQ(Murmur2("foobar"), -790332482);
  EXPECT_EQ(Murmur2("a-little-bit-long-string"), -985981536);
  EXPECT_EQ(Murmur2("a-little-bit-longer-string"), -1486304829);
  EXPECT_EQ(Murmur2("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8"), -58897971);
  EXPECT_EQ(Murmur2("abc"), 479470107);
}

TEST(Murmur2Test, EveryTailLengthAndHighBytes) {
  // Lengths 0..3 mod 4 take different tail paths; bytes >= 0x80 must be read
  // as unsigned, as Java's `& 0xff` does. Expected values come from a separate
  // implementation that reproduces the UtilsTest vectors above.
  EXPECT_EQ(Murmur2(""), 275646681);
  EXPECT_EQ(Murmur2("\xff"), -311467685);
  EXPECT_EQ(Murmur2("\x80\x81"), 1642145146);
  EXPECT_EQ(Murmur2("\xfe\xfd\xfc"), -1973149693);
  EXPECT_EQ(Murmur2("\xff\xfe\xfd\xfc"), 2136149935);
  EXPECT_EQ(Murmur2("abcde"), 461995741);
  EXPECT_EQ(Murmur2(std::string("\0\0", 2)), 595382058);
}

TEST(Murmur2Test, OffsetsKeyOfTheQuickstartSource) {
  const std::string key = R"(["local-file-source",{"filename":"test.txt"}])";
  EXPECT_EQ(static_cast<uint32_t>(Murmur2(key)), 0x35244408u);
  EXPECT_EQ(Murmur2Partition(key, 25), 10);
}

TEST(Murmur2Test, StatusKeysOfTheQuickstartSource) {
  EXPECT_EQ(Murmur2Partition("status-connector-local-file-source", 5), 0);
  EXPECT_EQ(Murmur2Partition("status-task-local-file-source-0", 5), 4);
}

TEST(Murmur2Test, PartitionMasksTheSignBitInsteadOfAbs) {
  // murmur2("21") is negative: 0xc5f2f8ec & 0x7fffffff = 0x45f2f8ec.
  EXPECT_EQ(Murmur2Partition("21", 25), static_cast<int32_t>(0x45f2f8ecu % 25));
  EXPECT_EQ(Murmur2Partition("21", 25), 15);
  EXPECT_EQ(Murmur2Partition("anything", 1), 0);
}

}  // namespace
}  // namespace kconnect::worker::util
