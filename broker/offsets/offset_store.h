#pragma once
// OffsetStore: the committed offsets of consumer groups (spec §7.9–§7.11),
// kept in memory and made durable in the internal compacted topic
// `__consumer_offsets` before a commit returns, as Kafka does. Each group
// lives in one partition of that topic (PartitionFor), so the records of a
// group are totally ordered and a reload replays them in commit order.
// Compaction keeps the latest record per (group, topic, partition) key; a
// tombstone deletes one. The record format is in README.md.
//
// The store answers OffsetCommit/OffsetFetch/DeleteGroups/OffsetDelete and
// the offsets-only part of ListGroups; the group state machine (generation
// and member checks) is kc_broker_group's business and happens before.
//
// Thread-safety: every method may be called from any thread. A writer takes
// its `__consumer_offsets` partition's lock, appends, and only then updates
// the map under mu_, so a reader never sees a value that is not in the log,
// and two writers of one group apply to the map in their log order. Readers
// take mu_ only. Lock order: partition lock, then mu_.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "broker/storage/log.h"
#include "broker/storage/log_manager.h"
#include "broker/storage/storage_result.h"

namespace kconnect::broker::group {

// Kafka error codes the store produces besides the storage ones.
namespace offsets_error {
inline constexpr int16_t kOffsetMetadataTooLarge = 12;   // OFFSET_METADATA_TOO_LARGE
inline constexpr int16_t kInvalidCommitOffsetSize = 28;  // INVALID_COMMIT_OFFSET_SIZE
}  // namespace offsets_error

// One partition's commit as OffsetCommit carries it.
struct CommitEntry {
  std::string topic;
  int32_t partition = 0;
  int64_t offset = 0;
  int32_t leader_epoch = -1;
  // Null is stored as "" (Kafka's OffsetAndMetadata.NoMetadata).
  std::optional<std::string> metadata;
  // -1 = the store's clock at commit time.
  int64_t commit_timestamp_ms = -1;
};

struct CommittedOffset {
  int64_t offset = -1;
  int32_t leader_epoch = -1;
  std::string metadata;
  int64_t commit_timestamp_ms = -1;

  bool operator==(const CommittedOffset&) const = default;
};

// (topic, partition).
using OffsetKey = std::pair<std::string, int32_t>;

class OffsetStore {
 public:
  static constexpr const char* kTopic = "__consumer_offsets";

  struct Options {
    // Partition count when the topic is created (offsets.topic.num.partitions).
    // An existing topic keeps its own count: the groups were hashed with it.
    int32_t partitions = 50;
    // segment.bytes when the topic is created (Kafka: offsets.topic.segment.bytes).
    int64_t segment_bytes = 100LL * 1024 * 1024;
    // offset.metadata.max.bytes.
    size_t max_metadata_bytes = 4096;
    storage::Clock clock;  // default storage::SystemClock()
  };

  // Creates `__consumer_offsets` if absent (cleanup.policy=compact) and
  // replays every partition from its log start to its end into memory.
  // Records that are not offset commits (a client may produce to the topic)
  // are skipped with a warning. Errors: the LogManager's (topic creation),
  // the log's read errors, or unsplittable batch bytes (CORRUPT_MESSAGE).
  static storage::Result<std::unique_ptr<OffsetStore>> Open(storage::LogManager& logs,
                                                            Options options);
  OffsetStore(const OffsetStore&) = delete;
  OffsetStore& operator=(const OffsetStore&) = delete;

  // Stores the entries in one batch (all or nothing on disk), durable (written
  // to the log) before returning. Returns one Kafka error code per entry, in
  // order: 0, OFFSET_METADATA_TOO_LARGE (12) for that entry alone, or for
  // every valid entry the append's error (INVALID_COMMIT_OFFSET_SIZE (28)
  // when the batch is too large, as Kafka answers, else the log's code, e.g.
  // KAFKA_STORAGE_ERROR). A later entry for the same partition wins.
  std::vector<int16_t> Commit(const std::string& group, const std::vector<CommitEntry>& entries);

  std::optional<CommittedOffset> Fetch(const std::string& group, const std::string& topic,
                                       int32_t partition) const;
  // Every committed offset of the group (OffsetFetch with null topics).
  std::map<OffsetKey, CommittedOffset> FetchAll(const std::string& group) const;

  // Tombstones every offset of the group (DeleteGroups). Ok when it has none.
  storage::Result<storage::Ok> DeleteGroup(const std::string& group);
  // Tombstones the given partitions' offsets (OffsetDelete); ones without an
  // offset are skipped.
  storage::Result<storage::Ok> DeletePartitions(const std::string& group,
                                                const std::vector<OffsetKey>& partitions);
  // Drops every group's offsets of a deleted topic and tombstones them (ak
  // GroupCoordinator.handleDeletedPartitions). Append failures are logged: the
  // memory is dropped anyway, and a stale offset that comes back after a
  // restart only names a topic that no longer exists.
  void OnTopicDeleted(const std::string& topic);

  bool HasOffsets(const std::string& group) const;
  // Groups with at least one committed offset, sorted (ListGroups lists them
  // with protocol_type "" when the coordinator has no live group).
  std::vector<std::string> Groups() const;

  // The `__consumer_offsets` partition that holds `group`'s records:
  // abs(Java String.hashCode(group)) % partitions, Kafka's rule
  // (GroupMetadataManager.partitionFor, Utils.abs maps INT32_MIN to 0), over
  // the UTF-16 code units of the UTF-8 group id.
  static int32_t PartitionFor(const std::string& group, int32_t partitions);
  int32_t partitions() const { return static_cast<int32_t>(logs_.size()); }

 private:
  using GroupOffsets = std::map<OffsetKey, CommittedOffset>;

  OffsetStore(std::vector<std::shared_ptr<storage::Log>> logs, Options options);
  storage::Result<storage::Ok> Load(storage::Log& log);
  // Appends one batch to the group's partition. REQUIRES the partition lock.
  storage::Result<storage::Ok> AppendLocked(
      int32_t partition,
      const std::vector<std::pair<std::string, std::optional<std::string>>>& records);
  // Tombstones `keys` of `group` and erases them from the map. REQUIRES the partition lock.
  storage::Result<storage::Ok> DeleteLocked(int32_t partition, const std::string& group,
                                            const std::vector<OffsetKey>& keys);

  const Options options_;
  const std::vector<std::shared_ptr<storage::Log>> logs_;
  // One per `__consumer_offsets` partition: orders appends with map updates.
  const std::unique_ptr<std::mutex[]> partition_mu_;
  mutable std::mutex mu_;
  std::map<std::string, GroupOffsets> groups_;  // guarded by mu_; no empty entries
};

}  // namespace kconnect::broker::group
