// StandaloneHerder's KIP-875 offsets calls through its C++ API: what a source
// connector's offsets look like in the store before and after an alter or a
// reset, the order of the checks, and the connector's say (the real
// FileStreamSource plugin). Sink offsets need a broker with the group admin
// APIs: tests/integration/offsets_test.cc covers them.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "herder_fixture.h"

namespace kconnect::worker::herder {
namespace {

using ::testing::HasSubstr;
using testing::ExpectError;

constexpr const char* kAltered = "The offsets for this connector have been altered successfully";
constexpr const char* kReset = "The offsets for this connector have been reset successfully";

class StandaloneHerderOffsetsTest : public testing::StandaloneHerderFixture {
 protected:
  void SetUp() override { StartHerder({KC_CONNECTORS_DIR, KC_TEST_PLUGIN_DIR "/good"}); }

  // A FileStreamSource reading /data/in.txt, created stopped: no task runs,
  // so the store holds only what a test puts there.
  void CreateFileSource(const std::string& name, TargetState initial = TargetState::kStopped,
                        const std::string& file = "/data/in.txt") {
    Props config = {{"name", name}, {"connector.class", "FileStreamSource"}, {"topic", "t"}};
    if (!file.empty()) config["file"] = file;
    auto created = herder_->PutConnectorConfig(name, config, false, initial);
    ASSERT_TRUE(created.Ok()) << created.Error().message;
  }

  void Put(const std::string& key, std::optional<std::string> value) {
    std::string error;
    ASSERT_TRUE(store_.Set({{key, std::move(value)}}, &error)) << error;
  }
  std::optional<std::string> Stored(const std::string& key) {
    auto found = store_.Get({key});
    return found.count(key) ? found[key] : std::optional<std::string>("<absent>");
  }

  static ConnectorOffset Offset(const std::string& filename, std::optional<int64_t> position) {
    ConnectorOffset o;
    o.partition = OffsetMap{{"filename", Value(filename)}};
    if (position) o.offset = OffsetMap{{"position", Value(*position)}};
    return o;
  }

  // "<partition>=<offset>;..." of a GET.
  std::string Listed(const std::string& name) {
    auto offsets = herder_->ConnectorOffsets(name);
    if (!offsets) return "error " + std::to_string(offsets.Error().status) + ": " +
                         offsets.Error().message;
    std::string out;
    for (const auto& o : *offsets) {
      for (const auto* map : {&o.partition, &o.offset}) {
        out += map == &o.partition ? "" : "=";
        if (!*map) {
          out += "null";
          continue;
        }
        for (const auto& [k, v] : **map) out += k + ":" + v.ToJavaString();
      }
      out += ";";
    }
    return out;
  }
};

std::string NotStopped(const std::string& name) {
  return "Connectors must be in the STOPPED state before their offsets can be modified. This can "
         "be done for the specified connector by issuing a 'PUT' request to the '/connectors/" +
         name + "/stop' endpoint";
}

TEST_F(StandaloneHerderOffsetsTest, UnknownConnectorIs404) {
  ExpectError(herder_->ConnectorOffsets("nope").Error(), 404, "Connector nope not found");
  ExpectError(herder_->AlterConnectorOffsets("nope", {Offset("/a", 1)}).Error(), 404,
              "Connector nope not found");
  ExpectError(herder_->ResetConnectorOffsets("nope").Error(), 404, "Connector nope not found");
}

TEST_F(StandaloneHerderOffsetsTest, ListsOnlyThisConnectorsLiveOffsets) {
  CreateFileSource("src");
  EXPECT_EQ(Listed("src"), "");  // never committed
  Put(R"(["src",{"filename":"/data/in.txt"}])", R"({"position":42})");
  Put(R"(["src",{"filename":"/data/old.txt"}])", std::nullopt);  // reset earlier
  Put(R"(["other",{"filename":"/data/in.txt"}])", R"({"position":7})");
  Put(R"(["src-2",{"filename":"/x"}])", R"({"position":1})");
  EXPECT_EQ(Listed("src"), "filename:/data/in.txt=position:42;");
  // Any state: a running connector's offsets are listed too.
  CreateFileSource("other", TargetState::kStarted);
  EXPECT_EQ(Listed("other"), "filename:/data/in.txt=position:7;");
}

TEST_F(StandaloneHerderOffsetsTest, ChangesNeedAStoppedConnector) {
  CreateFileSource("running", TargetState::kStarted);
  CreateFileSource("paused", TargetState::kPaused);
  for (const std::string name : {"running", "paused"}) {
    ExpectError(herder_->AlterConnectorOffsets(name, {Offset("/data/in.txt", 0)}).Error(), 400,
                NotStopped(name));
    ExpectError(herder_->ResetConnectorOffsets(name).Error(), 400, NotStopped(name));
  }
  // Stopping makes it possible.
  ASSERT_TRUE(herder_->StopConnector("running").Ok());
  auto altered = herder_->AlterConnectorOffsets("running", {Offset("/data/in.txt", 3)});
  ASSERT_TRUE(altered.Ok()) << altered.Error().message;
  EXPECT_EQ(*altered, kAltered);
  // ...until it is resumed.
  ASSERT_TRUE(herder_->ResumeConnector("running").Ok());
  ExpectError(herder_->ResetConnectorOffsets("running").Error(), 400, NotStopped("running"));
}

TEST_F(StandaloneHerderOffsetsTest, AlterWritesTheBytesTheSourceTaskReads) {
  CreateFileSource("src");
  Put(R"(["src",{"filename":"/data/in.txt"}])", R"({"position":42})");
  auto altered = herder_->AlterConnectorOffsets(
      "src", {Offset("/data/in.txt", 0), Offset("/data/new.txt", 9)});
  ASSERT_TRUE(altered.Ok()) << altered.Error().message;
  EXPECT_EQ(*altered, kAltered);  // FileStreamSource handles the change itself
  EXPECT_EQ(Stored(R"(["src",{"filename":"/data/in.txt"}])"), R"({"position":0})");
  EXPECT_EQ(Stored(R"(["src",{"filename":"/data/new.txt"}])"), R"({"position":9})");
  EXPECT_EQ(Listed("src"),
            "filename:/data/in.txt=position:0;filename:/data/new.txt=position:9;");

  // A null offset resets just that partition.
  ASSERT_TRUE(herder_->AlterConnectorOffsets("src", {Offset("/data/new.txt", std::nullopt)}).Ok());
  EXPECT_EQ(Stored(R"(["src",{"filename":"/data/new.txt"}])"), std::nullopt);
  EXPECT_EQ(Listed("src"), "filename:/data/in.txt=position:0;");
}

TEST_F(StandaloneHerderOffsetsTest, TheConnectorsRejectionIs500AndChangesNothing) {
  CreateFileSource("src");
  Put(R"(["src",{"filename":"/data/in.txt"}])", R"({"position":42})");
  ExpectError(herder_->AlterConnectorOffsets("src", {Offset("/data/in.txt", -1)}).Error(), 500,
              "The value for the 'position' key in the offset should be a non-negative value");
  ConnectorOffset no_position = Offset("/data/in.txt", 0);
  no_position.offset = OffsetMap{{"pos", Value(int64_t{1})}};
  ExpectError(herder_->AlterConnectorOffsets("src", {no_position}).Error(), 500,
              "Offset objects should either be null or contain the key 'position'");
  EXPECT_EQ(Stored(R"(["src",{"filename":"/data/in.txt"}])"), R"({"position":42})");

  // Reading stdin, the connector keeps no offsets to change.
  CreateFileSource("stdin", TargetState::kStopped, "");
  auto rejected = herder_->AlterConnectorOffsets("stdin", {Offset("/data/in.txt", 0)});
  ASSERT_FALSE(rejected.Ok());
  EXPECT_EQ(rejected.Error().status, 500);
  EXPECT_THAT(rejected.Error().message,
              HasSubstr("Offsets cannot be modified if the 'file' configuration is unspecified"));
}

TEST_F(StandaloneHerderOffsetsTest, NonPrimitiveValuesAre400) {
  CreateFileSource("src");
  ConnectorOffset nested = Offset("/data/in.txt", 0);
  nested.offset = OffsetMap{{"position", Value(Value::Array{Value(int64_t{1})})}};
  auto refused = herder_->AlterConnectorOffsets("src", {nested});
  ASSERT_FALSE(refused.Ok());
  EXPECT_EQ(refused.Error().status, 400);
  EXPECT_THAT(refused.Error().message,
              HasSubstr("Offsets may only contain primitive types as values, but field position"));
  EXPECT_EQ(Listed("src"), "");
}

TEST_F(StandaloneHerderOffsetsTest, ResetTombstonesEveryPartitionAndIsIdempotent) {
  CreateFileSource("src");
  Put(R"(["src",{"filename":"/data/in.txt"}])", R"({"position":42})");
  Put(R"(["src",{"filename":"/data/old.txt"}])", R"({"position":5})");
  Put(R"(["other",{"filename":"/data/in.txt"}])", R"({"position":7})");
  for (int i = 0; i < 2; ++i) {
    auto reset = herder_->ResetConnectorOffsets("src");
    ASSERT_TRUE(reset.Ok()) << reset.Error().message;
    EXPECT_EQ(*reset, kReset);
    EXPECT_EQ(Listed("src"), "");
  }
  EXPECT_EQ(Stored(R"(["src",{"filename":"/data/in.txt"}])"), std::nullopt);
  EXPECT_EQ(Stored(R"(["src",{"filename":"/data/old.txt"}])"), std::nullopt);
  EXPECT_EQ(Stored(R"(["other",{"filename":"/data/in.txt"}])"), R"({"position":7})");
}

TEST_F(StandaloneHerderOffsetsTest, AConnectorThatLeavesOffsetsToTheFrameworkGetsTheLongMessage) {
  auto created = herder_->PutConnectorConfig(
      "good", {{"name", "good"}, {"connector.class", "GoodSource"}, {"topic", "t"}}, false,
      TargetState::kStopped);
  ASSERT_TRUE(created.Ok()) << created.Error().message;
  ConnectorOffset o;
  o.partition = OffsetMap{{"task", Value(int64_t{0})}};
  o.offset = OffsetMap{{"next", Value(int64_t{3})}};
  auto altered = herder_->AlterConnectorOffsets("good", {o});
  ASSERT_TRUE(altered.Ok()) << altered.Error().message;
  EXPECT_EQ(*altered,
            "The Connect framework-managed offsets for this connector have been altered "
            "successfully. However, if this connector manages offsets externally, they will "
            "need to be manually altered in the system that the connector uses.");
  EXPECT_EQ(Stored(R"(["good",{"task":0}])"), R"({"next":3})");
  auto reset = herder_->ResetConnectorOffsets("good");
  ASSERT_TRUE(reset.Ok());
  EXPECT_THAT(*reset, HasSubstr("need to be manually reset in the system"));
}

TEST_F(StandaloneHerderOffsetsTest, SinkOffsetsInTheWrongShapeAre400) {
  auto created = herder_->PutConnectorConfig(
      "sink", {{"name", "sink"}, {"connector.class", "FileStreamSink"}, {"topics", "t"}}, false,
      TargetState::kStopped);
  ASSERT_TRUE(created.Ok()) << created.Error().message;
  ConnectorOffset wrong;
  wrong.partition = OffsetMap{{"kafka_topic", Value("t")}};
  ExpectError(herder_->AlterConnectorOffsets("sink", {wrong}).Error(), 400,
              "The partition for a sink connector offset must contain the keys 'kafka_topic' and "
              "'kafka_partition'");
  // A group that never committed has no offsets.
  EXPECT_EQ(Listed("sink"), "");
}

}  // namespace
}  // namespace kconnect::worker::herder
