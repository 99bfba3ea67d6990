// ConfigDef: Java parseType rules, validators and their exact messages,
// Define/Parse/Validate.

#include "kconnect/config_def.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "tests/unit/sdk/expect_message.h"

// GCC 12 reports a false -Wmaybe-uninitialized inside std::variant's move
// constructor when ConfigKey literals are built at -O1 with sanitizers
// (GCC bug 105593); the values are always initialised.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

namespace kconnect {
namespace {

using testing::MessageOf;
using Parsed = ConfigDef::Parsed;
using Type = ConfigDef::Type;
using List = std::vector<std::string>;

Parsed P(const std::string& value, Type type) { return ConfigDef::ParseType("k", value, type); }

std::string ParseError(const std::string& value, Type type) {
  return MessageOf<ConfigException>([&] { P(value, type); });
}

TEST(ParseTypeTest, NullStaysNull) {
  for (Type t : {Type::kBoolean, Type::kString, Type::kInt, Type::kList, Type::kDouble}) {
    EXPECT_EQ(ConfigDef::ParseType("k", std::nullopt, t), Parsed{});
  }
}

TEST(ParseTypeTest, Boolean) {
  EXPECT_EQ(P("true", Type::kBoolean), Parsed(true));
  EXPECT_EQ(P(" TRUE ", Type::kBoolean), Parsed(true));
  EXPECT_EQ(P("False", Type::kBoolean), Parsed(false));
  EXPECT_EQ(ParseError("yes", Type::kBoolean),
            "Invalid value yes for configuration k: Expected value to be either true or false");
  EXPECT_EQ(ParseError("", Type::kBoolean),
            "Invalid value  for configuration k: Expected value to be either true or false");
}

TEST(ParseTypeTest, StringsAreTrimmed) {
  EXPECT_EQ(P("  a b \t", Type::kString), Parsed(std::string("a b")));
  EXPECT_EQ(P(" secret ", Type::kPassword), Parsed(std::string("secret")));
  EXPECT_EQ(P(" com.example.Foo\n", Type::kClass), Parsed(std::string("com.example.Foo")));
  EXPECT_EQ(P("", Type::kString), Parsed(std::string()));
}

TEST(ParseTypeTest, Int) {
  EXPECT_EQ(P("42", Type::kInt), Parsed(int32_t{42}));
  EXPECT_EQ(P(" +7 ", Type::kInt), Parsed(int32_t{7}));
  EXPECT_EQ(P("-0", Type::kInt), Parsed(int32_t{0}));
  EXPECT_EQ(P("007", Type::kInt), Parsed(int32_t{7}));
  EXPECT_EQ(P("2147483647", Type::kInt), Parsed(std::numeric_limits<int32_t>::max()));
  EXPECT_EQ(P("-2147483648", Type::kInt), Parsed(std::numeric_limits<int32_t>::min()));
  EXPECT_EQ(ParseError("2147483648", Type::kInt),
            "Invalid value 2147483648 for configuration k: Not a number of type INT");
  for (const char* bad : {"", "+", "-", "4.0", "0x10", "1e3", "12a", "1 2", "abc"}) {
    EXPECT_EQ(ParseError(bad, Type::kInt), std::string("Invalid value ") + bad +
                                               " for configuration k: Not a number of type INT")
        << bad;
  }
  // The message shows the value as given, before trimming.
  EXPECT_EQ(ParseError(" abc ", Type::kInt),
            "Invalid value  abc  for configuration k: Not a number of type INT");
}

TEST(ParseTypeTest, ShortAndLong) {
  EXPECT_EQ(P("32767", Type::kShort), Parsed(int16_t{32767}));
  EXPECT_EQ(P("-32768", Type::kShort), Parsed(int16_t{-32768}));
  EXPECT_EQ(ParseError("32768", Type::kShort),
            "Invalid value 32768 for configuration k: Not a number of type SHORT");
  EXPECT_EQ(P("9223372036854775807", Type::kLong), Parsed(std::numeric_limits<int64_t>::max()));
  EXPECT_EQ(P("-9223372036854775808", Type::kLong), Parsed(std::numeric_limits<int64_t>::min()));
  EXPECT_EQ(P("60000", Type::kLong), Parsed(int64_t{60000}));
  EXPECT_EQ(ParseError("9223372036854775808", Type::kLong),
            "Invalid value 9223372036854775808 for configuration k: Not a number of type LONG");
  EXPECT_EQ(ParseError("99999999999999999999", Type::kLong),
            "Invalid value 99999999999999999999 for configuration k: Not a number of type LONG");
}

TEST(ParseTypeTest, Double) {
  EXPECT_EQ(P("1.5", Type::kDouble), Parsed(1.5));
  EXPECT_EQ(P(" -2 ", Type::kDouble), Parsed(-2.0));
  EXPECT_EQ(P("1e3", Type::kDouble), Parsed(1000.0));
  EXPECT_EQ(P("+1E-2", Type::kDouble), Parsed(0.01));
  EXPECT_EQ(P(".5", Type::kDouble), Parsed(0.5));
  EXPECT_EQ(P("5.", Type::kDouble), Parsed(5.0));
  EXPECT_EQ(P("2.5d", Type::kDouble), Parsed(2.5));
  EXPECT_EQ(P("3f", Type::kDouble), Parsed(3.0));
  EXPECT_EQ(P("0x1p3", Type::kDouble), Parsed(8.0));
  EXPECT_EQ(P("-Infinity", Type::kDouble), Parsed(-std::numeric_limits<double>::infinity()));
  EXPECT_EQ(P("1e400", Type::kDouble), Parsed(std::numeric_limits<double>::infinity()));
  EXPECT_EQ(P("1e-400", Type::kDouble), Parsed(0.0));
  EXPECT_TRUE(std::isnan(std::get<double>(P("NaN", Type::kDouble))));
  for (const char* bad : {"", ".", "e5", "1e", "1.2.3", "abc", "nan", "infinity", "0x1.8", "1,5"}) {
    EXPECT_EQ(
        ParseError(bad, Type::kDouble),
        std::string("Invalid value ") + bad + " for configuration k: Not a number of type DOUBLE")
        << bad;
  }
}

TEST(ParseTypeTest, List) {
  EXPECT_EQ(P("", Type::kList), Parsed(List{}));
  EXPECT_EQ(P("   ", Type::kList), Parsed(List{}));
  EXPECT_EQ(P("a", Type::kList), Parsed(List{"a"}));
  EXPECT_EQ(P(" a , b ,c ", Type::kList), Parsed(List{"a", "b", "c"}));
  EXPECT_EQ(P("a,,b", Type::kList), Parsed(List{"a", "", "b"}));
  EXPECT_EQ(P("a,", Type::kList), Parsed(List{"a", ""}));
  EXPECT_EQ(P(",a", Type::kList), Parsed(List{"", "a"}));
  EXPECT_EQ(P("a b,c", Type::kList), Parsed(List{"a b", "c"}));
}

TEST(ConvertToStringTest, RendersAsJava) {
  EXPECT_EQ(ConfigDef::ConvertToString(Parsed{}, Type::kString), std::nullopt);
  EXPECT_EQ(ConfigDef::ConvertToString(true, Type::kBoolean), "true");
  EXPECT_EQ(ConfigDef::ConvertToString(false, Type::kBoolean), "false");
  EXPECT_EQ(ConfigDef::ConvertToString(int32_t{-5}, Type::kInt), "-5");
  EXPECT_EQ(ConfigDef::ConvertToString(int16_t{5}, Type::kShort), "5");
  EXPECT_EQ(ConfigDef::ConvertToString(int64_t{60000}, Type::kLong), "60000");
  EXPECT_EQ(ConfigDef::ConvertToString(0.5, Type::kDouble), "0.5");
  EXPECT_EQ(ConfigDef::ConvertToString(1.0, Type::kDouble), "1.0");
  EXPECT_EQ(ConfigDef::ConvertToString(1e7, Type::kDouble), "1.0E7");
  EXPECT_EQ(ConfigDef::ConvertToString(std::string("s"), Type::kString), "s");
  EXPECT_EQ(ConfigDef::ConvertToString(std::string("pw"), Type::kPassword), "pw");
  EXPECT_EQ(ConfigDef::ConvertToString(List{"a", "b", "c"}, Type::kList), "a,b,c");
  EXPECT_EQ(ConfigDef::ConvertToString(List{}, Type::kList), "");
}

TEST(ConfigDefNamesTest, UpperCaseAsJava) {
  EXPECT_STREQ(ConfigDef::TypeName(Type::kBoolean), "BOOLEAN");
  EXPECT_STREQ(ConfigDef::TypeName(Type::kString), "STRING");
  EXPECT_STREQ(ConfigDef::TypeName(Type::kInt), "INT");
  EXPECT_STREQ(ConfigDef::TypeName(Type::kShort), "SHORT");
  EXPECT_STREQ(ConfigDef::TypeName(Type::kLong), "LONG");
  EXPECT_STREQ(ConfigDef::TypeName(Type::kDouble), "DOUBLE");
  EXPECT_STREQ(ConfigDef::TypeName(Type::kList), "LIST");
  EXPECT_STREQ(ConfigDef::TypeName(Type::kClass), "CLASS");
  EXPECT_STREQ(ConfigDef::TypeName(Type::kPassword), "PASSWORD");
  EXPECT_STREQ(ConfigDef::ImportanceName(ConfigDef::Importance::kHigh), "HIGH");
  EXPECT_STREQ(ConfigDef::ImportanceName(ConfigDef::Importance::kMedium), "MEDIUM");
  EXPECT_STREQ(ConfigDef::ImportanceName(ConfigDef::Importance::kLow), "LOW");
  EXPECT_STREQ(ConfigDef::WidthName(ConfigDef::Width::kNone), "NONE");
  EXPECT_STREQ(ConfigDef::WidthName(ConfigDef::Width::kShort), "SHORT");
  EXPECT_STREQ(ConfigDef::WidthName(ConfigDef::Width::kMedium), "MEDIUM");
  EXPECT_STREQ(ConfigDef::WidthName(ConfigDef::Width::kLong), "LONG");
}

std::string ValidatorError(const ConfigDef::ValidatorPtr& v, const std::string& name,
                           const Parsed& value) {
  return MessageOf<ConfigException>([&] { v->EnsureValid(name, value); });
}

TEST(ValidatorsTest, Range) {
  auto at_least = ConfigDef::AtLeast(1);
  EXPECT_NO_THROW(at_least->EnsureValid("tasks.max", int32_t{1}));
  EXPECT_NO_THROW(at_least->EnsureValid("tasks.max", int64_t{1} << 40));
  EXPECT_EQ(ValidatorError(at_least, "tasks.max", int32_t{0}),
            "Invalid value 0 for configuration tasks.max: Value must be at least 1");
  EXPECT_EQ(ValidatorError(at_least, "tasks.max", int32_t{-3}),
            "Invalid value -3 for configuration tasks.max: Value must be at least 1");
  // Java's Range refuses null (a missing or unparsable value).
  EXPECT_EQ(ValidatorError(at_least, "tasks.max", Parsed{}),
            "Invalid value null for configuration tasks.max: Value must be non-null");
  EXPECT_EQ(at_least->ToString(), "[1,...]");

  auto between = ConfigDef::Between(1, 10);
  EXPECT_NO_THROW(between->EnsureValid("x", int16_t{10}));
  EXPECT_EQ(ValidatorError(between, "x", int32_t{11}),
            "Invalid value 11 for configuration x: Value must be no more than 10");
  EXPECT_EQ(ValidatorError(between, "x", int64_t{0}),
            "Invalid value 0 for configuration x: Value must be at least 1");
  EXPECT_EQ(ValidatorError(between, "x", 10.5),
            "Invalid value 10.5 for configuration x: Value must be no more than 10");
  EXPECT_EQ(between->ToString(), "[1,...,10]");

  auto at_least_double = ConfigDef::AtLeastDouble(0.5);
  EXPECT_NO_THROW(at_least_double->EnsureValid("r", 0.5));
  EXPECT_EQ(ValidatorError(at_least_double, "r", 0.25),
            "Invalid value 0.25 for configuration r: Value must be at least 0.5");
  EXPECT_EQ(ValidatorError(ConfigDef::AtLeastDouble(0), "r", -1.0),
            "Invalid value -1.0 for configuration r: Value must be at least 0.0");
  EXPECT_EQ(at_least_double->ToString(), "[0.5,...]");
}

TEST(ValidatorsTest, ValidString) {
  auto v = ConfigDef::ValidString({"none", "all"});
  EXPECT_NO_THROW(v->EnsureValid("errors.tolerance", std::string("all")));
  EXPECT_EQ(
      ValidatorError(v, "errors.tolerance", std::string("ALL")),
      "Invalid value ALL for configuration errors.tolerance: String must be one of: none, all");
  EXPECT_EQ(ValidatorError(v, "errors.tolerance", Parsed{}),
            "Invalid value null for configuration errors.tolerance: String must be one of: none, "
            "all");
  EXPECT_EQ(v->ToString(), "[none, all]");
}

TEST(ValidatorsTest, CaseInsensitiveValidStringListsJavaHashSetOrder) {
  auto v = ConfigDef::CaseInsensitiveValidString({"none", "all"});
  EXPECT_NO_THROW(v->EnsureValid("k", std::string("None")));
  EXPECT_NO_THROW(v->EnsureValid("k", std::string("ALL")));
  // Java keeps the upper-cased names in a HashSet: "ALL" hashes to an earlier bucket.
  EXPECT_EQ(ValidatorError(v, "k", std::string("some")),
            "Invalid value some for configuration k: String must be one of (case insensitive): "
            "ALL, NONE");
  EXPECT_EQ(
      ValidatorError(ConfigDef::CaseInsensitiveValidString({"b", "a"}), "k", std::string("c")),
      "Invalid value c for configuration k: String must be one of (case insensitive): A, B");
  EXPECT_EQ(ValidatorError(v, "k", Parsed{}),
            "Invalid value null for configuration k: String must be one of (case insensitive): "
            "ALL, NONE");
  EXPECT_EQ(v->ToString(), "(case insensitive) [ALL, NONE]");
}

TEST(ValidatorsTest, NonEmptyString) {
  auto v = ConfigDef::NonEmptyString();
  EXPECT_NO_THROW(v->EnsureValid("topic", std::string("t")));
  EXPECT_NO_THROW(v->EnsureValid("topic", Parsed{}));
  EXPECT_EQ(ValidatorError(v, "topic", std::string()),
            "Invalid value  for configuration topic: String must be non-empty");
  EXPECT_EQ(v->ToString(), "non-empty string");
}

TEST(ValidatorsTest, NonEmptyStringWithoutControlChars) {
  auto v = ConfigDef::NonEmptyStringWithoutControlChars();
  EXPECT_NO_THROW(v->EnsureValid("name", std::string("my-connector")));
  EXPECT_NO_THROW(v->EnsureValid("name", std::string("caf\xC3\xA9")));
  EXPECT_NO_THROW(v->EnsureValid("name", Parsed{}));
  EXPECT_EQ(ValidatorError(v, "name", std::string()),
            "Invalid value  for configuration name: String may not be empty");
  EXPECT_EQ(ValidatorError(v, "name", std::string("a\nb")),
            "Invalid value a\nb for configuration name: String may not contain control sequences "
            "but had the following ASCII chars: 10");
  EXPECT_EQ(ValidatorError(v, "name", std::string("\ta\x7F")),
            "Invalid value \ta\x7F for configuration name: String may not contain control "
            "sequences but had the following ASCII chars: 9, 127");
  // U+0085 (NEL) is an ISO control character too.
  EXPECT_EQ(ValidatorError(v, "name", std::string("x\xC2\x85")),
            "Invalid value x\xC2\x85 for configuration name: String may not contain control "
            "sequences but had the following ASCII chars: 133");
  EXPECT_EQ(v->ToString(), "non-empty string without ISO control characters");
}

TEST(ValidatorsTest, NonNull) {
  auto v = ConfigDef::NonNullValidator();
  EXPECT_NO_THROW(v->EnsureValid("k", std::string()));
  EXPECT_EQ(ValidatorError(v, "k", Parsed{}),
            "Invalid value null for configuration k: entry must be non null");
}

TEST(ValidatorsTest, ValidListAndComposite) {
  auto list = ConfigDef::ValidList(ConfigDef::ValidString({"a", "b"}));
  EXPECT_NO_THROW(list->EnsureValid("k", List{"a", "b", "a"}));
  EXPECT_NO_THROW(list->EnsureValid("k", Parsed{}));
  EXPECT_EQ(ValidatorError(list, "k", List{"a", "c"}),
            "Invalid value c for configuration k: String must be one of: a, b");
  EXPECT_EQ(list->ToString(), "[a, b]");

  auto composite =
      ConfigDef::CompositeValidator({ConfigDef::NonNullValidator(), ConfigDef::NonEmptyString()});
  EXPECT_NO_THROW(composite->EnsureValid("k", std::string("x")));
  EXPECT_EQ(ValidatorError(composite, "k", Parsed{}),
            "Invalid value null for configuration k: entry must be non null");
  EXPECT_EQ(ValidatorError(composite, "k", std::string()),
            "Invalid value  for configuration k: String must be non-empty");
  EXPECT_EQ(composite->ToString(), "non-null string, non-empty string");
}

ConfigDef SampleDef() {
  ConfigDef def;
  def.Define({.name = "topic",
              .type = Type::kString,
              .validator = ConfigDef::NonEmptyString(),
              .importance = ConfigDef::Importance::kHigh,
              .documentation = "The topic",
              .group = "Common"})
      .Define({.name = "tasks.max",
               .type = Type::kInt,
               .default_value = int32_t{1},
               .validator = ConfigDef::AtLeast(1),
               .group = "Common"})
      .Define({.name = "batch.size",
               .type = Type::kLong,
               .default_value = 2000,  // an int literal is accepted for a LONG key
               .group = "Tuning"})
      .Define({.name = "hosts", .type = Type::kList, .default_value = "a, b"})
      .Define({.name = "file", .type = Type::kString, .default_value = Parsed{}});
  return def;
}

TEST(ConfigDefTest, DefineRecordsKeysGroupsAndDefaults) {
  ConfigDef def = SampleDef();
  ASSERT_EQ(def.Keys().size(), 5u);
  EXPECT_EQ(def.Keys()[0].name, "topic");
  EXPECT_EQ(def.Keys()[4].name, "file");
  EXPECT_EQ(def.Groups(), (List{"Common", "Tuning"}));
  const auto* topic = def.Find("topic");
  ASSERT_NE(topic, nullptr);
  EXPECT_FALSE(topic->HasDefault());
  EXPECT_EQ(topic->display_name, "topic");  // defaults to the name, as Java's define()
  EXPECT_EQ(def.Find("batch.size")->default_value, Parsed(int64_t{2000}));
  EXPECT_EQ(def.Find("hosts")->default_value, Parsed(List{"a", "b"}));
  EXPECT_EQ(def.Find("file")->default_value, Parsed{});
  EXPECT_TRUE(def.Find("file")->HasDefault());
  EXPECT_EQ(def.Find("nope"), nullptr);
}

TEST(ConfigDefTest, DefineRejectsDuplicatesAndBadDefaults) {
  ConfigDef def = SampleDef();
  EXPECT_EQ(MessageOf<ConfigException>([&] { def.Define({.name = "topic"}); }),
            "Configuration topic is defined twice.");
  EXPECT_EQ(MessageOf<ConfigException>(
                [&] { def.Define({.name = "n", .type = Type::kInt, .default_value = "x"}); }),
            "Invalid value x for configuration n: Not a number of type INT");
  EXPECT_EQ(MessageOf<ConfigException>([&] {
              def.Define({.name = "m",
                          .type = Type::kInt,
                          .default_value = int32_t{0},
                          .validator = ConfigDef::AtLeast(1)});
            }),
            "Invalid value 0 for configuration m: Value must be at least 1");
  EXPECT_EQ(def.Find("n"), nullptr);
}

TEST(ConfigDefTest, MergeAddsOnlyMissingKeys) {
  ConfigDef base;
  base.Define({.name = "topic", .type = Type::kInt, .default_value = int32_t{5}})
      .Define({.name = "extra", .type = Type::kBoolean, .default_value = true, .group = "G"});
  ConfigDef def = SampleDef();
  def.Merge(base);
  EXPECT_EQ(def.Keys().size(), 6u);
  EXPECT_EQ(def.Find("topic")->type, Type::kString);  // the existing definition wins
  EXPECT_EQ(def.Find("extra")->default_value, Parsed(true));
  EXPECT_EQ(def.Groups(), (List{"Common", "Tuning", "G"}));
}

TEST(ConfigDefTest, ParseAppliesDefaultsAndValidators) {
  ConfigDef def = SampleDef();
  auto values = def.Parse({{"topic", " t1 "}, {"tasks.max", "3"}, {"unknown", "ignored"}});
  EXPECT_EQ(values.size(), 5u);
  EXPECT_EQ(values.at("topic"), Parsed(std::string("t1")));
  EXPECT_EQ(values.at("tasks.max"), Parsed(int32_t{3}));
  EXPECT_EQ(values.at("batch.size"), Parsed(int64_t{2000}));
  EXPECT_EQ(values.at("hosts"), Parsed(List{"a", "b"}));
  EXPECT_EQ(values.at("file"), Parsed{});
  EXPECT_EQ(values.count("unknown"), 0u);

  EXPECT_EQ(MessageOf<ConfigException>([&] { def.Parse({}); }),
            "Missing required configuration \"topic\" which has no default value.");
  EXPECT_EQ(MessageOf<ConfigException>([&] {
              def.Parse({{"topic", "t"}, {"tasks.max", "0"}});
            }),
            "Invalid value 0 for configuration tasks.max: Value must be at least 1");
  EXPECT_EQ(MessageOf<ConfigException>([&] {
              def.Parse({{"topic", ""}});
            }),
            "Invalid value  for configuration topic: String must be non-empty");
}

TEST(ConfigDefTest, ParseRejectsUndefinedDependents) {
  ConfigDef def;
  def.Define({.name = "a", .default_value = "x", .dependents = {"b", "c"}});
  EXPECT_EQ(MessageOf<ConfigException>([&] { def.Parse({}); }),
            "Some configurations in are referred in the dependents, but not defined: b,c");
}

const ConfigDef::ConfigValue& ValueOf(const std::vector<ConfigDef::ConfigValue>& values,
                                      const std::string& name) {
  for (const auto& v : values) {
    if (v.name == name) return v;
  }
  static const ConfigDef::ConfigValue kMissing{.name = "<missing>"};
  ADD_FAILURE() << "no ConfigValue for " << name;
  return kMissing;
}

TEST(ConfigDefTest, ValidateReportsPerKeyResultsInDefinitionOrder) {
  ConfigDef def = SampleDef();
  auto results = def.Validate({{"tasks.max", "abc"}, {"batch.size", "10"}});
  ASSERT_EQ(results.size(), 5u);
  EXPECT_EQ(results[0].name, "topic");
  EXPECT_EQ(results[1].name, "tasks.max");
  EXPECT_EQ(results[4].name, "file");

  const auto& topic = ValueOf(results, "topic");
  EXPECT_EQ(topic.error_messages,
            List{"Missing required configuration \"topic\" which has no default value."});
  EXPECT_EQ(topic.value, Parsed{});
  EXPECT_TRUE(topic.visible);

  // As Java: the parse error, then the validator's complaint about the null left behind.
  const auto& tasks = ValueOf(results, "tasks.max");
  EXPECT_EQ(tasks.error_messages,
            (List{"Invalid value abc for configuration tasks.max: Not a number of type INT",
                  "Invalid value null for configuration tasks.max: Value must be non-null"}));
  EXPECT_EQ(tasks.value, Parsed{});

  EXPECT_TRUE(ValueOf(results, "batch.size").error_messages.empty());
  EXPECT_EQ(ValueOf(results, "batch.size").value, Parsed(int64_t{10}));
  EXPECT_EQ(ValueOf(results, "hosts").value, Parsed(List{"a", "b"}));
}

TEST(ConfigDefTest, ValidateWithValidatorErrorAndCleanInput) {
  ConfigDef def = SampleDef();
  auto bad = def.Validate({{"topic", "t"}, {"tasks.max", "0"}});
  EXPECT_EQ(ValueOf(bad, "tasks.max").error_messages,
            List{"Invalid value 0 for configuration tasks.max: Value must be at least 1"});
  EXPECT_EQ(ValueOf(bad, "tasks.max").value, Parsed(int32_t{0}));

  auto good = def.Validate({{"topic", "t"}});
  for (const auto& v : good) EXPECT_TRUE(v.error_messages.empty()) << v.name;
}

// Recommends the values of "mode" depending on "enabled", and hides "mode" when disabled.
class ModeRecommender : public ConfigDef::Recommender {
 public:
  std::vector<Parsed> ValidValues(const std::string&,
                                  const std::map<std::string, Parsed>& parsed) const override {
    if (parsed.at("enabled") == Parsed(true)) {
      return {std::string("fast"), std::string("safe")};
    }
    return {};
  }
  bool Visible(const std::string&, const std::map<std::string, Parsed>& parsed) const override {
    return parsed.at("enabled") == Parsed(true);
  }
};

class FailingRecommender : public ConfigDef::Recommender {
 public:
  std::vector<Parsed> ValidValues(const std::string&,
                                  const std::map<std::string, Parsed>&) const override {
    throw ConfigException("no recommendations today");
  }
  bool Visible(const std::string&, const std::map<std::string, Parsed>&) const override {
    return true;
  }
};

TEST(ConfigDefTest, ValidateUsesRecommendersAndDependents) {
  ConfigDef def;
  // "mode" is defined before its parent: the recommender still sees the parent's value.
  def.Define({.name = "mode",
              .type = Type::kString,
              .default_value = "fast",
              .recommender = std::make_shared<ModeRecommender>()})
      .Define({.name = "enabled",
               .type = Type::kBoolean,
               .default_value = false,
               .dependents = {"mode", "ghost"}})
      .Define({.name = "other",
               .type = Type::kInt,
               .default_value = int32_t{1},
               .recommender = std::make_shared<FailingRecommender>()});

  auto on = def.Validate({{"enabled", "true"}});
  ASSERT_EQ(on.size(), 4u);
  const auto& mode = ValueOf(on, "mode");
  EXPECT_TRUE(mode.visible);
  EXPECT_EQ(mode.recommended_values,
            (std::vector<Parsed>{std::string("fast"), std::string("safe")}));
  EXPECT_EQ(ValueOf(on, "other").error_messages, List{"no recommendations today"});

  const auto& ghost = on.back();
  EXPECT_EQ(ghost.name, "ghost");
  EXPECT_FALSE(ghost.visible);
  EXPECT_EQ(ghost.error_messages, List{"ghost is referred in the dependents, but not defined."});

  auto off = def.Validate({});
  EXPECT_FALSE(ValueOf(off, "mode").visible);
  EXPECT_TRUE(ValueOf(off, "mode").recommended_values.empty());
}

}  // namespace
}  // namespace kconnect
