#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "broker/protocol/compression.h"
#include "broker/protocol/record_batch.h"
#include "broker/storage/log.h"
#include "unit/broker/storage/storage_test_util.h"

namespace kconnect::broker::storage {
namespace {

namespace fs = std::filesystem;
namespace pr = kconnect::broker::protocol;
using testing::FakeClock;
using testing::TempDir;

// One record as a consumer reading the log would see it.
struct Seen {
  int64_t offset;
  std::string key;
  std::optional<std::string> value;
};

std::vector<uint8_t> KeyedBatch(const std::vector<std::pair<std::string, std::optional<std::string>>>& kvs,
                                int64_t base_timestamp, int64_t producer_id = -1, int32_t base_sequence = -1) {
  pr::BatchSpec spec;
  spec.base_timestamp = base_timestamp;
  spec.producer_id = producer_id;
  spec.producer_epoch = producer_id >= 0 ? 0 : -1;
  spec.base_sequence = base_sequence;
  std::vector<pr::RecordSpec> recs;
  for (size_t i = 0; i < kvs.size(); ++i) {
    pr::RecordSpec r;
    r.key = kvs[i].first;
    r.value = kvs[i].second;
    r.timestamp_delta = static_cast<int64_t>(i);
    recs.push_back(r);
  }
  return pr::EncodeRecordBatch(spec, recs);
}

// The same records, compressed with `codec`.
std::vector<uint8_t> Compressed(const std::vector<uint8_t>& plain_batch, pr::CompressionCodec codec) {
  auto split = pr::SplitRecordBatches(plain_batch);
  auto records = pr::DecodeRecords(split->front());
  std::vector<std::span<const uint8_t>> raws;
  for (const auto& r : records.Value()) raws.push_back(r.raw);
  pr::RecordBatchHeader h = split->front().header;
  h.attributes = static_cast<int16_t>((h.attributes & ~pr::kCodecMask) | static_cast<int16_t>(codec));
  return pr::BuildBatch(h, raws).Value();
}

class LogCleanerTest : public ::testing::Test {
 protected:
  std::string Dir() const { return tmp_.path() + "/compacted-0"; }

  std::shared_ptr<Log> OpenLog() {
    Log::Options o;
    o.dir = Dir();
    o.topic = "compacted";
    o.partition = 0;
    o.config.cleanup_compact = true;
    o.config.cleanup_delete = false;
    o.config.segment_bytes = 2048;  // many small segments
    o.config.delete_retention_ms = 60'000;
    o.clock = clock_.fn();
    auto log = Log::Open(std::move(o));
    EXPECT_TRUE(log) << (log ? "" : log.Error().message);
    return log ? log.Value() : nullptr;
  }

  void Put(Log& log, const std::string& key, std::optional<std::string> value) {
    auto batch = KeyedBatch({{key, std::move(value)}}, *clock_.now);
    auto r = log.Append(batch);
    ASSERT_TRUE(r) << r.Error().message;
  }

  // Every record from the log start, batch by batch, checking CRCs.
  static std::vector<Seen> ReadAll(const Log& log) {
    std::vector<Seen> out;
    int64_t offset = log.LogStartOffset();
    while (offset < log.LogEndOffset()) {
      auto read = log.Read(offset, 1 << 20);
      EXPECT_TRUE(read) << read.Error().message;
      if (!read || read->records.empty()) break;
      auto batches = pr::SplitRecordBatches(read->records);
      EXPECT_TRUE(batches.Ok());
      for (const auto& b : batches.Value()) {
        EXPECT_TRUE(pr::VerifyBatchCrc(b.bytes)) << "batch at " << b.header.base_offset;
        std::vector<uint8_t> plain;
        auto records = pr::DecodeAnyRecords(b, &plain);
        EXPECT_TRUE(records.Ok());
        for (const auto& r : records.Value()) {
          const int64_t at = b.header.base_offset + r.offset_delta;
          if (at < offset) continue;
          Seen s{at, std::string(r.key->begin(), r.key->end()), std::nullopt};
          if (r.value) s.value = std::string(r.value->begin(), r.value->end());
          out.push_back(s);
        }
        offset = b.header.NextOffset();
      }
    }
    return out;
  }

  TempDir tmp_;
  FakeClock clock_;
};

TEST_F(LogCleanerTest, KeepsTheLatestValueOfEachKeyAtItsOriginalOffset) {
  auto log = OpenLog();
  std::map<std::string, std::pair<int64_t, std::string>> expected;  // key -> (offset, value)
  for (int version = 0; version < 20; ++version) {
    for (int k = 0; k < 10; ++k) {
      const std::string key = "key-" + std::to_string(k);
      const std::string value = "value-" + std::to_string(version) + "-" + std::string(40, 'x');
      expected[key] = {log->LogEndOffset(), value};
      Put(*log, key, value);
    }
  }
  const uint64_t size_before = log->SizeInBytes();
  ASSERT_GT(log->NumSegments(), 3u);

  auto cleaned = log->Clean();
  ASSERT_TRUE(cleaned) << cleaned.Error().message;
  EXPECT_GT(cleaned->segments_cleaned, 0);
  EXPECT_GT(cleaned->records_removed, 0);
  EXPECT_LT(log->SizeInBytes(), size_before);

  // The active segment is never cleaned, so keys written last may appear
  // twice there; what the cleaned segments hold must be the latest only.
  const auto seen = ReadAll(*log);
  std::map<std::string, Seen> last;
  std::vector<int64_t> offsets;
  for (const auto& s : seen) {
    last[s.key] = s;
    offsets.push_back(s.offset);
  }
  EXPECT_TRUE(std::is_sorted(offsets.begin(), offsets.end()));
  ASSERT_EQ(last.size(), expected.size());
  for (const auto& [key, want] : expected) {
    EXPECT_EQ(last[key].offset, want.first) << key;
    EXPECT_EQ(last[key].value, want.second) << key;
  }
  EXPECT_LT(seen.size(), 200u);
  EXPECT_EQ(log->LogEndOffset(), 200);

  // And the same after a restart (indexes rebuilt from the cleaned files).
  log.reset();
  log = OpenLog();
  const auto again = ReadAll(*log);
  ASSERT_EQ(again.size(), seen.size());
  for (size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(again[i].offset, seen[i].offset);
    EXPECT_EQ(again[i].value, seen[i].value);
  }
  // A fetch from an offset that was removed lands on the next kept record.
  auto mid = log->Read(1, 1 << 20);
  ASSERT_TRUE(mid);
  EXPECT_FALSE(mid->records.empty());
}

TEST_F(LogCleanerTest, TombstonesOutliveOnePassThenGoAfterDeleteRetention) {
  auto log = OpenLog();
  for (int version = 0; version < 10; ++version) {
    for (int k = 0; k < 5; ++k) Put(*log, "k" + std::to_string(k), std::string(60, 'a' + version));
  }
  Put(*log, "k1", std::nullopt);  // delete k1
  for (int i = 0; i < 40; ++i) Put(*log, "filler", std::string(60, 'f'));  // roll past the tombstone

  ASSERT_TRUE(log->Clean(/*force=*/true));
  auto has_k1 = [&] {
    int n = 0;
    for (const auto& s : ReadAll(*log)) {
      if (s.key == "k1") {
        EXPECT_FALSE(s.value.has_value()) << "an older k1 survived the tombstone";
        ++n;
      }
    }
    return n;
  };
  EXPECT_EQ(has_k1(), 1) << "the tombstone itself stays for delete.retention.ms";

  clock_.Advance(30'000);
  ASSERT_TRUE(log->Clean(true));
  EXPECT_EQ(has_k1(), 1) << "still within delete.retention.ms";

  clock_.Advance(31'000);
  ASSERT_TRUE(log->Clean(true));
  EXPECT_EQ(has_k1(), 0);
  for (int k : {0, 2, 3, 4}) {
    bool found = false;
    for (const auto& s : ReadAll(*log)) found |= s.key == "k" + std::to_string(k);
    EXPECT_TRUE(found) << k;
  }
}

TEST_F(LogCleanerTest, WaitsForTheDirtyRatioUnlessForced) {
  auto log = OpenLog();
  // A large clean part: distinct keys, nothing to remove.
  for (int i = 0; i < 200; ++i) Put(*log, "key-" + std::to_string(i), std::string(60, 'v'));
  ASSERT_TRUE(log->Clean());
  // Then a little dirty data with duplicates, well below half of the total.
  for (int i = 0; i < 30; ++i) Put(*log, "hot", std::string(60, 'h'));
  Put(*log, "last", std::string(1500, 'z'));  // rolls, so the duplicates are cleanable
  auto below = log->Clean();
  ASSERT_TRUE(below);
  EXPECT_EQ(below->segments_cleaned, 0) << "dirty share below min.cleanable.dirty.ratio";
  auto forced = log->Clean(/*force=*/true);
  ASSERT_TRUE(forced);
  EXPECT_GT(forced->records_removed, 0);
}

TEST_F(LogCleanerTest, DeletePolicyIsUntouchedAndStrayCleanedFilesGoAtStartUp) {
  {
    auto log = OpenLog();
    for (int i = 0; i < 60; ++i) Put(*log, "same", std::string(60, 'v'));
  }
  // A pass that stopped before its swap left this behind.
  const std::string stray = Dir() + "/00000000000000000000.log" + std::string(Log::kCleanedSuffix);
  std::ofstream(stray) << "partial";
  auto log = OpenLog();
  EXPECT_FALSE(fs::exists(stray));
  EXPECT_EQ(log->LogEndOffset(), 60);

  LogConfig plain = log->config();
  plain.cleanup_compact = false;
  plain.cleanup_delete = true;
  log->SetConfig(plain);
  auto r = log->Clean(true);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->segments_cleaned, 0);
  EXPECT_EQ(ReadAll(*log).size(), 60u);
}

TEST_F(LogCleanerTest, AnIdempotentBatchThatLosesEveryRecordStaysEmpty) {
  auto log = OpenLog();
  auto batch = KeyedBatch({{"a", std::string("1")}, {"b", std::string("2")}}, *clock_.now, 4242, 0);
  ASSERT_TRUE(log->Append(batch));
  for (int i = 0; i < 40; ++i) {
    Put(*log, i % 2 ? "a" : "b", std::string(60, 'n'));
  }
  ASSERT_TRUE(log->Clean(true));
  auto read = log->Read(0, 1 << 20);
  ASSERT_TRUE(read);
  auto batches = pr::SplitRecordBatches(read->records);
  ASSERT_TRUE(batches.Ok());
  ASSERT_FALSE(batches.Value().empty());
  const auto& first = batches.Value().front().header;
  EXPECT_EQ(first.base_offset, 0);
  EXPECT_EQ(first.producer_id, 4242);
  EXPECT_EQ(first.record_count, 0);
  EXPECT_EQ(first.last_offset_delta, 1);  // its offsets stay taken
  // The producer's sequence survives a restart, so a retry is still a duplicate.
  log.reset();
  log = OpenLog();
  auto retry = KeyedBatch({{"a", std::string("1")}, {"b", std::string("2")}}, *clock_.now, 4242, 0);
  auto dup = log->Append(retry);
  ASSERT_TRUE(dup) << dup.Error().message;
  EXPECT_TRUE(dup->duplicate);
}

TEST_F(LogCleanerTest, CompressedBatchesAreOpenedFilteredAndRecompressed) {
  auto log = OpenLog();
  const pr::CompressionCodec codecs[] = {pr::CompressionCodec::kGzip, pr::CompressionCodec::kSnappy,
                                         pr::CompressionCodec::kLz4, pr::CompressionCodec::kZstd};
  std::map<std::string, std::pair<int64_t, std::string>> expected;
  for (int version = 0; version < 12; ++version) {
    std::vector<std::pair<std::string, std::optional<std::string>>> kvs;
    for (int k = 0; k < 4; ++k) {
      const std::string value = "v" + std::to_string(version) + std::string(150, 'c');
      expected["key-" + std::to_string(k)] = {log->LogEndOffset() + k, value};
      kvs.push_back({"key-" + std::to_string(k), value});
    }
    auto batch = Compressed(KeyedBatch(kvs, *clock_.now), codecs[version % 4]);
    ASSERT_TRUE(log->Append(batch));
  }
  // A later uncompressed write of key-0 supersedes every compressed one.
  expected["key-0"] = {log->LogEndOffset(), "plain"};
  Put(*log, "key-0", std::string("plain"));
  for (int i = 0; i < 30; ++i) {
    expected["pad"] = {log->LogEndOffset(), std::string(100, 'p')};
    Put(*log, "pad", std::string(100, 'p'));
  }

  auto cleaned = log->Clean(true);
  ASSERT_TRUE(cleaned) << cleaned.Error().message;
  EXPECT_GT(cleaned->records_removed, 40);
  std::map<std::string, std::pair<int64_t, std::string>> last;
  for (const auto& s : ReadAll(*log)) last[s.key] = {s.offset, *s.value};
  EXPECT_EQ(last, expected);
  // Rewritten batches keep their codec.
  auto read = log->Read(0, 1 << 20);
  ASSERT_TRUE(read);
  std::set<int> codecs_seen;
  // Keep the split result alive: the loop must not iterate into a temporary.
  auto batches = pr::SplitRecordBatches(read->records);
  ASSERT_TRUE(batches);
  for (const auto& b : batches.Value()) {
    codecs_seen.insert(static_cast<int>(b.header.Codec()));
  }
  EXPECT_GE(codecs_seen.size(), 2u);
}

TEST_F(LogCleanerTest, ACompressedNullKeyIsRefusedOnACompactedTopic) {
  auto log = OpenLog();
  pr::BatchSpec spec;
  spec.base_timestamp = *clock_.now;
  pr::RecordSpec r;
  r.value = "no key";
  auto batch = Compressed(pr::EncodeRecordBatch(spec, {r}), pr::CompressionCodec::kZstd);
  auto appended = log->Append(batch);
  ASSERT_FALSE(appended);
  EXPECT_EQ(appended.Error().code, kafka_error::kInvalidRecord);
}

}  // namespace
}  // namespace kconnect::broker::storage
