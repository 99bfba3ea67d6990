#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "connectors/file/file_stream_sink_connector.h"
#include "connectors/file/file_stream_sink_task.h"
#include "file_test_util.h"
#include "kconnect/data/schema.h"
#include "kconnect/data/struct.h"
#include "kconnect/errors.h"

namespace kconnect::file {
namespace {

using testing::AppendToFile;
using testing::ReadFile;
using testing::TempDir;

SinkRecord RecordWithValue(Value value, SchemaPtr schema = nullptr) {
  SinkRecord record;
  record.topic = "t";
  record.value = std::move(value);
  record.value_schema = std::move(schema);
  return record;
}

TEST(FileStreamSinkTaskTest, WritesJavaStringFormsOneLinePerRecord) {
  TempDir dir;
  const std::string path = dir.File("out.txt");
  FileStreamSinkTask task;
  task.Start({{"file", path}, {"topics", "t"}});

  SchemaPtr schema = SchemaBuilder::Struct()
                         .Field("id", Schema::Int32())
                         .Field("name", Schema::OptionalString())
                         .Field("note", Schema::OptionalString())
                         .Build();
  auto value = MakeStruct(schema);
  value->Put("id", Value(int32_t{7})).Put("name", Value("seven"));

  std::vector<SinkRecord> records;
  records.push_back(RecordWithValue(Value("plain text"), Schema::String()));
  records.push_back(RecordWithValue(Value()));
  records.push_back(RecordWithValue(Value(int32_t{42}), Schema::Int32()));
  records.push_back(RecordWithValue(Value(value), schema));
  task.Put(records);
  task.Flush({});
  EXPECT_EQ(ReadFile(path), "plain text\nnull\n42\nStruct{id=7,name=seven}\n");
  task.Stop();
}

TEST(FileStreamSinkTaskTest, AppendsToAnExistingFile) {
  TempDir dir;
  const std::string path = dir.File("out.txt");
  AppendToFile(path, "already here\n");
  FileStreamSinkTask task;
  task.Start({{"file", path}});
  std::vector<SinkRecord> records;
  records.push_back(RecordWithValue(Value("new")));
  task.Put(records);
  task.Stop();  // closing flushes too
  EXPECT_EQ(ReadFile(path), "already here\nnew\n");

  // A second task (a restart) appends after the first one's output.
  FileStreamSinkTask again;
  again.Start({{"file", path}});
  task.Put(records);  // a stopped task writes nothing
  again.Put(records);
  again.Flush({});
  EXPECT_EQ(ReadFile(path), "already here\nnew\nnew\n");
  again.Stop();
}

TEST(FileStreamSinkTaskTest, FlushMakesEverythingPutVisible) {
  TempDir dir;
  const std::string path = dir.File("out.txt");
  FileStreamSinkTask task;
  task.Start({{"file", path}});
  std::string expected;
  for (int batch = 0; batch < 3; ++batch) {
    std::vector<SinkRecord> records;
    for (int i = 0; i < 1000; ++i) {
      records.push_back(RecordWithValue(Value(int64_t{batch * 1000 + i})));
      expected += std::to_string(batch * 1000 + i) + "\n";
    }
    task.Put(records);
    task.Flush({});
    EXPECT_EQ(ReadFile(path), expected) << "after flush " << batch;
  }
  task.Stop();
}

TEST(FileStreamSinkTaskTest, WithoutFileWritesToStandardOutputAndLeavesItOpen) {
  std::FILE* fake_stdout = std::tmpfile();
  ASSERT_NE(fake_stdout, nullptr);
  {
    FileStreamSinkTask task(fake_stdout);
    task.Start({{"topics", "t"}});
    std::vector<SinkRecord> records;
    records.push_back(RecordWithValue(Value("to stdout")));
    task.Put(records);
    task.Flush({});
    task.Stop();
  }
  // Still usable: the task did not close it.
  ASSERT_GE(std::fputs("after\n", fake_stdout), 0);
  ASSERT_EQ(std::fflush(fake_stdout), 0);
  std::rewind(fake_stdout);
  char content[64] = {};
  const size_t n = std::fread(content, 1, sizeof(content) - 1, fake_stdout);
  EXPECT_EQ(std::string(content, n), "to stdout\nafter\n");
  std::fclose(fake_stdout);
}

TEST(FileStreamSinkTaskTest, UnopenableFileFailsWithNameAndReason) {
  TempDir dir;
  const std::string path = dir.File("missing-dir/out.txt");
  FileStreamSinkTask task;
  try {
    task.Start({{"file", path}});
    FAIL() << "expected ConnectException";
  } catch (const ConnectException& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(path), std::string::npos) << message;
    EXPECT_NE(message.find("No such file or directory"), std::string::npos) << message;
  }
}

TEST(FileStreamSinkConnectorTest, ConfigTaskConfigsAndClasses) {
  FileStreamSinkConnector connector;
  const ConfigDef& def = connector.Config();
  ASSERT_EQ(def.Keys().size(), 1u);
  const auto* file = def.Find("file");
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(file->type, ConfigDef::Type::kString);
  ASSERT_TRUE(file->HasDefault());
  EXPECT_TRUE(std::holds_alternative<std::monostate>(*file->default_value));
  EXPECT_EQ(file->importance, ConfigDef::Importance::kHigh);
  EXPECT_EQ(file->documentation,
            "Destination filename. If not specified, the standard output will be used");

  const Props props = {{"name", "sink"}, {"file", "/tmp/out"}, {"topics", "a,b"}};
  connector.Start(props);
  EXPECT_EQ(connector.TaskConfigs(3), (std::vector<Props>{props, props, props}));
  EXPECT_EQ(connector.TaskClass(), "org.apache.kafka.connect.file.FileStreamSinkTask");
  EXPECT_EQ(connector.Version(), "3.9.0");
  EXPECT_TRUE(connector.AlterOffsets(props, {{TopicPartition{"a", 0}, std::nullopt}}));
  auto task = connector.CreateTask();
  ASSERT_NE(dynamic_cast<FileStreamSinkTask*>(task.get()), nullptr);
  EXPECT_EQ(task->Version(), "3.9.0");
  connector.Stop();
}

}  // namespace
}  // namespace kconnect::file
