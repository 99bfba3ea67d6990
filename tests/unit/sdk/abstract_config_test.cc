// AbstractConfig: typed getters over a parsed ConfigDef, and originals.

#include <gtest/gtest.h>

#include "kconnect/config_def.h"
#include "tests/unit/sdk/expect_message.h"

// GCC 12 reports a false -Wmaybe-uninitialized inside std::variant's move
// constructor when ConfigKey literals are built at -O1 with sanitizers
// (GCC bug 105593); the values are always initialised.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

namespace kconnect {
namespace {

using testing::MessageOf;
using Type = ConfigDef::Type;

ConfigDef Def() {
  ConfigDef def;
  def.Define({.name = "flag", .type = Type::kBoolean, .default_value = false})
      .Define({.name = "count", .type = Type::kInt, .default_value = int32_t{3}})
      .Define({.name = "small", .type = Type::kShort, .default_value = "7"})
      .Define({.name = "big", .type = Type::kLong, .default_value = int64_t{1} << 40})
      .Define({.name = "ratio", .type = Type::kDouble, .default_value = 0.5})
      .Define({.name = "name", .type = Type::kString})
      .Define({.name = "secret", .type = Type::kPassword, .default_value = ConfigDef::Parsed{}})
      .Define({.name = "cls", .type = Type::kClass, .default_value = "com.example.Cls"})
      .Define({.name = "items", .type = Type::kList, .default_value = ""})
      .Define({.name = "maybe.items", .type = Type::kList, .default_value = ConfigDef::Parsed{}});
  return def;
}

TEST(AbstractConfigTest, TypedGetters) {
  AbstractConfig config(
      Def(),
      {{"name", "conn"}, {"flag", "TRUE"}, {"items", "x, y"}, {"producer.override.acks", "all"}});
  EXPECT_TRUE(config.GetBoolean("flag"));
  EXPECT_EQ(config.GetInt("count"), 3);
  EXPECT_EQ(config.GetShort("small"), 7);
  EXPECT_EQ(config.GetLong("big"), int64_t{1} << 40);
  EXPECT_EQ(config.GetLong("count"), 3);  // widening is allowed
  EXPECT_DOUBLE_EQ(config.GetDouble("ratio"), 0.5);
  EXPECT_EQ(config.GetString("name"), "conn");
  EXPECT_EQ(config.GetString("secret"), std::nullopt);
  EXPECT_EQ(config.GetString("cls"), "com.example.Cls");
  EXPECT_EQ(config.GetList("items"), (std::vector<std::string>{"x", "y"}));
  EXPECT_TRUE(config.GetList("maybe.items").empty());
  EXPECT_EQ(config.Get("count"), ConfigDef::Parsed(int32_t{3}));
}

TEST(AbstractConfigTest, GetterErrors) {
  AbstractConfig config(Def(), {{"name", "conn"}});
  EXPECT_EQ(MessageOf<ConfigException>([&] { config.GetInt("nope"); }),
            "Unknown configuration 'nope'");
  EXPECT_EQ(MessageOf<ConfigException>([&] { config.GetInt("name"); }),
            "Configuration 'name' is not of type INT");
  EXPECT_EQ(MessageOf<ConfigException>([&] { config.GetBoolean("count"); }),
            "Configuration 'count' is not of type BOOLEAN");
}

TEST(AbstractConfigTest, ConstructionValidates) {
  EXPECT_EQ(MessageOf<ConfigException>([] { AbstractConfig config(Def(), {}); }),
            "Missing required configuration \"name\" which has no default value.");
  EXPECT_EQ(MessageOf<ConfigException>([] {
              AbstractConfig config(Def(), {{"name", "n"}, {"count", "many"}});
            }),
            "Invalid value many for configuration count: Not a number of type INT");
}

TEST(AbstractConfigTest, OriginalsWithPrefix) {
  AbstractConfig config(Def(), {{"name", "conn"},
                                {"producer.override.acks", "all"},
                                {"producer.override.linger.ms", "5"},
                                {"producer.overrider", "x"},
                                {"consumer.override.x", "y"}});
  EXPECT_EQ(config.Originals().size(), 5u);
  EXPECT_EQ(config.OriginalsWithPrefix("producer.override."),
            (Props{{"acks", "all"}, {"linger.ms", "5"}}));
  EXPECT_EQ(config.OriginalsWithPrefix("producer.override.", false),
            (Props{{"producer.override.acks", "all"}, {"producer.override.linger.ms", "5"}}));
  EXPECT_TRUE(config.OriginalsWithPrefix("admin.").empty());
}

}  // namespace
}  // namespace kconnect
