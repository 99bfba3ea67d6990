#include "connectors/file/file_stream_source_connector.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "connectors/file/file_stream_source_task.h"
#include "file_test_util.h"
#include "kconnect/errors.h"

namespace kconnect::file {
namespace {

using testing::FilePartition;
using testing::PositionOffset;

std::string ConfigError(const Props& props) {
  try {
    FileStreamSourceConnector().Start(props);
  } catch (const ConfigException& e) {
    return e.what();
  }
  return "";
}

TEST(FileStreamSourceConnectorTest, DefinesJavasConfigKeys) {
  const ConfigDef& def = FileStreamSourceConnector().Config();
  ASSERT_EQ(def.Keys().size(), 3u);

  const auto* file = def.Find("file");
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(file->type, ConfigDef::Type::kString);
  ASSERT_TRUE(file->HasDefault());
  EXPECT_TRUE(std::holds_alternative<std::monostate>(*file->default_value));
  EXPECT_EQ(file->importance, ConfigDef::Importance::kHigh);
  EXPECT_EQ(file->documentation,
            "Source filename. If not specified, the standard input will be used");

  const auto* topic = def.Find("topic");
  ASSERT_NE(topic, nullptr);
  EXPECT_EQ(topic->type, ConfigDef::Type::kString);
  EXPECT_FALSE(topic->HasDefault());
  EXPECT_NE(topic->validator, nullptr);
  EXPECT_EQ(topic->importance, ConfigDef::Importance::kHigh);
  EXPECT_EQ(topic->documentation, "The topic to publish data to");

  const auto* batch = def.Find("batch.size");
  ASSERT_NE(batch, nullptr);
  EXPECT_EQ(batch->type, ConfigDef::Type::kInt);
  ASSERT_TRUE(batch->HasDefault());
  EXPECT_EQ(std::get<int32_t>(*batch->default_value), 2000);
  EXPECT_EQ(batch->importance, ConfigDef::Importance::kLow);
  EXPECT_EQ(batch->documentation,
            "The maximum number of records the source task can read from the file each time it is "
            "polled");
}

TEST(FileStreamSourceConnectorTest, StartRejectsBadConfigs) {
  EXPECT_EQ(ConfigError({{"file", "/tmp/x"}}),
            "Missing required configuration \"topic\" which has no default value.");
  EXPECT_NE(ConfigError({{"file", "/tmp/x"}, {"topic", ""}}).find("String must be non-empty"),
            std::string::npos);
  EXPECT_NE(ConfigError({{"topic", "t"}, {"batch.size", "many"}}).find("batch.size"),
            std::string::npos);
  EXPECT_EQ(ConfigError({{"topic", "t"}}), "");
}

TEST(FileStreamSourceConnectorTest, ValidateReportsPerKeyErrors) {
  const auto values = FileStreamSourceConnector().Validate({{"topic", ""}});
  ASSERT_EQ(values.size(), 3u);
  for (const auto& value : values) {
    if (value.name == "topic") {
      ASSERT_EQ(value.error_messages.size(), 1u);
      EXPECT_NE(value.error_messages[0].find("String must be non-empty"), std::string::npos);
    } else {
      EXPECT_TRUE(value.error_messages.empty()) << value.name;
    }
  }
}

TEST(FileStreamSourceConnectorTest, AlwaysOneTaskWithTheConnectorConfig) {
  FileStreamSourceConnector connector;
  const Props props = {{"name", "src"}, {"file", "/tmp/in"}, {"topic", "t"}, {"tasks.max", "4"}};
  connector.Start(props);
  EXPECT_EQ(connector.TaskConfigs(4), std::vector<Props>{props});
  EXPECT_EQ(connector.TaskConfigs(1), std::vector<Props>{props});
  EXPECT_EQ(connector.TaskClass(), "org.apache.kafka.connect.file.FileStreamSourceTask");
  EXPECT_EQ(connector.Version(), "3.9.0");
  auto task = connector.CreateTask();
  ASSERT_NE(task, nullptr);
  EXPECT_NE(dynamic_cast<FileStreamSourceTask*>(task.get()), nullptr);
  connector.Stop();
}

TEST(FileStreamSourceConnectorTest, ExactlyOnceOnlyForARealFile) {
  FileStreamSourceConnector connector;
  EXPECT_EQ(connector.GetExactlyOnceSupport({{"file", "/tmp/in"}, {"topic", "t"}}),
            ExactlyOnceSupport::kSupported);
  EXPECT_EQ(connector.GetExactlyOnceSupport({{"topic", "t"}}), ExactlyOnceSupport::kUnsupported);
  EXPECT_EQ(connector.GetExactlyOnceSupport({{"file", ""}, {"topic", "t"}}),
            ExactlyOnceSupport::kUnsupported);
}

using OffsetList = std::vector<std::pair<std::optional<OffsetMap>, std::optional<OffsetMap>>>;

std::string AlterError(const Props& config, const OffsetList& offsets) {
  try {
    EXPECT_TRUE(FileStreamSourceConnector().AlterOffsets(config, offsets));
  } catch (const ConnectException& e) {
    return e.what();
  }
  return "";
}

TEST(FileStreamSourceConnectorTest, AlterOffsetsValidatesShapes) {
  const Props config = {{"file", "/tmp/in"}, {"topic", "t"}};
  EXPECT_EQ(AlterError(config, {{FilePartition("/tmp/in"), PositionOffset(10)}}), "");
  EXPECT_EQ(AlterError(config, {{FilePartition("/tmp/in"), std::nullopt}}), "");
  EXPECT_EQ(AlterError(config, {{OffsetMap{{"garbage", Value(1)}}, std::nullopt}}), "")
      << "tombstones are accepted for any partition";

  EXPECT_EQ(AlterError({{"topic", "t"}}, {{FilePartition("/tmp/in"), PositionOffset(1)}}),
            "Offsets cannot be modified if the 'file' configuration is unspecified. This is "
            "because stdin is used for input and offsets are not tracked.");
  EXPECT_EQ(AlterError(config, {{FilePartition("/tmp/in"), OffsetMap{{"pos", Value(int64_t{1})}}}}),
            "Offset objects should either be null or contain the key 'position'");
  EXPECT_EQ(AlterError(config, {{FilePartition("/tmp/in"), OffsetMap{{"position", Value("1")}}}}),
            "The value for the 'position' key in the offset is expected to be a Long value");
  EXPECT_EQ(AlterError(config, {{FilePartition("/tmp/in"), PositionOffset(-1)}}),
            "The value for the 'position' key in the offset should be a non-negative value");
  EXPECT_EQ(AlterError(config, {{std::nullopt, PositionOffset(1)}}),
            "Partition objects cannot be null");
  EXPECT_EQ(AlterError(config, {{OffsetMap{{"file", Value("/tmp/in")}}, PositionOffset(1)}}),
            "Partition objects should contain the key 'filename'");
}

}  // namespace
}  // namespace kconnect::file
