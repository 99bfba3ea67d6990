#include "broker/offsets/offset_store.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "broker/protocol/record_batch.h"
#include "unit/broker/storage/storage_test_util.h"

namespace kconnect::broker::group {
namespace {

using storage::testing::FakeClock;
using storage::testing::TempDir;

CommitEntry Entry(std::string topic, int32_t partition, int64_t offset,
                  std::optional<std::string> metadata = std::nullopt, int32_t leader_epoch = -1,
                  int64_t ts = -1) {
  CommitEntry e;
  e.topic = std::move(topic);
  e.partition = partition;
  e.offset = offset;
  e.metadata = std::move(metadata);
  e.leader_epoch = leader_epoch;
  e.commit_timestamp_ms = ts;
  return e;
}

class OffsetStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }

  void Open(int32_t partitions = 4, int64_t segment_bytes = 100LL * 1024 * 1024) {
    storage::LogManagerOptions lo;
    lo.log_dirs = {tmp_.path() + "/data"};
    lo.clock = clock_.fn();
    auto logs = storage::LogManager::Open(std::move(lo));
    ASSERT_TRUE(logs) << logs.Error().message;
    logs_ = std::move(logs.Value());
    OpenStore(partitions, segment_bytes);
  }

  void OpenStore(int32_t partitions, int64_t segment_bytes) {
    OffsetStore::Options o;
    o.partitions = partitions;
    o.segment_bytes = segment_bytes;
    o.clock = clock_.fn();
    auto store = OffsetStore::Open(*logs_, o);
    ASSERT_TRUE(store) << store.Error().message;
    store_ = std::move(store.Value());
  }

  // Drops everything in memory and loads it back from the log files.
  void Reopen(int32_t partitions = 4, int64_t segment_bytes = 100LL * 1024 * 1024) {
    store_.reset();
    logs_->Close();
    logs_.reset();
    Open(partitions, segment_bytes);
  }

  std::shared_ptr<storage::Log> LogOf(const std::string& group) {
    return logs_->GetLog(OffsetStore::kTopic,
                         OffsetStore::PartitionFor(group, store_->partitions()));
  }

  TempDir tmp_;
  FakeClock clock_;
  std::unique_ptr<storage::LogManager> logs_;
  std::unique_ptr<OffsetStore> store_;
};

TEST_F(OffsetStoreTest, CreatesCompactedTopic) {
  auto info = logs_->GetTopic(OffsetStore::kTopic);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->partitions, 4);
  auto config = logs_->EffectiveConfig(OffsetStore::kTopic);
  ASSERT_TRUE(config);
  EXPECT_TRUE(config->cleanup_compact);
  EXPECT_EQ(config->segment_bytes, 100LL * 1024 * 1024);
}

TEST_F(OffsetStoreTest, CommitThenFetch) {
  auto errors = store_->Commit("g", {Entry("t", 0, 42, "meta", 7, 1234), Entry("t", 1, 5)});
  EXPECT_EQ(errors, (std::vector<int16_t>{0, 0}));
  auto a = store_->Fetch("g", "t", 0);
  ASSERT_TRUE(a);
  EXPECT_EQ(*a, (CommittedOffset{42, 7, "meta", 1234}));
  auto b = store_->Fetch("g", "t", 1);
  ASSERT_TRUE(b);
  // Null metadata reads as "", and a missing timestamp is the commit time.
  EXPECT_EQ(*b, (CommittedOffset{5, -1, "", clock_.now->load()}));
  EXPECT_FALSE(store_->Fetch("g", "t", 2));
  EXPECT_FALSE(store_->Fetch("g", "other", 0));
  EXPECT_FALSE(store_->Fetch("other", "t", 0));
  EXPECT_TRUE(store_->HasOffsets("g"));
  EXPECT_FALSE(store_->HasOffsets("other"));
  // One Commit is one batch in the group's partition.
  EXPECT_EQ(LogOf("g")->LogEndOffset(), 2);
  EXPECT_EQ(storage::testing::Headers(LogOf("g")->Read(0, 1 << 20)->records).size(), 1u);
}

TEST_F(OffsetStoreTest, LaterCommitWins) {
  ASSERT_EQ(store_->Commit("g", {Entry("t", 0, 5)}), std::vector<int16_t>{0});
  ASSERT_EQ(store_->Commit("g", {Entry("t", 0, 9, "x")}), std::vector<int16_t>{0});
  EXPECT_EQ(store_->Fetch("g", "t", 0)->offset, 9);
  // Within one call the later entry wins too.
  ASSERT_EQ(store_->Commit("g", {Entry("t", 0, 11), Entry("t", 0, 10)}),
            (std::vector<int16_t>{0, 0}));
  EXPECT_EQ(store_->Fetch("g", "t", 0)->offset, 10);
  Reopen();
  EXPECT_EQ(store_->Fetch("g", "t", 0)->offset, 10);
  EXPECT_EQ(store_->Fetch("g", "t", 0)->metadata, "");
}

TEST_F(OffsetStoreTest, MetadataTooLargeFailsOnlyThatEntry) {
  auto errors = store_->Commit("g", {Entry("t", 0, 1, std::string(4096, 'a')),
                                     Entry("t", 1, 2, std::string(4097, 'b')), Entry("t", 2, 3)});
  EXPECT_EQ(errors, (std::vector<int16_t>{0, offsets_error::kOffsetMetadataTooLarge, 0}));
  EXPECT_EQ(store_->Fetch("g", "t", 0)->metadata.size(), 4096u);
  EXPECT_FALSE(store_->Fetch("g", "t", 1));
  EXPECT_EQ(store_->Fetch("g", "t", 2)->offset, 3);
  // Only the valid entries were written, and nothing at all when none is valid.
  EXPECT_EQ(LogOf("g")->LogEndOffset(), 2);
  EXPECT_EQ(store_->Commit("g", {Entry("t", 1, 2, std::string(5000, 'c'))}),
            std::vector<int16_t>{offsets_error::kOffsetMetadataTooLarge});
  EXPECT_EQ(LogOf("g")->LogEndOffset(), 2);
  Reopen();
  EXPECT_FALSE(store_->Fetch("g", "t", 1));
  EXPECT_EQ(store_->FetchAll("g").size(), 2u);
}

TEST_F(OffsetStoreTest, FetchAll) {
  ASSERT_EQ(store_->Commit("g", {Entry("a", 0, 1), Entry("a", 1, 2), Entry("b", 0, 3, "m")}),
            (std::vector<int16_t>{0, 0, 0}));
  ASSERT_EQ(store_->Commit("h", {Entry("a", 0, 100)}), std::vector<int16_t>{0});
  auto all = store_->FetchAll("g");
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all.at({"a", 0}).offset, 1);
  EXPECT_EQ(all.at({"a", 1}).offset, 2);
  EXPECT_EQ(all.at({"b", 0}).metadata, "m");
  EXPECT_EQ(store_->FetchAll("h").at({"a", 0}).offset, 100);
  EXPECT_TRUE(store_->FetchAll("nobody").empty());
  EXPECT_EQ(store_->Groups(), (std::vector<std::string>{"g", "h"}));
}

TEST_F(OffsetStoreTest, DeleteGroupRemovesAndSurvivesRestart) {
  ASSERT_EQ(store_->Commit("a", {Entry("t", 0, 1), Entry("t", 1, 2)}),
            (std::vector<int16_t>{0, 0}));
  ASSERT_EQ(store_->Commit("b", {Entry("t", 0, 3)}), std::vector<int16_t>{0});
  ASSERT_TRUE(store_->DeleteGroup("a"));
  ASSERT_TRUE(store_->DeleteGroup("unknown"));  // nothing to delete is fine
  EXPECT_FALSE(store_->HasOffsets("a"));
  EXPECT_FALSE(store_->Fetch("a", "t", 0));
  EXPECT_EQ(store_->Groups(), std::vector<std::string>{"b"});
  Reopen();
  EXPECT_FALSE(store_->HasOffsets("a"));
  EXPECT_TRUE(store_->FetchAll("a").empty());
  EXPECT_EQ(store_->Groups(), std::vector<std::string>{"b"});
  EXPECT_EQ(store_->Fetch("b", "t", 0)->offset, 3);
  // A deleted group can commit again.
  ASSERT_EQ(store_->Commit("a", {Entry("t", 0, 9)}), std::vector<int16_t>{0});
  Reopen();
  EXPECT_EQ(store_->Fetch("a", "t", 0)->offset, 9);
  EXPECT_FALSE(store_->Fetch("a", "t", 1));
}

TEST_F(OffsetStoreTest, DeletePartitions) {
  ASSERT_EQ(store_->Commit("g", {Entry("t", 0, 1), Entry("t", 1, 2), Entry("u", 0, 3)}),
            (std::vector<int16_t>{0, 0, 0}));
  ASSERT_TRUE(store_->DeletePartitions("g", {{"t", 1}, {"u", 0}, {"never", 0}}));
  EXPECT_EQ(store_->FetchAll("g").size(), 1u);
  EXPECT_TRUE(store_->Fetch("g", "t", 0));
  Reopen();
  auto all = store_->FetchAll("g");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all.begin()->first, (OffsetKey{"t", 0}));
}

TEST_F(OffsetStoreTest, EverythingCommittedIsBackAfterRestart) {
  std::map<std::string, std::map<OffsetKey, CommittedOffset>> expected;
  for (int g = 0; g < 10; ++g) {
    const std::string group = "group-" + std::to_string(g);
    for (int round = 0; round < 3; ++round) {
      std::vector<CommitEntry> entries;
      for (int p = 0; p < 3; ++p) {
        entries.push_back(
            Entry("topic-" + std::to_string(p % 2), p, g * 100 + round * 10 + p,
                  round == 1 ? std::nullopt : std::optional<std::string>("m" + std::to_string(p)),
                  round, 1000 + round));
      }
      ASSERT_EQ(store_->Commit(group, entries), (std::vector<int16_t>(3, 0)));
      for (const auto& e : entries) {
        expected[group][{e.topic, e.partition}] = CommittedOffset{
            e.offset, e.leader_epoch, e.metadata.value_or(""), e.commit_timestamp_ms};
      }
    }
  }
  Reopen();
  std::vector<std::string> groups;
  for (const auto& [group, offsets] : expected) {
    groups.push_back(group);
    EXPECT_EQ(store_->FetchAll(group), offsets) << group;
  }
  EXPECT_EQ(store_->Groups(), groups);
}

TEST_F(OffsetStoreTest, GroupsMapToAStablePartition) {
  // Kafka's abs(String.hashCode) % 50; the hashes were computed the Java way.
  EXPECT_EQ(OffsetStore::PartitionFor("hello", 50), 22);  // 99162322
  EXPECT_EQ(OffsetStore::PartitionFor("Aa", 50), 12);     // 2112
  EXPECT_EQ(OffsetStore::PartitionFor("BB", 50), 12);     // 2112
  EXPECT_EQ(OffsetStore::PartitionFor("connect-cluster", 50), 13);
  EXPECT_EQ(OffsetStore::PartitionFor("my-consumer-group-1", 50), 7);  // negative hash
  EXPECT_EQ(OffsetStore::PartitionFor("polygenelubricants", 50), 0);   // INT32_MIN
  EXPECT_EQ(OffsetStore::PartitionFor("\xc3\xa9", 50), 33);            // "é" = 233
  EXPECT_EQ(OffsetStore::PartitionFor("\xf0\x9f\x98\x80", 50), 49);    // U+1F600, a surrogate pair
  EXPECT_EQ(OffsetStore::PartitionFor("gr\xc3\xb6\xc3\x9f"
                                      "e",
                                      50),
            7);

  // The records really go there, and only there.
  const std::string group = "hello";
  ASSERT_EQ(store_->Commit(group, {Entry("t", 0, 1)}), std::vector<int16_t>{0});
  const int32_t p = OffsetStore::PartitionFor(group, 4);
  EXPECT_EQ(p, 99162322 % 4);
  for (int32_t i = 0; i < 4; ++i) {
    EXPECT_EQ(logs_->GetLog(OffsetStore::kTopic, i)->LogEndOffset(), i == p ? 1 : 0) << i;
  }
}

TEST_F(OffsetStoreTest, ExistingTopicKeepsItsPartitionCount) {
  ASSERT_EQ(store_->Commit("hello", {Entry("t", 0, 1)}), std::vector<int16_t>{0});
  Reopen(/*partitions=*/7);
  EXPECT_EQ(store_->partitions(), 4);
  EXPECT_EQ(store_->Fetch("hello", "t", 0)->offset, 1);
  ASSERT_EQ(store_->Commit("hello", {Entry("t", 0, 2)}), std::vector<int16_t>{0});
  EXPECT_EQ(LogOf("hello")->LogEndOffset(), 2);
}

TEST_F(OffsetStoreTest, OnTopicDeletedDropsAndTombstones) {
  ASSERT_EQ(store_->Commit("a", {Entry("gone", 0, 1), Entry("gone", 1, 2), Entry("kept", 0, 3)}),
            (std::vector<int16_t>{0, 0, 0}));
  ASSERT_EQ(store_->Commit("b", {Entry("gone", 0, 4)}), std::vector<int16_t>{0});
  ASSERT_EQ(store_->Commit("c", {Entry("gone-not", 0, 5)}), std::vector<int16_t>{0});
  store_->OnTopicDeleted("gone");
  auto a = store_->FetchAll("a");
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a.begin()->first, (OffsetKey{"kept", 0}));
  EXPECT_FALSE(store_->HasOffsets("b"));
  EXPECT_EQ(store_->Groups(), (std::vector<std::string>{"a", "c"}));
  Reopen();
  EXPECT_EQ(store_->FetchAll("a").size(), 1u);
  EXPECT_FALSE(store_->HasOffsets("b"));
  EXPECT_EQ(store_->Fetch("c", "gone-not", 0)->offset, 5);
}

TEST_F(OffsetStoreTest, CompactionKeepsTheLatestOffsets) {
  // SetUp made the topic; make it again with small segments, so they roll.
  store_.reset();
  ASSERT_TRUE(logs_->DeleteTopic(OffsetStore::kTopic));
  OpenStore(/*partitions=*/1, /*segment_bytes=*/1024);
  for (int i = 0; i < 300; ++i) {
    ASSERT_EQ(store_->Commit("g", {Entry("t", 0, i, "m"), Entry("t", 1, 1000 + i)}),
              (std::vector<int16_t>{0, 0}));
  }
  ASSERT_EQ(store_->Commit("g", {Entry("t", 2, 7)}), std::vector<int16_t>{0});
  ASSERT_TRUE(store_->DeletePartitions("g", {{"t", 2}}));
  // Land the last records in a closed segment so the cleaner sees them too.
  for (int i = 0; i < 20; ++i) {
    ASSERT_EQ(store_->Commit("other", {Entry("x", 0, i)}), std::vector<int16_t>{0});
  }
  auto log = logs_->GetLog(OffsetStore::kTopic, 0);
  ASSERT_GT(log->NumSegments(), 2u);
  const uint64_t before = log->SizeInBytes();
  const int64_t end = log->LogEndOffset();
  auto cleaned = log->Clean(/*force=*/true);
  ASSERT_TRUE(cleaned) << cleaned.Error().message;
  EXPECT_GT(cleaned->records_removed, 500);
  EXPECT_LT(log->SizeInBytes(), before / 2);
  EXPECT_EQ(log->LogEndOffset(), end);

  Reopen(/*partitions=*/1, /*segment_bytes=*/1024);
  auto all = store_->FetchAll("g");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all.at({"t", 0}), (CommittedOffset{299, -1, "m", clock_.now->load()}));
  EXPECT_EQ(all.at({"t", 1}).offset, 1299);
  EXPECT_EQ(store_->Fetch("other", "x", 0)->offset, 19);
  EXPECT_LT(logs_->GetLog(OffsetStore::kTopic, 0)->SizeInBytes(), before / 2);
}

TEST_F(OffsetStoreTest, ConcurrentCommitsToDifferentGroups) {
  constexpr int kThreads = 4;
  constexpr int kGroupsPerThread = 5;
  constexpr int kRounds = 40;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int r = 0; r < kRounds; ++r) {
        for (int g = 0; g < kGroupsPerThread; ++g) {
          const std::string group = "g-" + std::to_string(t) + "-" + std::to_string(g);
          auto errors = store_->Commit(group, {Entry("t", 0, r), Entry("u", t, 1000 + r)});
          if (errors != std::vector<int16_t>{0, 0}) ++failures;
          // Readers run alongside and never see a value ahead of the writer.
          auto seen = store_->Fetch(group, "t", 0);
          if (!seen || seen->offset != r) ++failures;
          (void)store_->Groups();
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  Reopen();
  EXPECT_EQ(store_->Groups().size(), static_cast<size_t>(kThreads * kGroupsPerThread));
  for (int t = 0; t < kThreads; ++t) {
    for (int g = 0; g < kGroupsPerThread; ++g) {
      const std::string group = "g-" + std::to_string(t) + "-" + std::to_string(g);
      EXPECT_EQ(store_->Fetch(group, "t", 0)->offset, kRounds - 1) << group;
      EXPECT_EQ(store_->Fetch(group, "u", t)->offset, 1000 + kRounds - 1) << group;
    }
  }
}

TEST_F(OffsetStoreTest, AppendFailureLeavesMemoryUnchanged) {
  ASSERT_EQ(store_->Commit("g", {Entry("t", 0, 1)}), std::vector<int16_t>{0});
  // Pull the log out from under the store: appends now fail.
  ASSERT_TRUE(logs_->DeleteTopic(OffsetStore::kTopic));
  auto errors = store_->Commit("g", {Entry("t", 0, 2), Entry("t", 1, 3, std::string(5000, 'x'))});
  EXPECT_EQ(errors, (std::vector<int16_t>{storage::kafka_error::kUnknownTopicOrPartition,
                                          offsets_error::kOffsetMetadataTooLarge}));
  EXPECT_EQ(store_->Fetch("g", "t", 0)->offset, 1);
  EXPECT_FALSE(store_->DeleteGroup("g"));
  EXPECT_TRUE(store_->HasOffsets("g"));
}

TEST_F(OffsetStoreTest, LoadSkipsRecordsThatAreNotOffsetCommits) {
  ASSERT_EQ(store_->Commit("hello", {Entry("t", 0, 1)}), std::vector<int16_t>{0});
  // A client producing to the topic directly: junk keys and a short value.
  protocol::RecordSpec junk;
  junk.key = "not a key";
  junk.value = "v";
  protocol::RecordSpec short_value;
  short_value.key = std::string("\x00\x01\x00\x05hello\x00\x01t\x00\x00\x00\x00", 16);
  short_value.value = std::string("\x00\x03\x00", 3);
  auto batch = protocol::EncodeRecordBatch(protocol::BatchSpec{}, {junk, short_value});
  ASSERT_TRUE(LogOf("hello")->Append(batch));
  ASSERT_EQ(store_->Commit("hello", {Entry("t", 1, 2)}), std::vector<int16_t>{0});
  Reopen();
  auto all = store_->FetchAll("hello");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all.at({"t", 0}).offset, 1);
  EXPECT_EQ(all.at({"t", 1}).offset, 2);
}

}  // namespace
}  // namespace kconnect::broker::group
