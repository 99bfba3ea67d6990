// Headers, records and the converter defaults.

#include <gtest/gtest.h>

#include "kconnect/converter.h"
#include "kconnect/errors.h"
#include "kconnect/header.h"
#include "kconnect/records.h"
#include "tests/unit/sdk/expect_message.h"

namespace kconnect {
namespace {

using testing::MessageOf;

TEST(HeadersTest, AddLookupRemove) {
  Headers h;
  EXPECT_TRUE(h.Empty());
  h.AddString("k", "v1").Add("n", int32_t{5}, Schema::Int32()).AddString("k", "v2").Add("raw", "x");
  EXPECT_EQ(h.Size(), 4u);
  ASSERT_NE(h.LastWithName("k"), nullptr);
  EXPECT_EQ(h.LastWithName("k")->value, Value("v2"));
  EXPECT_EQ(h.LastWithName("k")->schema, Schema::String());
  EXPECT_EQ(h.LastWithName("raw")->schema, nullptr);
  EXPECT_EQ(h.LastWithName("missing"), nullptr);
  auto all = h.AllWithName("k");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0]->value, Value("v1"));
  EXPECT_EQ(all[1]->value, Value("v2"));

  // Iteration keeps insertion order.
  std::vector<std::string> keys;
  for (const Header& header : h) keys.push_back(header.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"k", "n", "k", "raw"}));

  h.Remove("k");
  EXPECT_EQ(h.Size(), 2u);
  EXPECT_EQ(h.LastWithName("k"), nullptr);
  h.Clear();
  EXPECT_TRUE(h.Empty());
}

TEST(HeadersTest, ValueMustMatchTheSchema) {
  Headers h;
  EXPECT_EQ(MessageOf<DataException>([&] { h.Add("n", "text", Schema::Int32()); }),
            "The value text is not valid for the schema Schema{INT32}: Invalid Java object for "
            "schema with type INT32: std::string for value");
  EXPECT_TRUE(h.Empty());
}

TEST(HeadersTest, Equality) {
  Headers a;
  Headers b;
  a.AddString("k", "v");
  EXPECT_FALSE(a == b);
  b.Add("k", "v", SchemaBuilder::String().Build());  // equal schema, other instance
  EXPECT_EQ(a, b);
}

TEST(RecordsTest, SourceRecordConstructorAndOffsets) {
  OffsetMap partition{{"filename", "a.txt"}};
  OffsetMap offset{{"position", int64_t{75}}};
  SourceRecord r(partition, offset, "topic-a", std::nullopt, Schema::String(), "line");
  EXPECT_EQ(r.topic, "topic-a");
  EXPECT_FALSE(r.kafka_partition.has_value());
  EXPECT_EQ(r.value_schema, Schema::String());
  EXPECT_EQ(r.value, Value("line"));
  EXPECT_EQ(r.key_schema, nullptr);
  EXPECT_TRUE(r.key.IsNull());
  EXPECT_FALSE(r.timestamp.has_value());
  ASSERT_TRUE(r.source_partition.has_value());
  const Value* pos = FindOffsetField(*r.source_offset, "position");
  ASSERT_NE(pos, nullptr);
  EXPECT_EQ(*pos, Value(int64_t{75}));
  EXPECT_EQ(FindOffsetField(*r.source_partition, "position"), nullptr);

  // A copy is a new record (Java's newRecord).
  SourceRecord copy = r;
  copy.topic = "topic-b";
  EXPECT_EQ(r.topic, "topic-a");
  ConnectRecord& base = copy;
  EXPECT_EQ(base.value, Value("line"));

  SourceRecord null_offsets(std::nullopt, std::nullopt, "t", 3, nullptr, Value());
  EXPECT_FALSE(null_offsets.source_partition.has_value());
  EXPECT_EQ(null_offsets.kafka_partition, 3);
}

TEST(RecordsTest, TopicPartition) {
  TopicPartition a{"t", 1};
  TopicPartition b{"t", 2};
  EXPECT_LT(a, b);
  EXPECT_EQ(a.ToString(), "t-1");
  EXPECT_NE(std::hash<TopicPartition>()(a), std::hash<TopicPartition>()(b));
}

class NoConfigConverter : public Converter {
 public:
  void Configure(const Props&, bool) override {}
  std::optional<std::string> FromConnectData(const std::string&, const Headers*, const SchemaPtr&,
                                             const Value&) override {
    return std::nullopt;
  }
  SchemaAndValue ToConnectData(const std::string&, const Headers*,
                               std::optional<std::string_view>) override {
    return {};
  }
};

TEST(ConverterTest, DefaultConfigIsEmpty) {
  NoConfigConverter c;
  EXPECT_TRUE(c.Config().Keys().empty());
  EXPECT_EQ(&c.Config(), &NoConfigConverter().Config());
}

}  // namespace
}  // namespace kconnect
