// Source-offset bytes (runtime.md §3.3): the key and value JSON must be the
// exact bytes Java's JsonConverter writes, because offsets are looked up by
// key bytes and shared with Java workers.

#include "worker/runtime/offset_storage.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "kconnect/errors.h"
#include "worker/storage/memory_offset_backing_store.h"

namespace kconnect::worker::runtime {
namespace {

TEST(SerializeOffsetTest, QuickstartKeyAndValueAreByteExact) {
  OffsetMap partition{{"filename", Value("test.txt")}};
  EXPECT_EQ(SerializeOffsetKey("local-file-source", partition),
            R"(["local-file-source",{"filename":"test.txt"}])");
  EXPECT_EQ(SerializeOffsetMap(OffsetMap{{"position", Value(int64_t{75})}}), R"({"position":75})");
}

TEST(SerializeOffsetTest, NullPartitionAndNullMap) {
  EXPECT_EQ(SerializeOffsetKey("name", std::nullopt), R"(["name",null])");
  EXPECT_EQ(SerializeOffsetMap(std::nullopt), "null");
  EXPECT_EQ(SerializeOffsetMap(OffsetMap{}), "{}");
}

TEST(SerializeOffsetTest, KeyOrderIsInsertionOrderNotSorted) {
  OffsetMap map{{"z", Value(int32_t{1})}, {"a", Value(int32_t{2})}, {"m", Value(int32_t{3})}};
  EXPECT_EQ(SerializeOffsetMap(map), R"({"z":1,"a":2,"m":3})");
  OffsetMap reversed{{"m", Value(int32_t{3})}, {"a", Value(int32_t{2})}, {"z", Value(int32_t{1})}};
  EXPECT_EQ(SerializeOffsetMap(reversed), R"({"m":3,"a":2,"z":1})");
}

TEST(SerializeOffsetTest, EveryPrimitiveType) {
  OffsetMap map{{"i8", Value(int8_t{-8})},
                {"i16", Value(int16_t{300})},
                {"i32", Value(int32_t{-70000})},
                {"i64", Value(std::numeric_limits<int64_t>::max())},
                {"f", Value(1.5f)},
                {"d", Value(0.25)},
                {"t", Value(true)},
                {"no", Value(false)},
                {"nil", Value()},
                {"s", Value("x")},
                {"b", Value(Bytes{'h', 'i'})}};
  EXPECT_EQ(SerializeOffsetMap(map),
            R"({"i8":-8,"i16":300,"i32":-70000,"i64":9223372036854775807,"f":1.5,"d":0.25,)"
            R"("t":true,"no":false,"nil":null,"s":"x","b":"aGk="})");
}

TEST(SerializeOffsetTest, DoublesAsJavaPrintsThem) {
  EXPECT_EQ(SerializeOffsetMap(OffsetMap{{"d", Value(1.0E7)}}), R"({"d":1.0E7})");
  EXPECT_EQ(SerializeOffsetMap(OffsetMap{{"d", Value(100.0)}}), R"({"d":100.0})");
  EXPECT_EQ(SerializeOffsetMap(OffsetMap{{"d", Value(1.0E-4)}}), R"({"d":1.0E-4})");
  EXPECT_EQ(SerializeOffsetMap(OffsetMap{{"f", Value(1.0E10f)}}), R"({"f":1.0E10})");
}

TEST(SerializeOffsetTest, JacksonEscaping) {
  // Quotes and backslashes escaped, the five short control escapes, other
  // control characters as uppercase \u00XX, '/' and DEL and non-ASCII raw.
  std::string nasty = std::string("q\"b\\s/") + "\b\t\n\f\r" + std::string(1, '\x01') + "\x1f" +
                      "\x7f" + "\xc3\xa9\xe2\x82\xac";
  OffsetMap partition{{nasty, Value(nasty)}};
  const std::string escaped =
      R"("q\"b\\s/\b\t\n\f\r\u0001\u001F)" + std::string("\x7f") + "\xc3\xa9\xe2\x82\xac\"";
  EXPECT_EQ(SerializeOffsetMap(partition), "{" + escaped + ":" + escaped + "}");
  EXPECT_EQ(SerializeOffsetKey("c\"on\n", OffsetMap{{"k", Value("v")}}),
            R"(["c\"on\n",{"k":"v"}])");
}

TEST(SerializeOffsetTest, NestedValuesAreRejectedNamingTheField) {
  OffsetMap with_array{{"ok", Value(int32_t{1})}, {"list", Value(Value::Array{Value(int32_t{1})})}};
  try {
    (void)SerializeOffsetMap(with_array);
    FAIL() << "expected DataException";
  } catch (const kconnect::DataException& e) {
    EXPECT_NE(std::string(e.what()).find(
                  "Offsets may only contain primitive types as values, but field list contains"),
              std::string::npos)
        << e.what();
  }
  OffsetMap with_map{{"m", Value(Value::Map{{Value("a"), Value("b")}})}};
  EXPECT_THROW((void)SerializeOffsetMap(with_map), kconnect::DataException);
  EXPECT_THROW((void)SerializeOffsetKey("c", with_map), kconnect::DataException);
}

TEST(ParseOffsetTest, IntegersComeBackAsInt64AndOrderIsKept) {
  auto map = ParseOffsetMap(R"({"position":75,"z":-1,"a":2.5,"s":"x","t":true,"n":null})");
  ASSERT_TRUE(map.has_value());
  ASSERT_EQ(map->size(), 6u);
  EXPECT_EQ((*map)[0].first, "position");
  ASSERT_NE((*map)[0].second.Get<int64_t>(), nullptr);
  EXPECT_EQ(*(*map)[0].second.Get<int64_t>(), 75);
  EXPECT_EQ((*map)[1].first, "z");
  EXPECT_EQ(*(*map)[1].second.Get<int64_t>(), -1);
  ASSERT_NE((*map)[2].second.Get<double>(), nullptr);
  EXPECT_EQ(*(*map)[2].second.Get<double>(), 2.5);
  EXPECT_EQ(*(*map)[3].second.Get<std::string>(), "x");
  EXPECT_EQ(*(*map)[4].second.Get<bool>(), true);
  EXPECT_TRUE((*map)[5].second.IsNull());
}

TEST(ParseOffsetTest, RoundTripReproducesTheBytes) {
  // int32 written, int64 read back: the bytes are the same, which is what
  // matters for lookups.
  OffsetMap partition{{"task", Value(int32_t{3})}, {"file", Value("a/b.txt")}};
  const std::string key = SerializeOffsetKey("conn", partition);
  std::string connector;
  std::optional<OffsetMap> parsed;
  ASSERT_TRUE(ParseOffsetKey(key, &connector, &parsed));
  EXPECT_EQ(connector, "conn");
  ASSERT_TRUE(parsed.has_value());
  ASSERT_NE((*parsed)[0].second.Get<int64_t>(), nullptr);
  EXPECT_EQ(*(*parsed)[0].second.Get<int64_t>(), 3);
  EXPECT_EQ(SerializeOffsetKey(connector, parsed), key);

  const std::string value = R"({"next":12,"ratio":1.0E7,"name":"\u0001é"})";
  auto offset = ParseOffsetMap(value);
  ASSERT_TRUE(offset.has_value());
  EXPECT_EQ(SerializeOffsetMap(offset), R"({"next":12,"ratio":1.0E7,"name":"\u0001é"})");
}

TEST(ParseOffsetTest, NullPartitionKey) {
  std::string connector;
  std::optional<OffsetMap> parsed = OffsetMap{};
  ASSERT_TRUE(ParseOffsetKey(R"(["name",null])", &connector, &parsed));
  EXPECT_EQ(connector, "name");
  EXPECT_FALSE(parsed.has_value());
}

TEST(ParseOffsetTest, GarbageIsRejected) {
  EXPECT_FALSE(ParseOffsetMap("not json").has_value());
  EXPECT_FALSE(ParseOffsetMap("null").has_value());
  EXPECT_FALSE(ParseOffsetMap("[1]").has_value());
  EXPECT_FALSE(ParseOffsetMap(R"({"nested":{"a":1}})").has_value());
  std::string connector;
  std::optional<OffsetMap> parsed;
  EXPECT_FALSE(ParseOffsetKey(R"({"a":1})", &connector, &parsed));
  EXPECT_FALSE(ParseOffsetKey(R"(["only-one"])", &connector, &parsed));
  EXPECT_FALSE(ParseOffsetKey(R"([1,{"a":1}])", &connector, &parsed));
  EXPECT_FALSE(ParseOffsetKey(R"(["c",{"a":[1]}])", &connector, &parsed));
  EXPECT_FALSE(ParseOffsetKey("[", &connector, &parsed));
}

TEST(OffsetStorageReaderTest, FindsOffsetsByExactKeyBytesOfItsConnector) {
  storage::MemoryOffsetBackingStore store;
  store.Start();
  std::string error;
  ASSERT_TRUE(store.Set({{R"(["c1",{"task":0}])", R"({"next":5})"},
                         {R"(["c2",{"task":0}])", R"({"next":9})"},
                         {R"(["c1",{"task":1}])", std::nullopt}},
                        &error))
      << error;
  OffsetStorageReaderImpl reader("c1", store);
  auto found = reader.Offset(OffsetMap{{"task", Value(int32_t{0})}});
  ASSERT_TRUE(found.has_value());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(*(*found)[0].second.Get<int64_t>(), 5);
  // A tombstone and an unknown partition both read as "no offset".
  EXPECT_FALSE(reader.Offset(OffsetMap{{"task", Value(int32_t{1})}}).has_value());
  EXPECT_FALSE(reader.Offset(OffsetMap{{"task", Value(int32_t{2})}}).has_value());

  auto many = reader.Offsets(
      {OffsetMap{{"task", Value(int32_t{0})}}, OffsetMap{{"task", Value(int32_t{2})}}});
  ASSERT_EQ(many.size(), 1u);
  EXPECT_EQ(SerializeOffsetMap(many[0].first), R"({"task":0})");
  EXPECT_EQ(SerializeOffsetMap(many[0].second), R"({"next":5})");

  OffsetStorageReaderImpl other("c2", store);
  auto theirs = other.Offset(OffsetMap{{"task", Value(int32_t{0})}});
  ASSERT_TRUE(theirs.has_value());
  EXPECT_EQ(SerializeOffsetMap(theirs), R"({"next":9})");
}

}  // namespace
}  // namespace kconnect::worker::runtime
