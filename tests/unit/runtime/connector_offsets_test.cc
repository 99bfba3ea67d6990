// The sink connector offset format of the offsets REST API (KIP-875; Java's
// SinkUtils.parseSinkConnectorOffsets) and the success messages.

#include "worker/runtime/connector_offsets.h"

#include <gtest/gtest.h>

namespace kconnect::worker::runtime {
namespace {

using herder::ConnectorOffset;

ConnectorOffset Sink(Value topic, Value partition, std::optional<Value> offset) {
  ConnectorOffset o;
  o.partition = OffsetMap{{"kafka_topic", std::move(topic)}, {"kafka_partition", std::move(partition)}};
  if (offset) o.offset = OffsetMap{{"kafka_offset", std::move(*offset)}};
  return o;
}

std::string ErrorOf(const std::vector<ConnectorOffset>& offsets) {
  auto parsed = ParseSinkConnectorOffsets(offsets);
  if (parsed) return "parsed";
  EXPECT_EQ(parsed.Error().status, 400) << parsed.Error().message;
  return parsed.Error().message;
}

TEST(SinkConnectorOffsetsTest, NumbersMayBeJsonNumbersOrNumericStrings) {
  auto parsed = ParseSinkConnectorOffsets({
      Sink(Value("t"), Value(int64_t{0}), Value(int64_t{10})),
      Sink(Value("t"), Value("1"), Value("+20")),
      Sink(Value("u"), Value(int64_t{0}), std::nullopt),  // reset
      Sink(Value("t"), Value(int64_t{0}), Value("11")),   // later entry wins
  });
  ASSERT_TRUE(parsed.Ok()) << parsed.Error().message;
  SinkOffsets expected = {{{"t", 0}, 11}, {{"t", 1}, 20}, {{"u", 0}, std::nullopt}};
  EXPECT_EQ(*parsed, expected);
}

TEST(SinkConnectorOffsetsTest, MalformedEntriesAre400WithJavasTexts) {
  ConnectorOffset no_partition;
  no_partition.offset = OffsetMap{{"kafka_offset", Value(int64_t{1})}};
  EXPECT_EQ(ErrorOf({no_partition}),
            "The partition for a sink connector offset cannot be null or missing");
  ConnectorOffset topic_only;
  topic_only.partition = OffsetMap{{"kafka_topic", Value("t")}};
  EXPECT_EQ(ErrorOf({topic_only}),
            "The partition for a sink connector offset must contain the keys 'kafka_topic' and "
            "'kafka_partition'");
  EXPECT_EQ(ErrorOf({Sink(Value(), Value(int64_t{0}), Value(int64_t{1}))}),
            "Kafka topic names must be valid strings and may not be null");
  EXPECT_EQ(ErrorOf({Sink(Value("t"), Value(), Value(int64_t{1}))}),
            "Kafka partitions must be valid numbers and may not be null");
  EXPECT_EQ(ErrorOf({Sink(Value("t"), Value("zero"), Value(int64_t{1}))}),
            "Failed to parse the following Kafka partition value in the provided offsets: 'zero'. "
            "Partition values for sink connectors need to be integers.");
  EXPECT_EQ(ErrorOf({Sink(Value("t"), Value(int64_t{4294967296}), Value(int64_t{1}))}),
            "Failed to parse the following Kafka partition value in the provided offsets: "
            "'4294967296'. Partition values for sink connectors need to be integers.");
  ConnectorOffset wrong_offset = Sink(Value("t"), Value(int64_t{0}), std::nullopt);
  wrong_offset.offset = OffsetMap{{"offset", Value(int64_t{1})}};
  EXPECT_EQ(ErrorOf({wrong_offset}),
            "The offset for a sink connector should either be null or contain the key "
            "'kafka_offset'");
  EXPECT_EQ(ErrorOf({Sink(Value("t"), Value(int64_t{0}), Value(1.5))}),
            "Failed to parse the following Kafka offset value in the provided offsets: '1.5'. "
            "Offset values for sink connectors need to be integers.");
  EXPECT_EQ(ErrorOf({Sink(Value("t"), Value(int64_t{0}), Value(" 1"))}),
            "Failed to parse the following Kafka offset value in the provided offsets: ' 1'. "
            "Offset values for sink connectors need to be integers.");
  // Beyond Java, which would fail later in its admin client with a 500.
  EXPECT_EQ(ErrorOf({Sink(Value("t"), Value(int64_t{-1}), Value(int64_t{1}))}),
            "Kafka partitions may not be negative, but got -1 for topic 't'");
  EXPECT_EQ(ErrorOf({Sink(Value("t"), Value(int64_t{0}), Value(int64_t{-5}))}),
            "Kafka offsets may not be negative, but got -5 for t-0");
  EXPECT_EQ(ErrorOf({Sink(Value(""), Value(int64_t{0}), Value(int64_t{1}))}),
            "Kafka topic names may not be empty");
}

TEST(SinkConnectorOffsetsTest, CommittedOffsetsInTheRestShape) {
  auto offsets = SinkConnectorOffsets({{{"b", 1}, 7}, {{"a", 0}, 3}});
  ASSERT_EQ(offsets.size(), 2u);
  EXPECT_EQ(offsets[0].partition,
            (OffsetMap{{"kafka_topic", Value("a")}, {"kafka_partition", Value(int32_t{0})}}));
  EXPECT_EQ(offsets[0].offset, (OffsetMap{{"kafka_offset", Value(int64_t{3})}}));
  EXPECT_EQ(offsets[1].partition,
            (OffsetMap{{"kafka_topic", Value("b")}, {"kafka_partition", Value(int32_t{1})}}));
}

TEST(SinkConnectorOffsetsTest, Messages) {
  EXPECT_EQ(ModifiedOffsetsMessage(true, false),
            "The offsets for this connector have been altered successfully");
  EXPECT_EQ(ModifiedOffsetsMessage(true, true),
            "The offsets for this connector have been reset successfully");
  EXPECT_EQ(ModifiedOffsetsMessage(false, true),
            "The Connect framework-managed offsets for this connector have been reset "
            "successfully. However, if this connector manages offsets externally, they will need "
            "to be manually reset in the system that the connector uses.");
}

}  // namespace
}  // namespace kconnect::worker::runtime
