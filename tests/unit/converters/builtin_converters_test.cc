#include "worker/runtime/converters/builtin_converters.h"

#include <gtest/gtest.h>

#include <set>

namespace kconnect::worker::runtime {
namespace {

TEST(BuiltinConvertersTest, ListsJavaClassNamesWithWorkingFactories) {
  const auto& list = BuiltinConverters();
  std::set<std::string> names;
  for (const BuiltinConverter& entry : list) {
    EXPECT_TRUE(names.insert(entry.class_name).second) << "duplicate " << entry.class_name;
    EXPECT_EQ(entry.is_converter, static_cast<bool>(entry.new_converter)) << entry.class_name;
    EXPECT_EQ(entry.is_header_converter, static_cast<bool>(entry.new_header_converter))
        << entry.class_name;
    if (entry.new_converter) {
      auto converter = entry.new_converter();
      ASSERT_NE(converter, nullptr);
      converter->Configure({}, false);
    }
    if (entry.new_header_converter) {
      auto header = entry.new_header_converter();
      ASSERT_NE(header, nullptr);
      header->Configure({});
    }
  }
  for (const char* expected : {"org.apache.kafka.connect.json.JsonConverter",
                               "org.apache.kafka.connect.storage.StringConverter",
                               "org.apache.kafka.connect.converters.ByteArrayConverter",
                               "org.apache.kafka.connect.converters.ShortConverter",
                               "org.apache.kafka.connect.converters.IntegerConverter",
                               "org.apache.kafka.connect.converters.LongConverter",
                               "org.apache.kafka.connect.converters.FloatConverter",
                               "org.apache.kafka.connect.converters.DoubleConverter",
                               "org.apache.kafka.connect.converters.BooleanConverter",
                               "org.apache.kafka.connect.storage.SimpleHeaderConverter"}) {
    EXPECT_EQ(names.count(expected), 1u) << expected;
  }
  EXPECT_EQ(list.size(), 10u);
  EXPECT_STREQ(kBuiltinPluginVersion, "3.9.0");
}

TEST(BuiltinConvertersTest, SimpleHeaderConverterIsHeaderOnly) {
  for (const BuiltinConverter& entry : BuiltinConverters()) {
    if (entry.class_name == "org.apache.kafka.connect.storage.SimpleHeaderConverter") {
      EXPECT_FALSE(entry.is_converter);
      EXPECT_TRUE(entry.is_header_converter);
    }
  }
}

TEST(BuiltinConvertersTest, JsonConverterFactoryProducesQuickstartBytes) {
  for (const BuiltinConverter& entry : BuiltinConverters()) {
    if (entry.class_name != "org.apache.kafka.connect.json.JsonConverter") continue;
    auto converter = entry.new_converter();
    converter->Configure({}, false);
    EXPECT_EQ(converter->FromConnectData("t", nullptr, Schema::String(), Value("foo")),
              R"({"schema":{"type":"string","optional":false},"payload":"foo"})");
    return;
  }
  FAIL() << "JsonConverter missing";
}

}  // namespace
}  // namespace kconnect::worker::runtime
