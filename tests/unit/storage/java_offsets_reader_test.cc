#include "worker/storage/java_offsets_reader.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "offset_store_test_util.h"

namespace kconnect::worker::storage {
namespace {

using Map = std::map<std::string, std::optional<std::string>>;

TEST(JavaOffsetsReaderTest, DetectsTheStreamHeader) {
  EXPECT_TRUE(IsJavaSerialized(testing::FromHex("aced0005")));
  EXPECT_FALSE(IsJavaSerialized(testing::FromHex("aced0004")));
  EXPECT_FALSE(IsJavaSerialized("{\"format\""));
  EXPECT_TRUE(IsTruncatedJavaHeader(testing::FromHex("aced00")));
  EXPECT_FALSE(IsTruncatedJavaHeader(""));
  EXPECT_FALSE(IsTruncatedJavaHeader("{"));
}

TEST(JavaOffsetsReaderTest, SameArrayReferencedTwice) {
  // Two keys sharing one value array instance: the second value is a
  // TC_REFERENCE to the first value's handle (0x7e0004).
  std::string bytes = testing::JavaSerializedOffsets({{"k1", "v"}, {"k2", "v"}});
  const std::string second_value = testing::FromHex("7571007e0002") + std::string("\0\0\0\x01v", 5);
  const size_t at = bytes.rfind(second_value);
  ASSERT_NE(at, std::string::npos);
  bytes.replace(at, second_value.size(), testing::FromHex("71007e0004"));
  std::string error;
  const auto map = ReadJavaSerializedOffsets(bytes, &error);
  ASSERT_TRUE(map) << error;
  EXPECT_EQ(*map, (Map{{"k1", "v"}, {"k2", "v"}}));
}

TEST(JavaOffsetsReaderTest, ReferenceToTheMapIsRejected) {
  std::string bytes = testing::JavaSerializedOffsets({{"k1", "v"}});
  const std::string value = testing::FromHex("7571007e0002") + std::string("\0\0\0\x01v", 5);
  bytes.replace(bytes.rfind(value), value.size(), testing::FromHex("71007e0001"));
  std::string error;
  EXPECT_FALSE(ReadJavaSerializedOffsets(bytes, &error));
  EXPECT_NE(error.find("is not a byte[]"), std::string::npos) << error;
}

TEST(JavaOffsetsReaderTest, EveryTruncationIsAnError) {
  const std::string full =
      testing::JavaSerializedOffsets({{"key-one", "value"}, {"key-two", std::nullopt}});
  std::string error;
  ASSERT_TRUE(ReadJavaSerializedOffsets(full, &error)) << error;
  for (size_t len = 4; len < full.size(); ++len) {
    error.clear();
    EXPECT_FALSE(ReadJavaSerializedOffsets(full.substr(0, len), &error)) << len;
    EXPECT_NE(error.find("truncated"), std::string::npos) << len << ": " << error;
  }
}

TEST(JavaOffsetsReaderTest, RandomCorruptionNeverCrashes) {
  const std::string full = testing::JavaSerializedOffsets({{"key-one", "value"}, {"k2", "v2"}});
  std::mt19937 rng(12345);
  for (int i = 0; i < 5000; ++i) {
    std::string bytes = full;
    const int flips = 1 + static_cast<int>(rng() % 3);
    for (int f = 0; f < flips; ++f) {
      bytes[4 + rng() % (bytes.size() - 4)] = static_cast<char>(rng());
    }
    std::string error;
    const auto map = ReadJavaSerializedOffsets(bytes, &error);
    // Either a plausible map or an explained refusal.
    if (map) {
      EXPECT_LE(map->size(), 2u);
    } else {
      EXPECT_FALSE(error.empty());
    }
  }
}

}  // namespace
}  // namespace kconnect::worker::storage
