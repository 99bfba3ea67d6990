#include "connectors/file/file_stream_source_task.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "file_test_util.h"
#include "kconnect/data/schema.h"
#include "kconnect/errors.h"

namespace kconnect::file {
namespace {

using testing::AppendToFile;
using testing::FakeSourceTaskContext;
using testing::FilePartition;
using testing::PositionOffset;
using testing::TempDir;
using Clock = std::chrono::steady_clock;

constexpr auto kDeadline = std::chrono::seconds(10);

int64_t PositionOf(const SourceRecord& record) {
  const Value* position = FindOffsetField(*record.source_offset, "position");
  return position->As<int64_t>();
}

class FileStreamSourceTaskTest : public ::testing::Test {
 protected:
  void StartTask(FileStreamSourceTask& task, const Props& extra = {}) {
    context_.props = {{"file", path_}, {"topic", "lines"}};
    for (const auto& [k, v] : extra) context_.props[k] = v;
    task.Initialize(context_);
    task.Start(context_.props);
  }

  // Polls until `count` records arrived (or the deadline passes).
  static std::vector<SourceRecord> PollFor(FileStreamSourceTask& task, size_t count) {
    std::vector<SourceRecord> all;
    const auto deadline = Clock::now() + kDeadline;
    while (all.size() < count && Clock::now() < deadline) {
      for (auto& record : task.Poll()) all.push_back(std::move(record));
    }
    return all;
  }

  static std::vector<std::string> Lines(const std::vector<SourceRecord>& records) {
    std::vector<std::string> lines;
    for (const auto& record : records) lines.push_back(record.value.As<std::string>());
    return lines;
  }

  static std::vector<int64_t> Positions(const std::vector<SourceRecord>& records) {
    std::vector<int64_t> positions;
    for (const auto& record : records) positions.push_back(PositionOf(record));
    return positions;
  }

  TempDir dir_;
  std::string path_ = dir_.File("input.txt");
  FakeSourceTaskContext context_;
};

TEST_F(FileStreamSourceTaskTest, SplitsOnEveryTerminatorAndReportsBytePositions) {
  AppendToFile(path_, "a\nbb\r\nccc\rd\n");
  FileStreamSourceTask task;
  StartTask(task);
  const auto records = PollFor(task, 4);
  EXPECT_EQ(Lines(records), (std::vector<std::string>{"a", "bb", "ccc", "d"}));
  EXPECT_EQ(Positions(records), (std::vector<int64_t>{2, 6, 10, 12}));
  task.Stop();
}

TEST_F(FileStreamSourceTaskTest, RecordCarriesPartitionTopicSchemaAndTimestamp) {
  AppendToFile(path_, "hello\n");
  FileStreamSourceTask task;
  StartTask(task);
  const int64_t before = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  const auto records = PollFor(task, 1);
  ASSERT_EQ(records.size(), 1u);
  const SourceRecord& record = records[0];
  EXPECT_EQ(record.topic, "lines");
  EXPECT_FALSE(record.kafka_partition.has_value());
  EXPECT_EQ(record.key_schema, nullptr);
  EXPECT_TRUE(record.key.IsNull());
  ASSERT_NE(record.value_schema, nullptr);
  EXPECT_EQ(*record.value_schema, *Schema::String());
  EXPECT_FALSE(record.value_schema->IsOptional());
  ASSERT_TRUE(record.source_partition.has_value());
  EXPECT_EQ(*record.source_partition, FilePartition(path_));
  ASSERT_TRUE(record.source_offset.has_value());
  EXPECT_EQ(*record.source_offset, PositionOffset(6));
  ASSERT_TRUE(record.timestamp.has_value());
  EXPECT_GE(*record.timestamp, before - 1000);
  EXPECT_LE(*record.timestamp, before + 60'000);
  task.Stop();
}

TEST_F(FileStreamSourceTaskTest, PartialLastLineIsHeldUntilTerminated) {
  AppendToFile(path_, "first\npart");
  FileStreamSourceTask task;
  StartTask(task);
  auto records = PollFor(task, 1);
  EXPECT_EQ(Lines(records), std::vector<std::string>{"first"});
  // Nothing complete is pending: the next poll comes back empty.
  EXPECT_TRUE(task.Poll().empty());
  AppendToFile(path_, "ial\n");
  records = PollFor(task, 1);
  EXPECT_EQ(Lines(records), std::vector<std::string>{"partial"});
  EXPECT_EQ(Positions(records), std::vector<int64_t>{14});
  task.Stop();
}

TEST_F(FileStreamSourceTaskTest, LoneCarriageReturnIsHeldUntilTheNextByte) {
  AppendToFile(path_, "a\r");
  FileStreamSourceTask task;
  StartTask(task);
  EXPECT_TRUE(task.Poll().empty()) << "a trailing \\r may still be half of \\r\\n";
  AppendToFile(path_, "\nb\r");
  auto records = PollFor(task, 1);
  EXPECT_EQ(Lines(records), std::vector<std::string>{"a"});
  EXPECT_EQ(Positions(records), std::vector<int64_t>{3});
  EXPECT_TRUE(task.Poll().empty()) << "b\\r is held as well";
  AppendToFile(path_, "c\n");
  records = PollFor(task, 2);
  EXPECT_EQ(Lines(records), (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(Positions(records), (std::vector<int64_t>{5, 7}));
  task.Stop();
}

TEST_F(FileStreamSourceTaskTest, RestartSkipsExactlyTheStoredBytes) {
  AppendToFile(path_, "one\ntwo\nthree\n");
  context_.reader.stored = {{FilePartition(path_), PositionOffset(4)}};
  FileStreamSourceTask task;
  StartTask(task);
  const auto records = PollFor(task, 2);
  EXPECT_EQ(Lines(records), (std::vector<std::string>{"two", "three"}));
  EXPECT_EQ(Positions(records), (std::vector<int64_t>{8, 14}));
  ASSERT_FALSE(context_.reader.queried.empty());
  EXPECT_EQ(context_.reader.queried.front(), FilePartition(path_));
  task.Stop();
}

TEST_F(FileStreamSourceTaskTest, PositionsCountBytesSoNonAsciiFilesResumeCorrectly) {
  AppendToFile(path_, "h\xC3\xA9llo\nw\xC3\xB6rld\n\xE2\x82\xAC\n");
  {
    FileStreamSourceTask task;
    StartTask(task);
    const auto records = PollFor(task, 3);
    EXPECT_EQ(Lines(records),
              (std::vector<std::string>{"h\xC3\xA9llo", "w\xC3\xB6rld", "\xE2\x82\xAC"}));
    EXPECT_EQ(Positions(records), (std::vector<int64_t>{7, 14, 18}));
    task.Stop();
  }
  // Resuming from the first line's offset yields exactly the second line.
  context_.reader.stored = {{FilePartition(path_), PositionOffset(7)}};
  FileStreamSourceTask task;
  StartTask(task);
  const auto records = PollFor(task, 1);
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(records[0].value.As<std::string>(), "w\xC3\xB6rld");
  task.Stop();
}

TEST_F(FileStreamSourceTaskTest, InvalidUtf8BecomesReplacementCharacter) {
  AppendToFile(path_,
               "a\xFF"
               "b\xC3\n");
  FileStreamSourceTask task;
  StartTask(task);
  const auto records = PollFor(task, 1);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].value.As<std::string>(),
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD");
  EXPECT_EQ(PositionOf(records[0]), 5);
  task.Stop();
}

TEST_F(FileStreamSourceTaskTest, StoredPositionOfWrongTypeFailsTheTask) {
  AppendToFile(path_, "x\n");
  context_.reader.stored = {{FilePartition(path_), {{"position", Value("12")}}}};
  FileStreamSourceTask task;
  StartTask(task);
  try {
    task.Poll();
    FAIL() << "expected ConnectException";
  } catch (const ConnectException& e) {
    EXPECT_STREQ(e.what(), "Offset position is the incorrect type");
  }
}

TEST_F(FileStreamSourceTaskTest, BatchSizeLimitsEachPollAndLeftoversNeedNoNewData) {
  std::string content;
  for (int i = 0; i < 10; ++i) content += "line" + std::to_string(i) + "\n";
  AppendToFile(path_, content);
  FileStreamSourceTask task;
  StartTask(task, {{"batch.size", "3"}});
  std::vector<size_t> sizes;
  std::vector<std::string> lines;
  const auto deadline = Clock::now() + kDeadline;
  while (lines.size() < 10 && Clock::now() < deadline) {
    auto batch = task.Poll();
    if (batch.empty()) continue;
    sizes.push_back(batch.size());
    for (auto& line : Lines(batch)) lines.push_back(line);
  }
  EXPECT_EQ(sizes, (std::vector<size_t>{3, 3, 3, 1}));
  ASSERT_EQ(lines.size(), 10u);
  EXPECT_EQ(lines.front(), "line0");
  EXPECT_EQ(lines.back(), "line9");
  task.Stop();
}

TEST_F(FileStreamSourceTaskTest, MissingFileYieldsEmptyPollsUntilItAppears) {
  FileStreamSourceTask task;
  StartTask(task);
  const auto start = Clock::now();
  EXPECT_TRUE(task.Poll().empty());
  EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(1500));
  AppendToFile(path_, "now here\n");
  const auto records = PollFor(task, 1);
  EXPECT_EQ(Lines(records), std::vector<std::string>{"now here"});
  task.Stop();
}

TEST_F(FileStreamSourceTaskTest, IdlePollWaitsAtMostAboutASecond) {
  AppendToFile(path_, "");
  FileStreamSourceTask task;
  StartTask(task);
  const auto start = Clock::now();
  EXPECT_TRUE(task.Poll().empty());
  EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(1500));
  task.Stop();
}

TEST_F(FileStreamSourceTaskTest, AppendsAfterEndOfFileArePickedUp) {
  AppendToFile(path_, "1\n");
  FileStreamSourceTask task;
  StartTask(task);
  EXPECT_EQ(Lines(PollFor(task, 1)), std::vector<std::string>{"1"});
  EXPECT_TRUE(task.Poll().empty());
  AppendToFile(path_, "2\n3\n");
  const auto records = PollFor(task, 2);
  EXPECT_EQ(Lines(records), (std::vector<std::string>{"2", "3"}));
  EXPECT_EQ(Positions(records), (std::vector<int64_t>{4, 6}));
  task.Stop();
}

TEST_F(FileStreamSourceTaskTest, WaitingPollReturnsDataAppendedWhileItWaits) {
  AppendToFile(path_, "");
  FileStreamSourceTask task;
  StartTask(task);
  EXPECT_TRUE(task.Poll().empty());  // the file is open now
  auto poll = std::async(std::launch::async, [&] { return task.Poll(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // let the poll start waiting
  AppendToFile(path_, "late\n");
  ASSERT_EQ(poll.wait_for(kDeadline), std::future_status::ready);
  std::vector<SourceRecord> records = poll.get();
  if (records.empty()) records = PollFor(task, 1);  // the append raced the poll's deadline
  EXPECT_EQ(Lines(records), std::vector<std::string>{"late"});
  task.Stop();
}

TEST_F(FileStreamSourceTaskTest, StopWakesAWaitingPoll) {
  AppendToFile(path_, "");
  FileStreamSourceTask task;
  StartTask(task);
  EXPECT_TRUE(task.Poll().empty());
  auto poll = std::async(std::launch::async, [&] { return task.Poll(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const auto stop_time = Clock::now();
  task.Stop();
  ASSERT_EQ(poll.wait_for(kDeadline), std::future_status::ready);
  EXPECT_LT(Clock::now() - stop_time, std::chrono::milliseconds(500));
  EXPECT_TRUE(poll.get().empty());
  // Later polls return at once.
  const auto start = Clock::now();
  EXPECT_TRUE(task.Poll().empty());
  EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(200));
}

TEST_F(FileStreamSourceTaskTest, StopWakesAPollWaitingForAMissingFile) {
  FileStreamSourceTask task;
  StartTask(task);
  auto poll = std::async(std::launch::async, [&] { return task.Poll(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const auto stop_time = Clock::now();
  task.Stop();
  ASSERT_EQ(poll.wait_for(kDeadline), std::future_status::ready);
  EXPECT_LT(Clock::now() - stop_time, std::chrono::milliseconds(500));
}

TEST_F(FileStreamSourceTaskTest, TruncatedFileIsReadAgainFromTheStart) {
  AppendToFile(path_, "aaaa\nbbbb\n");
  FileStreamSourceTask task;
  StartTask(task);
  EXPECT_EQ(PollFor(task, 2).size(), 2u);
  std::filesystem::resize_file(path_, 0);
  AppendToFile(path_, "c\n");
  const auto records = PollFor(task, 1);
  EXPECT_EQ(Lines(records), std::vector<std::string>{"c"});
  EXPECT_EQ(Positions(records), std::vector<int64_t>{2});
  task.Stop();
}

TEST_F(FileStreamSourceTaskTest, ReplacedFileIsReadFromTheStart) {
  AppendToFile(path_, "old line\n");
  FileStreamSourceTask task;
  StartTask(task);
  EXPECT_EQ(PollFor(task, 1).size(), 1u);
  const std::string next = dir_.File("next.txt");
  AppendToFile(next, "new one\nnew two\n");
  std::filesystem::rename(next, path_);
  const auto records = PollFor(task, 2);
  EXPECT_EQ(Lines(records), (std::vector<std::string>{"new one", "new two"}));
  EXPECT_EQ(Positions(records), (std::vector<int64_t>{8, 16}));
  task.Stop();
}

TEST_F(FileStreamSourceTaskTest, LargeFileIsReadCompletely) {
  std::string content;
  const int kLines = 100'000;
  for (int i = 0; i < kLines; ++i) content += "record number " + std::to_string(i) + "\n";
  AppendToFile(path_, content);
  FileStreamSourceTask task;
  StartTask(task);
  const auto records = PollFor(task, kLines);
  ASSERT_EQ(records.size(), static_cast<size_t>(kLines));
  EXPECT_EQ(records.back().value.As<std::string>(), "record number 99999");
  EXPECT_EQ(PositionOf(records.back()), static_cast<int64_t>(content.size()));
  task.Stop();
}

TEST_F(FileStreamSourceTaskTest, LinesLongerThanOneReadAreAssembled) {
  const std::string long_line(200'000, 'x');
  AppendToFile(path_, long_line + "\nshort\n");
  FileStreamSourceTask task;
  StartTask(task);
  const auto records = PollFor(task, 2);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].value.As<std::string>(), long_line);
  EXPECT_EQ(records[1].value.As<std::string>(), "short");
  EXPECT_EQ(PositionOf(records[1]), 200'007);
  task.Stop();
}

TEST(FileStreamSourceTaskStdinTest, ReadsTheStdinDescriptorWithNullFilenameAndPosition) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  FakeSourceTaskContext context;
  context.props = {{"topic", "in"}};
  {
    FileStreamSourceTask task(fds[0]);
    task.Initialize(context);
    task.Start(context.props);
    const auto start = Clock::now();
    EXPECT_TRUE(task.Poll().empty()) << "no input yet";
    EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(1500));

    const std::string input = "from\r\nstdin\n";
    ASSERT_EQ(::write(fds[1], input.data(), input.size()), static_cast<ssize_t>(input.size()));
    std::vector<SourceRecord> records;
    const auto deadline = Clock::now() + kDeadline;
    while (records.size() < 2 && Clock::now() < deadline) {
      for (auto& r : task.Poll()) records.push_back(std::move(r));
    }
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[0].value.As<std::string>(), "from");
    EXPECT_EQ(records[1].value.As<std::string>(), "stdin");
    const OffsetMap null_filename = {{"filename", Value()}};
    const OffsetMap null_position = {{"position", Value()}};
    EXPECT_EQ(*records[0].source_partition, null_filename);
    EXPECT_EQ(*records[0].source_offset, null_position);
    EXPECT_TRUE(context.reader.queried.empty()) << "stdin offsets are never looked up";
    task.Stop();
  }
  // The task must not close the descriptor it was given.
  EXPECT_NE(::fcntl(fds[0], F_GETFD), -1);
  ::close(fds[0]);
  ::close(fds[1]);
}

TEST(FileStreamSourceTaskVersionTest, ReportsKafkaVersion) {
  EXPECT_EQ(FileStreamSourceTask().Version(), "3.9.0");
}

}  // namespace
}  // namespace kconnect::file
