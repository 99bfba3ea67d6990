#include "common/properties.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace kconnect::common {
namespace {

TEST(PropertiesTest, SeparatorsEqualsColonAndWhitespace) {
  const Properties p = ParseProperties("a=1\nb:2\nc 3\nd\t4\ne\f5\n");
  EXPECT_EQ(p, (Properties{{"a", "1"}, {"b", "2"}, {"c", "3"}, {"d", "4"}, {"e", "5"}}));
}

TEST(PropertiesTest, WhitespaceAroundSeparatorIsIgnored) {
  const Properties p = ParseProperties("  a  =  1\nb :2\nc   :   3\nd   4  \n");
  EXPECT_EQ(p.at("a"), "1");
  EXPECT_EQ(p.at("b"), "2");
  EXPECT_EQ(p.at("c"), "3");
  // Trailing whitespace belongs to the value, as in Java.
  EXPECT_EQ(p.at("d"), "4  ");
}

TEST(PropertiesTest, OnlyTheFirstSeparatorSplits) {
  const Properties p = ParseProperties("url=http://h:8083/a=b\nk:v=w\nx = = y\n");
  EXPECT_EQ(p.at("url"), "http://h:8083/a=b");
  EXPECT_EQ(p.at("k"), "v=w");
  // Only one '=' is swallowed after whitespace; the second starts the value.
  EXPECT_EQ(p.at("x"), "= y");
}

TEST(PropertiesTest, CommentsAndBlankLines) {
  const Properties p = ParseProperties(
      "# comment\n"
      "! bang comment\n"
      "   # indented comment\n"
      "\n"
      "   \t \n"
      "a=1 # not a comment\n"
      "#b=2\n");
  EXPECT_EQ(p, (Properties{{"a", "1 # not a comment"}}));
}

TEST(PropertiesTest, CommentLineEndingInBackslashDoesNotContinue) {
  const Properties p = ParseProperties("# comment \\\na=1\n");
  EXPECT_EQ(p, (Properties{{"a", "1"}}));
}

TEST(PropertiesTest, LineContinuationDropsLeadingWhitespace) {
  const Properties p = ParseProperties(
      "list=a,\\\n"
      "     b,\\\n"
      "\t\tc\n"
      "next=1\n");
  EXPECT_EQ(p.at("list"), "a,b,c");
  EXPECT_EQ(p.at("next"), "1");
}

TEST(PropertiesTest, ContinuedLineStartingWithHashIsNotAComment) {
  const Properties p = ParseProperties("a=1\\\n  #2\n");
  EXPECT_EQ(p.at("a"), "1#2");
}

TEST(PropertiesTest, EvenTrailingBackslashesDoNotContinue) {
  const Properties p = ParseProperties("a=x\\\\\nb=y\\\\\\\nz\n");
  EXPECT_EQ(p.at("a"), "x\\");   // two backslashes: a literal one, no continuation
  EXPECT_EQ(p.at("b"), "y\\z");  // three: a literal one, then continuation
  EXPECT_EQ(p.size(), 2u);
}

TEST(PropertiesTest, ContinuationIntoEmptyLineEndsTheValue) {
  const Properties p = ParseProperties("a=1\\\n\nb=2\n");
  EXPECT_EQ(p, (Properties{{"a", "1"}, {"b", "2"}}));
}

TEST(PropertiesTest, ContinuationAtEndOfInputIsDropped) {
  EXPECT_EQ(ParseProperties("a=1\\"), (Properties{{"a", "1"}}));
  EXPECT_EQ(ParseProperties("a=1\\\n"), (Properties{{"a", "1"}}));
}

TEST(PropertiesTest, LineTerminators) {
  const Properties p = ParseProperties("a=1\r\nb=2\rc=3\nd=x\\\r\n  y\r\n");
  EXPECT_EQ(p, (Properties{{"a", "1"}, {"b", "2"}, {"c", "3"}, {"d", "xy"}}));
}

TEST(PropertiesTest, LastLineWithoutNewline) {
  EXPECT_EQ(ParseProperties("a=1\nb=2"), (Properties{{"a", "1"}, {"b", "2"}}));
}

TEST(PropertiesTest, Escapes) {
  const Properties p = ParseProperties(R"(a=tab\there\nnl\rcr\fff
b=\q\z\\\"
c=\u0041\u00e9\u20AC
)");
  EXPECT_EQ(p.at("a"), "tab\there\nnl\rcr\fff");
  EXPECT_EQ(p.at("b"), "qz\\\"");
  EXPECT_EQ(p.at("c"), "A\xC3\xA9\xE2\x82\xAC");  // A, e-acute, euro sign in UTF-8
}

TEST(PropertiesTest, SurrogatePairBecomesOneUtf8Character) {
  const Properties p = ParseProperties(R"(emoji=\uD83D\uDE00
lone=x\uD83Dy
low=\uDE00
)");
  EXPECT_EQ(p.at("emoji"), "\xF0\x9F\x98\x80");  // U+1F600
  EXPECT_EQ(p.at("lone"), "x?y");
  EXPECT_EQ(p.at("low"), "?");
}

TEST(PropertiesTest, RawUtf8PassesThrough) {
  EXPECT_EQ(ParseProperties("name=caf\xC3\xA9\n").at("name"), "caf\xC3\xA9");
}

TEST(PropertiesTest, MalformedUnicodeEscapeThrows) {
  EXPECT_THROW(ParseProperties("a=\\u12\n"), std::invalid_argument);
  EXPECT_THROW(ParseProperties("a=\\u12G4\n"), std::invalid_argument);
}

TEST(PropertiesTest, EscapedSeparatorsBelongToTheKey) {
  const Properties p = ParseProperties(R"(a\=b=c
d\:e:f
g\ h i
\#notcomment=1
)");
  EXPECT_EQ(p.at("a=b"), "c");
  EXPECT_EQ(p.at("d:e"), "f");
  EXPECT_EQ(p.at("g h"), "i");
  EXPECT_EQ(p.at("#notcomment"), "1");
}

TEST(PropertiesTest, UnicodeEscapedSeparatorDoesNotSplit) {
  EXPECT_EQ(ParseProperties("a\\u003Db=c\n").at("a=b"), "c");
}

TEST(PropertiesTest, KeyWithoutValueIsEmpty) {
  const Properties p = ParseProperties("alone\nspaced   \nsep=\ncolon:\n");
  EXPECT_EQ(p, (Properties{{"alone", ""}, {"spaced", ""}, {"sep", ""}, {"colon", ""}}));
}

TEST(PropertiesTest, EmptyKey) {
  EXPECT_EQ(ParseProperties("=value\n"), (Properties{{"", "value"}}));
}

TEST(PropertiesTest, LaterDuplicatesWin) { EXPECT_EQ(ParseProperties("a=1\na=2\n").at("a"), "2"); }

TEST(PropertiesTest, ShippedStandaloneConfig) {
  const Properties p = ParseProperties(
      "# Licensed to the Apache Software Foundation (ASF)\n"
      "bootstrap.servers=localhost:9092\n"
      "key.converter=org.apache.kafka.connect.json.JsonConverter\n"
      "offset.storage.file.filename=/tmp/connect.offsets\n"
      "offset.flush.interval.ms=10000\n"
      "#plugin.path=\n");
  EXPECT_EQ(p.size(), 4u);
  EXPECT_EQ(p.at("bootstrap.servers"), "localhost:9092");
  EXPECT_EQ(p.at("offset.storage.file.filename"), "/tmp/connect.offsets");
}

TEST(PropertiesTest, StripPrefix) {
  const Properties p = {{"producer.acks", "all"},    {"producer.", "x"},
                        {"producer.linger.ms", "5"}, {"producerx", "no"},
                        {"consumer.acks", "1"},      {"acks", "0"}};
  EXPECT_EQ(StripPrefix(p, "producer."), (Properties{{"acks", "all"}, {"linger.ms", "5"}}));
  EXPECT_TRUE(StripPrefix(p, "admin.").empty());
  EXPECT_EQ(StripPrefix(p, "").size(), p.size());
}

class PropertiesFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/kc_props_test_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

TEST_F(PropertiesFileTest, LoadsFile) {
  const std::string path = dir_ + "/worker.properties";
  std::ofstream(path) << "a=1\nb = two\n";
  EXPECT_EQ(LoadPropertiesFile(path), (Properties{{"a", "1"}, {"b", "two"}}));
}

TEST_F(PropertiesFileTest, MissingFileNamesThePath) {
  const std::string path = dir_ + "/missing.properties";
  try {
    LoadPropertiesFile(path);
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "Could not read properties file " + path + ": No such file or directory");
  }
}

TEST_F(PropertiesFileTest, DirectoryIsUnreadable) {
  try {
    LoadPropertiesFile(dir_);
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "Could not read properties file " + dir_ + ": Is a directory");
  }
}

TEST_F(PropertiesFileTest, MalformedEscapeNamesThePath) {
  const std::string path = dir_ + "/bad.properties";
  std::ofstream(path) << "a=\\uZZZZ\n";
  try {
    LoadPropertiesFile(path);
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "Could not read properties file " + path + ": Malformed \\uxxxx encoding.");
  }
}

}  // namespace
}  // namespace kconnect::common
