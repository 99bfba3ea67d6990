#include "broker/storage/log.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>
#include <utility>
#include <vector>

#include "broker/storage/file_util.h"
#include "unit/broker/storage/storage_test_util.h"

namespace kconnect::broker::storage {
namespace {

namespace fs = std::filesystem;
namespace pr = kconnect::broker::protocol;
using testing::BatchOpts;
using testing::FakeClock;
using testing::Headers;
using testing::MakeBatch;
using testing::SegmentFiles;
using testing::TempDir;

class LogTest : public ::testing::Test {
 protected:
  std::string Dir() const { return tmp_.path() + "/orders-0"; }

  std::shared_ptr<Log> OpenLog(const LogConfig& config = LogConfig{}) {
    Log::Options o;
    o.dir = Dir();
    o.topic = "orders";
    o.partition = 0;
    o.config = config;
    o.clock = clock_.fn();
    auto log = Log::Open(std::move(o));
    EXPECT_TRUE(log) << (log ? "" : log.Error().message);
    return log ? log.Value() : nullptr;
  }

  AppendResult MustAppend(Log& log, std::vector<uint8_t> batch) {
    auto r = log.Append(batch);
    EXPECT_TRUE(r) << (r ? "" : r.Error().message);
    return r ? r.Value() : AppendResult{};
  }

  std::string ActiveLogFile(const Log&) const {
    auto files = SegmentFiles(Dir(), ".log");
    return Dir() + "/" + files.back();
  }

  TempDir tmp_;
  FakeClock clock_;
};

TEST_F(LogTest, AppendAssignsOffsetsAndReadReturnsStoredBytes) {
  auto log = OpenLog();
  auto b1 = MakeBatch(3);
  auto b2 = MakeBatch(2);
  // Appended through spans over b1/b2, which Append rewrites in place.
  auto a1 = log->Append(b1);
  auto a2 = log->Append(b2);
  ASSERT_TRUE(a1 && a2);
  const AppendResult& r1 = a1.Value();
  const AppendResult& r2 = a2.Value();
  EXPECT_EQ(pr::ParseBatchHeader(b2)->base_offset, 3);
  EXPECT_EQ(r1.base_offset, 0);
  EXPECT_EQ(r1.last_offset, 2);
  EXPECT_EQ(r1.log_append_time_ms, -1);  // CreateTime topic
  EXPECT_EQ(r2.base_offset, 3);
  EXPECT_EQ(r2.last_offset, 4);
  EXPECT_EQ(log->LogEndOffset(), 5);
  EXPECT_EQ(log->HighWatermark(), 5);
  EXPECT_EQ(log->LogStartOffset(), 0);

  auto read = log->Read(0, 1 << 20);
  ASSERT_TRUE(read) << read.Error().message;
  EXPECT_EQ(read->high_watermark, 5);
  // Stored bytes are the produced bytes with baseOffset/leader epoch rewritten
  // (Append rewrote b1/b2 in place) and the CRC still valid.
  std::vector<uint8_t> expected = b1;
  expected.insert(expected.end(), b2.begin(), b2.end());
  EXPECT_EQ(read->records, expected);
  auto hs = Headers(read->records);
  ASSERT_EQ(hs.size(), 2u);
  EXPECT_EQ(hs[0].base_offset, 0);
  EXPECT_EQ(hs[1].base_offset, 3);
  EXPECT_EQ(hs[1].partition_leader_epoch, 0);
  auto split = pr::SplitRecordBatches(read->records);
  for (const auto& b : split.Value()) EXPECT_TRUE(pr::VerifyBatchCrc(b.bytes));

  // A fetch in the middle of a batch starts at that batch.
  auto mid = log->Read(4, 1 << 20);
  ASSERT_TRUE(mid);
  hs = Headers(mid->records);
  ASSERT_EQ(hs.size(), 1u);
  EXPECT_EQ(hs[0].base_offset, 3);

  // At the log end: valid, no bytes.
  auto end = log->Read(5, 1 << 20);
  ASSERT_TRUE(end);
  EXPECT_TRUE(end->records.empty());
}

TEST_F(LogTest, OutOfRangeOffsets) {
  auto log = OpenLog();
  MustAppend(*log, MakeBatch(2));
  auto beyond = log->Read(3, 1000);
  ASSERT_FALSE(beyond);
  EXPECT_EQ(beyond.Error().code, kafka_error::kOffsetOutOfRange);
  auto negative = log->Read(-1, 1000);
  ASSERT_FALSE(negative);
  EXPECT_EQ(negative.Error().code, kafka_error::kOffsetOutOfRange);
  ASSERT_TRUE(log->DeleteRecords(1));
  auto below = log->Read(0, 1000);
  ASSERT_FALSE(below);
  EXPECT_EQ(below.Error().code, kafka_error::kOffsetOutOfRange);
  EXPECT_TRUE(log->Read(1, 1000));
}

TEST_F(LogTest, FirstBatchWholeEvenWhenLargerThanMaxBytes) {
  auto log = OpenLog();
  auto big = MakeBatch(1, 5000);
  const size_t big_size = big.size();
  MustAppend(*log, big);
  auto small = MakeBatch(1, 10);
  const size_t small_size = small.size();
  MustAppend(*log, small);
  MustAppend(*log, MakeBatch(1, 10));

  auto r = log->Read(0, 100);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->records.size(), big_size);
  EXPECT_EQ(Headers(r->records).size(), 1u);
  auto none = log->Read(0, 100, /*min_one_batch=*/false);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->records.empty());

  // Only whole batches within the limit: two small batches need 2*small_size.
  auto two = log->Read(1, static_cast<int64_t>(2 * small_size + small_size / 2));
  ASSERT_TRUE(two);
  EXPECT_EQ(Headers(two->records).size(), 2u);
  auto one = log->Read(1, static_cast<int64_t>(2 * small_size - 1));
  ASSERT_TRUE(one);
  EXPECT_EQ(Headers(one->records).size(), 1u);
}

// A consumer that had no room for a batch asks for the same offset again, so
// lookups remember the last batch found; any order of offsets must still
// land on the batch that holds each one.
TEST_F(LogTest, LookupsInAnyOrderFindTheBatchHoldingTheOffset) {
  LogConfig config;
  config.index_interval_bytes = 1;  // an index entry per batch
  auto log = OpenLog(config);
  for (int i = 0; i < 5; ++i) MustAppend(*log, MakeBatch(4));  // batches at 0, 4, 8, 12, 16
  const std::vector<int64_t> order = {5, 5, 7, 4, 3, 0, 19, 16, 15, 8, 11, 5, 12};
  for (int64_t offset : order) {
    auto r = log->Read(offset, 1, /*min_one_batch=*/true);
    ASSERT_TRUE(r) << offset;
    auto hs = Headers(r->records);
    ASSERT_EQ(hs.size(), 1u) << offset;
    EXPECT_EQ(hs[0].base_offset, offset / 4 * 4) << offset;
  }
  // After a reopen (the hint starts empty) and more appends.
  log.reset();
  log = OpenLog(config);
  MustAppend(*log, MakeBatch(4));
  for (int64_t offset : {21, 2, 21, 20, 23}) {
    auto r = log->Read(offset, 1, true);
    ASSERT_TRUE(r) << offset;
    EXPECT_EQ(Headers(r->records).at(0).base_offset, offset / 4 * 4) << offset;
  }
}

// With nothing left of a fetch's budget a partition reports its bounds and
// no data, without reading; offsets outside the log are still errors.
TEST_F(LogTest, ZeroBudgetReadsNothingButChecksTheOffset) {
  auto log = OpenLog();
  MustAppend(*log, MakeBatch(3));
  auto r = log->Read(1, 0, /*min_one_batch=*/false);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->records.empty());
  EXPECT_EQ(r->high_watermark, 3);
  auto beyond = log->Read(4, 0, false);
  ASSERT_FALSE(beyond);
  EXPECT_EQ(beyond.Error().code, kafka_error::kOffsetOutOfRange);
}

// The bytes of a slice, read through its segment's descriptor.
std::vector<uint8_t> SliceBytes(const RecordsSlice& slice) {
  std::vector<uint8_t> out(slice.size);
  if (slice.size == 0) return out;
  const ssize_t n = ::pread(slice.segment->fd(), out.data(), out.size(), static_cast<off_t>(slice.position));
  EXPECT_EQ(n, static_cast<ssize_t>(out.size()));
  return out;
}

// Fetch sends ReadSlice's bytes from the file: they must be exactly what Read
// returns, for every offset, budget and segment, and errors must match.
TEST_F(LogTest, ReadSliceLocatesExactlyTheBytesReadReturns) {
  LogConfig config;
  config.segment_bytes = 2000;
  config.index_interval_bytes = 100;
  auto log = OpenLog(config);
  int64_t next = 0;
  for (int i = 0; i < 60; ++i) {
    // Sizes from ~90 B to ~1.3 KB, so budgets cut at many places.
    next = MustAppend(*log, MakeBatch(1 + i % 4, 20 + (i * 37) % 300)).last_offset + 1;
  }
  ASSERT_GT(log->NumSegments(), 3u);
  int compared = 0;
  for (int64_t offset = 0; offset <= next; offset += 3) {
    for (int64_t budget : {0, 1, 61, 500, 1500, 5000}) {
      for (bool min_one : {true, false}) {
        auto read = log->Read(offset, budget, min_one);
        auto slice = log->ReadSlice(offset, budget, min_one);
        ASSERT_TRUE(read) << read.Error().message;
        ASSERT_TRUE(slice) << slice.Error().message;
        EXPECT_EQ(slice->high_watermark, read->high_watermark);
        EXPECT_EQ(slice->log_start_offset, read->log_start_offset);
        ASSERT_EQ(slice->size, read->records.size()) << offset << " " << budget << " " << min_one;
        EXPECT_EQ(slice->segment == nullptr, read->records.empty());
        EXPECT_EQ(SliceBytes(*slice), read->records) << offset << " " << budget;
        if (!read->records.empty()) ++compared;
      }
    }
  }
  EXPECT_GT(compared, 50);
  for (int64_t bad : {next + 1, int64_t{-1}}) {
    auto slice = log->ReadSlice(bad, 1000);
    ASSERT_FALSE(slice);
    EXPECT_EQ(slice.Error().code, kafka_error::kOffsetOutOfRange);
  }
}

// A slice handed to a connection may be sent after retention deleted its
// segment: the slice keeps the segment, so its bytes stay readable.
TEST_F(LogTest, ASliceOutlivesTheDeletionOfItsSegment) {
  LogConfig config;
  config.segment_bytes = 500;
  auto log = OpenLog(config);
  for (int i = 0; i < 20; ++i) MustAppend(*log, MakeBatch(1, 100));
  auto before = log->Read(0, 10000);
  auto slice = log->ReadSlice(0, 10000);
  ASSERT_TRUE(before);
  ASSERT_TRUE(slice);
  ASSERT_GT(slice->size, 0u);
  auto deleted = log->DeleteRecords(log->LogEndOffset());
  ASSERT_TRUE(deleted) << deleted.Error().message;
  ASSERT_TRUE(log->RunRetention());
  EXPECT_FALSE(fs::exists(Dir() + "/00000000000000000000.log"));
  EXPECT_EQ(SliceBytes(*slice), before->records);
  EXPECT_FALSE(log->ReadSlice(0, 10000));
}

TEST_F(LogTest, OffsetsAcrossSegmentRolls) {
  LogConfig config;
  config.segment_bytes = 400;
  config.index_interval_bytes = 0;
  auto log = OpenLog(config);
  int64_t next = 0;
  for (int i = 0; i < 30; ++i) {
    auto r = MustAppend(*log, MakeBatch(1 + i % 3, 20));
    EXPECT_EQ(r.base_offset, next);
    next = r.last_offset + 1;
  }
  EXPECT_GT(log->NumSegments(), 5u);
  auto files = SegmentFiles(Dir(), ".log");
  ASSERT_EQ(files.size(), log->NumSegments());
  EXPECT_EQ(files.front(), "00000000000000000000.log");
  EXPECT_EQ(files[1].size(), 24u);
  EXPECT_EQ(SegmentFiles(Dir(), ".index").size(), files.size());
  EXPECT_EQ(SegmentFiles(Dir(), ".timeindex").size(), files.size());

  auto check_all = [&](Log& l) {
    for (int64_t off = 0; off < next; ++off) {
      auto r = l.Read(off, 1);
      ASSERT_TRUE(r) << r.Error().message;
      auto hs = Headers(r->records);
      ASSERT_EQ(hs.size(), 1u) << "offset " << off;
      EXPECT_LE(hs[0].base_offset, off);
      EXPECT_GE(hs[0].LastOffset(), off);
    }
  };
  check_all(*log);
  ASSERT_TRUE(log->Close());
  log.reset();
  auto reopened = OpenLog(config);
  EXPECT_EQ(reopened->LogEndOffset(), next);
  check_all(*reopened);
  EXPECT_EQ(MustAppend(*reopened, MakeBatch(1)).base_offset, next);
}

TEST_F(LogTest, SegmentRollsBySegmentMs) {
  LogConfig config;
  config.segment_ms = 1000;
  auto log = OpenLog(config);
  MustAppend(*log, MakeBatch(1));
  MustAppend(*log, MakeBatch(1));
  EXPECT_EQ(log->NumSegments(), 1u);
  clock_.Advance(1001);
  MustAppend(*log, MakeBatch(1));
  EXPECT_EQ(log->NumSegments(), 2u);
  EXPECT_EQ(SegmentFiles(Dir(), ".log").back(), "00000000000000000002.log");
}

TEST_F(LogTest, OffsetForTimestamp) {
  LogConfig config;
  config.segment_bytes = 300;
  config.index_interval_bytes = 0;
  auto log = OpenLog(config);
  // Batches of two records at t, t+10 for t = 1000, 2000, ..., 10000.
  for (int i = 1; i <= 10; ++i) {
    BatchOpts o;
    o.records = 2;
    o.base_timestamp = i * 1000;
    o.timestamp_step = 10;
    MustAppend(*log, MakeBatch(o));
  }
  EXPECT_GT(log->NumSegments(), 2u);
  auto at = [&](int64_t ts) {
    auto r = log->FetchOffsetForTimestamp(ts);
    EXPECT_TRUE(r);
    return r ? r.Value() : OffsetAndTimestamp{};
  };
  EXPECT_EQ(at(0).offset, 0);
  EXPECT_EQ(at(0).timestamp, 1000);
  EXPECT_EQ(at(1005).offset, 1);  // second record of the first batch, at 1010
  EXPECT_EQ(at(1005).timestamp, 1010);
  EXPECT_EQ(at(7000).offset, 12);
  EXPECT_EQ(at(7010).offset, 13);
  EXPECT_EQ(at(7011).offset, 14);
  EXPECT_EQ(at(10010).offset, 19);
  EXPECT_EQ(at(10011).offset, -1);
  EXPECT_EQ(at(10011).timestamp, -1);
  EXPECT_EQ(at(-2).offset, 0);
  EXPECT_EQ(at(-1).offset, 20);

  // Survives a reopen (time indexes from disk) and respects the log start.
  ASSERT_TRUE(log->Close());
  log = OpenLog(config);
  EXPECT_EQ(at(7010).offset, 13);
  ASSERT_TRUE(log->DeleteRecords(15));
  EXPECT_EQ(at(0).offset, 15);
  EXPECT_EQ(at(-2).offset, 15);
}

TEST_F(LogTest, RetentionByBytesDeletesOldestSegments) {
  LogConfig config;
  config.segment_bytes = 500;
  auto log = OpenLog(config);
  for (int i = 0; i < 40; ++i) MustAppend(*log, MakeBatch(1, 40));
  size_t segments = log->NumSegments();
  ASSERT_GT(segments, 4u);
  uint64_t total = log->SizeInBytes();

  LogConfig limited = config;
  limited.retention_bytes = static_cast<int64_t>(total / 2);
  log->SetConfig(limited);
  auto deleted = log->RunRetention();
  ASSERT_TRUE(deleted) << deleted.Error().message;
  EXPECT_GT(deleted.Value(), 0);
  EXPECT_LE(log->SizeInBytes(), total / 2 + 500);
  EXPECT_GE(log->SizeInBytes(), total / 2 - 500);
  EXPECT_EQ(SegmentFiles(Dir(), ".log").size(), log->NumSegments());
  EXPECT_EQ(SegmentFiles(Dir(), ".index").size(), log->NumSegments());
  int64_t start = log->LogStartOffset();
  EXPECT_GT(start, 0);
  EXPECT_EQ(SegmentFiles(Dir(), ".log").front(), SegmentFilePrefix(start) + ".log");
  auto gone = log->Read(0, 1000);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.Error().code, kafka_error::kOffsetOutOfRange);
  EXPECT_TRUE(log->Read(start, 1000));
  EXPECT_EQ(log->LogEndOffset(), 40);
  // Nothing more to delete.
  EXPECT_EQ(log->RunRetention().Value(), 0);
}

TEST_F(LogTest, RetentionByTimeUsesRecordTimestamps) {
  LogConfig config;
  config.segment_bytes = 300;
  config.retention_ms = 60'000;
  auto log = OpenLog(config);
  const int64_t now = clock_.now->load();
  // Old data: two minutes old; then fresh data.
  for (int i = 0; i < 10; ++i) {
    BatchOpts o;
    o.base_timestamp = now - 120'000;
    MustAppend(*log, MakeBatch(o));
  }
  int64_t fresh_start = log->LogEndOffset();
  for (int i = 0; i < 10; ++i) {
    BatchOpts o;
    o.base_timestamp = now;
    MustAppend(*log, MakeBatch(o));
  }
  auto deleted = log->RunRetention();
  ASSERT_TRUE(deleted);
  EXPECT_GT(deleted.Value(), 0);
  // Every old-only segment is gone; no fresh record was lost.
  EXPECT_LE(log->LogStartOffset(), fresh_start);
  EXPECT_GT(log->LogStartOffset(), 0);
  auto r = log->Read(fresh_start, 1 << 20);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->records.empty());

  // Everything expires later: the active segment is rolled and deleted too.
  clock_.Advance(10 * 60'000);
  ASSERT_TRUE(log->RunRetention());
  EXPECT_EQ(log->LogStartOffset(), 20);
  EXPECT_EQ(log->LogEndOffset(), 20);
  EXPECT_EQ(log->NumSegments(), 1u);
  EXPECT_EQ(SegmentFiles(Dir(), ".log"), std::vector<std::string>{"00000000000000000020.log"});
  EXPECT_EQ(MustAppend(*log, MakeBatch(1)).base_offset, 20);
}

TEST_F(LogTest, DeleteRecordsPersistsAcrossReopen) {
  LogConfig config;
  config.segment_bytes = 300;
  auto log = OpenLog(config);
  for (int i = 0; i < 20; ++i) MustAppend(*log, MakeBatch(1));
  size_t before = log->NumSegments();
  auto lw = log->DeleteRecords(7);
  ASSERT_TRUE(lw);
  EXPECT_EQ(lw.Value(), 7);
  EXPECT_LT(log->NumSegments(), before);  // segments wholly below 7 are gone
  auto beyond = log->DeleteRecords(21);
  ASSERT_FALSE(beyond);
  EXPECT_EQ(beyond.Error().code, kafka_error::kOffsetOutOfRange);
  EXPECT_EQ(log->DeleteRecords(3).Value(), 7);  // never moves back
  ASSERT_TRUE(log->Close());
  log.reset();

  log = OpenLog(config);
  EXPECT_EQ(log->LogStartOffset(), 7);
  EXPECT_EQ(log->LogEndOffset(), 20);
  EXPECT_FALSE(log->Read(6, 100));
  EXPECT_EQ(log->DeleteRecords(-1).Value(), 20);  // -1 = high watermark
  log.reset();
  log = OpenLog(config);
  EXPECT_EQ(log->LogStartOffset(), 20);
  EXPECT_EQ(MustAppend(*log, MakeBatch(1)).base_offset, 20);
}

TEST_F(LogTest, RecoveryTruncatesTornTailToLastWholeBatch) {
  auto log = OpenLog();
  std::vector<size_t> sizes;
  for (int i = 0; i < 5; ++i) {
    auto b = MakeBatch(2);
    sizes.push_back(b.size());
    MustAppend(*log, b);
  }
  std::string file = ActiveLogFile(*log);
  log.reset();  // no Close(): as after kill -9
  uint64_t size = fs::file_size(file);
  fs::resize_file(file, size - 3);

  log = OpenLog();
  EXPECT_EQ(log->LogEndOffset(), 8);
  EXPECT_EQ(fs::file_size(file), size - sizes.back());
  auto r = log->Read(0, 1 << 20);
  ASSERT_TRUE(r);
  EXPECT_EQ(Headers(r->records).size(), 4u);
  EXPECT_EQ(MustAppend(*log, MakeBatch(1)).base_offset, 8);
}

TEST_F(LogTest, RecoveryTruncatesGarbageAndCorruptCrc) {
  auto log = OpenLog();
  for (int i = 0; i < 3; ++i) MustAppend(*log, MakeBatch(1));
  std::string file = ActiveLogFile(*log);
  uint64_t good = fs::file_size(file);
  log.reset();
  {
    std::ofstream out(file, std::ios::binary | std::ios::app);
    std::string garbage(100, '\x5a');
    out << garbage;
  }
  log = OpenLog();
  EXPECT_EQ(log->LogEndOffset(), 3);
  EXPECT_EQ(fs::file_size(file), good);

  // A flipped bit inside the last batch: CRC check drops that batch.
  size_t last = MakeBatch(1).size();
  MustAppend(*log, MakeBatch(1));
  log.reset();
  {
    std::fstream f(file, std::ios::binary | std::ios::in | std::ios::out);
    f.seekp(static_cast<std::streamoff>(good + last - 2));
    f.put('\x01');
  }
  log = OpenLog();
  EXPECT_EQ(log->LogEndOffset(), 3);
  EXPECT_EQ(fs::file_size(file), good);
}

TEST_F(LogTest, MissingIndexesAreRebuilt) {
  LogConfig config;
  config.segment_bytes = 600;
  config.index_interval_bytes = 0;
  auto log = OpenLog(config);
  for (int i = 1; i <= 30; ++i) {
    BatchOpts o;
    o.base_timestamp = i * 1000;
    MustAppend(*log, MakeBatch(o));
  }
  ASSERT_TRUE(log->Close());
  log.reset();
  auto indexes = SegmentFiles(Dir(), ".index");
  ASSERT_GT(indexes.size(), 2u);
  std::vector<uintmax_t> index_sizes;
  for (const auto& f : indexes) index_sizes.push_back(fs::file_size(Dir() + "/" + f));
  for (const auto& f : indexes) fs::remove(Dir() + "/" + f);
  for (const auto& f : SegmentFiles(Dir(), ".timeindex")) fs::remove(Dir() + "/" + f);
  // And a corrupt one: not a multiple of the entry size.
  log = OpenLog(config);
  ASSERT_EQ(SegmentFiles(Dir(), ".index"), indexes);
  for (size_t i = 0; i + 1 < indexes.size(); ++i) {
    EXPECT_EQ(fs::file_size(Dir() + "/" + indexes[i]), index_sizes[i]) << indexes[i];
    EXPECT_GT(index_sizes[i], 0u);
  }
  EXPECT_EQ(log->FetchOffsetForTimestamp(17000).Value().offset, 16);
  for (int64_t off = 0; off < 30; ++off) EXPECT_EQ(Headers(log->Read(off, 1)->records)[0].base_offset, off);
  log.reset();

  std::string idx = Dir() + "/" + indexes[1];
  {
    std::ofstream out(idx, std::ios::binary | std::ios::app);
    out << "abc";
  }
  log = OpenLog(config);
  EXPECT_EQ(fs::file_size(idx), index_sizes[1]);
  for (int64_t off = 0; off < 30; ++off) EXPECT_EQ(Headers(log->Read(off, 1)->records)[0].base_offset, off);
}

TEST_F(LogTest, RejectsCorruptAndOversizedBatches) {
  LogConfig config;
  config.max_message_bytes = 500;
  auto log = OpenLog(config);
  auto big = MakeBatch(1, 1000);
  auto r = log->Append(big);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.Error().code, kafka_error::kMessageTooLarge);

  auto bad = MakeBatch(1);
  bad.back() ^= 0xff;
  r = log->Append(bad);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.Error().code, kafka_error::kCorruptMessage);

  auto truncated = MakeBatch(1);
  // pop_back, not resize(size() - 1): GCC 12 at -O1 (the ASan build) takes
  // the resize for a possible growth by 2^64 - 1 bytes and fails the build.
  truncated.pop_back();
  r = log->Append(truncated);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.Error().code, kafka_error::kCorruptMessage);

  auto legacy = MakeBatch(1);
  legacy[16] = 1;
  r = log->Append(legacy);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.Error().code, kafka_error::kInvalidRecord);

  LogConfig tiny = config;
  tiny.max_message_bytes = 100000;
  tiny.segment_bytes = 100;
  log->SetConfig(tiny);
  auto set = MakeBatch(1, 200);
  r = log->Append(set);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.Error().code, kafka_error::kRecordListTooLarge);
  EXPECT_EQ(log->LogEndOffset(), 0);
}

TEST_F(LogTest, CompactedTopicRejectsNullKeys) {
  LogConfig config;
  config.cleanup_compact = true;
  config.cleanup_delete = false;
  auto log = OpenLog(config);
  BatchOpts o;
  o.null_key = true;
  auto b = MakeBatch(o);
  auto r = log->Append(b);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.Error().code, kafka_error::kInvalidRecord);
  MustAppend(*log, MakeBatch(1));
}

TEST_F(LogTest, LogAppendTimeStampsBatches) {
  LogConfig config;
  config.timestamp_type = pr::TimestampType::kLogAppendTime;
  auto log = OpenLog(config);
  BatchOpts o;
  o.base_timestamp = 5;
  auto r = MustAppend(*log, MakeBatch(o));
  EXPECT_EQ(r.log_append_time_ms, clock_.now->load());
  auto read = log->Read(0, 1 << 20);
  auto split = pr::SplitRecordBatches(read->records);
  ASSERT_TRUE(split);
  const auto& h = split.Value()[0].header;
  EXPECT_EQ(h.TsType(), pr::TimestampType::kLogAppendTime);
  EXPECT_EQ(h.max_timestamp, clock_.now->load());
  EXPECT_TRUE(pr::VerifyBatchCrc(split.Value()[0].bytes));
}

TEST_F(LogTest, IdempotentProducerDuplicatesAndSequences) {
  auto log = OpenLog();
  auto batch = [](int16_t epoch, int32_t seq, int records = 2) {
    BatchOpts o;
    o.records = records;
    o.producer_id = 42;
    o.producer_epoch = epoch;
    o.base_sequence = seq;
    return MakeBatch(o);
  };
  auto first = MustAppend(*log, batch(0, 0));
  EXPECT_FALSE(first.duplicate);
  MustAppend(*log, batch(0, 2));
  // A retry of the first batch: not appended, original offsets.
  auto dup = MustAppend(*log, batch(0, 0));
  EXPECT_TRUE(dup.duplicate);
  EXPECT_EQ(dup.base_offset, 0);
  EXPECT_EQ(dup.last_offset, 1);
  EXPECT_EQ(log->LogEndOffset(), 4);

  auto gap = batch(0, 7);
  auto r = log->Append(gap);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.Error().code, kafka_error::kOutOfOrderSequence);
  auto new_epoch_bad = batch(1, 4);
  r = log->Append(new_epoch_bad);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.Error().code, kafka_error::kOutOfOrderSequence);
  MustAppend(*log, batch(1, 0));
  auto old_epoch = batch(0, 4);
  r = log->Append(old_epoch);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.Error().code, kafka_error::kInvalidProducerEpoch);

  // The state is rebuilt from the log after a restart.
  log.reset();
  log = OpenLog();
  auto state = log->ProducerState(42);
  ASSERT_TRUE(state.has_value());
  EXPECT_EQ(state->epoch, 1);
  auto dup2 = MustAppend(*log, batch(1, 0));
  EXPECT_TRUE(dup2.duplicate);
  EXPECT_EQ(dup2.base_offset, 4);
  EXPECT_EQ(MustAppend(*log, batch(1, 2)).base_offset, 6);
}

TEST_F(LogTest, FlushMessagesPolicyAndListener) {
  LogConfig config;
  config.flush_messages = 1;
  Log::Options o;
  o.dir = Dir();
  o.topic = "orders";
  o.config = config;
  o.clock = clock_.fn();
  std::vector<int64_t> seen;
  o.listener = [&](const std::string& topic, int32_t p, int64_t leo) {
    EXPECT_EQ(topic, "orders");
    EXPECT_EQ(p, 0);
    seen.push_back(leo);
  };
  auto log = Log::Open(std::move(o));
  ASSERT_TRUE(log);
  MustAppend(*log.Value(), MakeBatch(2));
  MustAppend(*log.Value(), MakeBatch(1));
  EXPECT_EQ(seen, (std::vector<int64_t>{2, 3}));
}

TEST_F(LogTest, ConcurrentAppendsAndReads) {
  LogConfig config;
  config.segment_bytes = 4096;
  auto log = OpenLog(config);
  constexpr int kPerWriter = 200;
  std::atomic<bool> done{false};
  std::atomic<int> read_errors{0};
  auto writer = [&] {
    for (int i = 0; i < kPerWriter; ++i) {
      auto b = MakeBatch(1 + i % 4, 30);
      if (!log->Append(b)) ++read_errors;
    }
  };
  auto reader = [&] {
    while (!done) {
      int64_t leo = log->LogEndOffset();
      for (int64_t off = std::max<int64_t>(0, leo - 20); off < leo; ++off) {
        auto r = log->Read(off, 200);
        if (!r) {
          ++read_errors;
          continue;
        }
        auto hs = Headers(r->records);
        if (hs.empty() || hs[0].base_offset > off || hs[0].LastOffset() < off) ++read_errors;
        auto split = pr::SplitRecordBatches(r->records);
        if (!split) ++read_errors;
      }
    }
  };
  std::thread w1(writer), w2(writer), r1(reader), r2(reader);
  w1.join();
  w2.join();
  done = true;
  r1.join();
  r2.join();
  EXPECT_EQ(read_errors.load(), 0);
  int64_t expected = 0;
  for (int i = 0; i < kPerWriter; ++i) expected += 2 * (1 + i % 4);
  EXPECT_EQ(log->LogEndOffset(), expected);
  // Offsets are contiguous across all batches.
  int64_t next = 0;
  while (next < expected) {
    auto r = log->Read(next, 1 << 20);
    ASSERT_TRUE(r);
    for (const auto& h : Headers(r->records)) {
      ASSERT_EQ(h.base_offset, next);
      next = h.NextOffset();
    }
  }
}

}  // namespace
}  // namespace kconnect::broker::storage
