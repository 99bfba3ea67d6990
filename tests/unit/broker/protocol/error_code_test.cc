#include "broker/protocol/error_code.h"

#include <gtest/gtest.h>

namespace kconnect::broker::protocol {
namespace {

TEST(ErrorCodeTest, NumbersMatchKafka) {
  EXPECT_EQ(ToInt(ErrorCode::kUnknownServerError), -1);
  EXPECT_EQ(ToInt(ErrorCode::kNone), 0);
  EXPECT_EQ(ToInt(ErrorCode::kUnknownTopicOrPartition), 3);
  EXPECT_EQ(ToInt(ErrorCode::kUnsupportedVersion), 35);
  EXPECT_EQ(ToInt(ErrorCode::kInvalidRequest), 42);
  EXPECT_EQ(ToInt(ErrorCode::kKafkaStorageError), 56);
  EXPECT_EQ(ToInt(ErrorCode::kMemberIdRequired), 79);
  EXPECT_EQ(ToInt(ErrorCode::kUnstableOffsetCommit), 88);
}

TEST(ErrorCodeTest, NamesMatchKafka) {
  EXPECT_EQ(ErrorCodeName(ErrorCode::kNone), "NONE");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kOffsetOutOfRange), "OFFSET_OUT_OF_RANGE");
  EXPECT_EQ(ErrorCodeName(int16_t{36}), "TOPIC_ALREADY_EXISTS");
  EXPECT_EQ(ErrorCodeName(int16_t{-1}), "UNKNOWN_SERVER_ERROR");
  EXPECT_EQ(ErrorCodeName(int16_t{86}), "GROUP_SUBSCRIBED_TO_TOPIC");
  EXPECT_EQ(ErrorCodeName(int16_t{1000}), "UNKNOWN");
  EXPECT_EQ(ErrorCodeName(int16_t{-2}), "UNKNOWN");
}

}  // namespace
}  // namespace kconnect::broker::protocol
