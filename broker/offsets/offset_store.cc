// OffsetStore — see offset_store.h; the record format is in README.md.

#include "broker/offsets/offset_store.h"

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <span>
#include <string_view>

#include "broker/protocol/compression.h"
#include "broker/protocol/record_batch.h"
#include "common/logging/logger_registry.h"

namespace kconnect::broker::group {

using common::logging::kBrokerLog;

namespace {

namespace pr = kconnect::broker::protocol;
namespace ke = storage::kafka_error;

// Kafka's OffsetCommitKey v1 and OffsetCommitValue v3 (README.md "Record
// format"). Key versions 0 and 1 share a layout; 2 is Kafka's group metadata,
// which this store neither writes nor reads.
constexpr int16_t kKeyVersion = 1;
constexpr int16_t kValueVersion = 3;
constexpr int16_t kInvalidGroupId = 24;
// Strings are int16-length prefixed.
constexpr size_t kMaxString = 32767;
// How much one Log::Read asks for while loading; a larger batch still comes whole.
constexpr int64_t kLoadChunkBytes = 4 << 20;

using RecordKv = std::pair<std::string, std::optional<std::string>>;

class Writer {
 public:
  void I16(int16_t v) { Be(static_cast<uint16_t>(v), 2); }
  void I32(int32_t v) { Be(static_cast<uint32_t>(v), 4); }
  void I64(int64_t v) { Be(static_cast<uint64_t>(v), 8); }
  // REQUIRES s.size() <= kMaxString (checked by the callers).
  void Str(std::string_view s) {
    I16(static_cast<int16_t>(s.size()));
    out_.append(s);
  }
  std::string Take() { return std::move(out_); }

 private:
  void Be(uint64_t v, int bytes) {
    for (int i = bytes - 1; i >= 0; --i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  }
  std::string out_;
};

// Bounds-checked big-endian reader; any short read latches !ok().
class Reader {
 public:
  explicit Reader(std::span<const uint8_t> b) : b_(b) {}
  int16_t I16() { return static_cast<int16_t>(Be(2)); }
  int32_t I32() { return static_cast<int32_t>(Be(4)); }
  int64_t I64() { return static_cast<int64_t>(Be(8)); }
  std::string Str() {
    int16_t n = I16();
    if (!ok_ || n < 0 || static_cast<size_t>(n) > b_.size() - pos_) {
      ok_ = false;
      return {};
    }
    std::string s(reinterpret_cast<const char*>(b_.data() + pos_), static_cast<size_t>(n));
    pos_ += static_cast<size_t>(n);
    return s;
  }
  bool ok() const { return ok_; }
  bool AtEnd() const { return pos_ == b_.size(); }

 private:
  uint64_t Be(size_t n) {
    if (!ok_ || b_.size() - pos_ < n) {
      ok_ = false;
      return 0;
    }
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v = (v << 8) | b_[pos_ + i];
    pos_ += n;
    return v;
  }
  std::span<const uint8_t> b_;
  size_t pos_ = 0;
  bool ok_ = true;
};

std::string EncodeKey(const std::string& group, const std::string& topic, int32_t partition) {
  Writer w;
  w.I16(kKeyVersion);
  w.Str(group);
  w.Str(topic);
  w.I32(partition);
  return w.Take();
}

std::string EncodeValue(const CommittedOffset& v) {
  Writer w;
  w.I16(kValueVersion);
  w.I64(v.offset);
  w.I32(v.leader_epoch);
  w.Str(v.metadata);
  w.I64(v.commit_timestamp_ms);
  return w.Take();
}

// Java's String.hashCode over the UTF-16 code units of a UTF-8 string. An
// invalid byte counts as U+FFFD, roughly what Java's decoder substitutes.
int32_t JavaStringHash(const std::string& s) {
  uint32_t h = 0;
  auto add = [&h](uint32_t unit) { h = 31 * h + unit; };
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char c = p[i];
    size_t len = 0;
    uint32_t cp = 0;
    uint32_t min = 0;
    if (c < 0x80) {
      add(c);
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2, cp = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, cp = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, cp = c & 0x07, min = 0x10000;
    }
    bool valid = len != 0 && i + len <= n;
    for (size_t k = 1; valid && k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) valid = false;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if (valid && (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))) valid = false;
    if (!valid) {
      add(0xFFFD);
      ++i;
      continue;
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      add(0xD800 + (cp >> 10));
      add(0xDC00 + (cp & 0x3FF));
    } else {
      add(cp);
    }
    i += len;
  }
  return static_cast<int32_t>(h);
}

}  // namespace

int32_t OffsetStore::PartitionFor(const std::string& group, int32_t partitions) {
  if (partitions <= 0) return 0;
  const int32_t h = JavaStringHash(group);
  // Kafka's Utils.abs: Math.abs would leave INT32_MIN negative.
  const int32_t abs = h == INT32_MIN ? 0 : std::abs(h);
  return abs % partitions;
}

OffsetStore::OffsetStore(std::vector<std::shared_ptr<storage::Log>> logs, Options options)
    : options_(std::move(options)),
      logs_(std::move(logs)),
      partition_mu_(std::make_unique<std::mutex[]>(logs_.size())) {}

storage::Result<std::unique_ptr<OffsetStore>> OffsetStore::Open(storage::LogManager& logs,
                                                                Options options) {
  if (!options.clock) options.clock = storage::SystemClock();
  if (options.partitions <= 0) {
    return storage::Error{ke::kInvalidPartitions,
                          std::string(kTopic) + ": partitions must be positive"};
  }
  auto info = logs.GetTopic(kTopic);
  if (!info) {
    storage::ConfigMap configs{{"cleanup.policy", "compact"},
                               {"segment.bytes", std::to_string(options.segment_bytes)}};
    auto created = logs.CreateTopic(kTopic, options.partitions, configs);
    // Another opener may have won the race; its topic is as good as ours.
    if (!created && created.Error().code != ke::kTopicAlreadyExists) return created.Error();
    info = logs.GetTopic(kTopic);
    if (!info) return storage::StorageError(std::string(kTopic) + " vanished after creation");
  } else if (info->partitions != options.partitions) {
    // Rehashing would strand each group's older records in another partition.
    kBrokerLog().warn("{} has {} partitions, not the configured {}; keeping {}", kTopic,
                      info->partitions, options.partitions, info->partitions);
  }
  if (auto config = logs.EffectiveConfig(kTopic); config && !config->cleanup_compact) {
    kBrokerLog().warn("{} is not compacted (cleanup.policy); it will grow with every commit",
                      kTopic);
  }
  std::vector<std::shared_ptr<storage::Log>> partition_logs;
  for (int32_t p = 0; p < info->partitions; ++p) {
    auto log = logs.GetLog(kTopic, p);
    if (!log)
      return storage::StorageError(std::string(kTopic) + "-" + std::to_string(p) + " has no log");
    partition_logs.push_back(std::move(log));
  }
  std::unique_ptr<OffsetStore> store(
      new OffsetStore(std::move(partition_logs), std::move(options)));
  for (const auto& log : store->logs_) {
    if (auto r = store->Load(*log); !r) return r.Error();
  }
  return store;
}

storage::Result<storage::Ok> OffsetStore::Load(storage::Log& log) {
  // Not shared yet: no locks needed, but the map is only ever touched under mu_.
  std::lock_guard lock(mu_);
  int64_t next = log.LogStartOffset();
  const int64_t end = log.LogEndOffset();
  int64_t skipped = 0;
  while (next < end) {
    auto read = log.Read(next, kLoadChunkBytes, /*min_one_batch=*/true);
    if (!read) return read.Error();
    if (read->records.empty()) break;
    auto split = pr::SplitRecordBatches(read->records);
    if (!split) {
      return storage::Error{ke::kCorruptMessage, log.dir() + ": " + split.Error().message};
    }
    int64_t reached = next;
    for (const auto& batch : split.Value()) {
      reached = std::max(reached, batch.header.NextOffset());
      if (batch.header.IsControl()) continue;
      std::vector<uint8_t> inflated;
      auto records = pr::DecodeAnyRecords(batch, &inflated);
      if (!records) {
        // The log verified its CRC, so this is a batch someone else wrote
        // there; losing it beats refusing to start.
        kBrokerLog().warn("{}: skipping batch at {}: {}", log.dir(), batch.header.base_offset,
                          records.Error().message);
        ++skipped;
        continue;
      }
      for (const auto& rec : records.Value()) {
        // The first batch may start before `next`: those records are applied.
        if (batch.header.base_offset + rec.offset_delta < next) continue;
        if (!rec.key) {
          ++skipped;
          continue;
        }
        Reader k(*rec.key);
        const int16_t key_version = k.I16();
        if (!k.ok() || (key_version != 0 && key_version != 1)) {
          ++skipped;  // e.g. Kafka's group metadata (key version 2)
          continue;
        }
        std::string group = k.Str();
        std::string topic = k.Str();
        const int32_t partition = k.I32();
        if (!k.ok() || !k.AtEnd()) {
          ++skipped;
          continue;
        }
        OffsetKey key{std::move(topic), partition};
        if (!rec.value) {
          auto g = groups_.find(group);
          if (g != groups_.end()) {
            g->second.erase(key);
            if (g->second.empty()) groups_.erase(g);
          }
          continue;
        }
        Reader v(*rec.value);
        CommittedOffset value;
        const int16_t value_version = v.I16();
        value.offset = v.I64();
        value.leader_epoch = v.I32();
        value.metadata = v.Str();
        value.commit_timestamp_ms = v.I64();
        if (!v.ok() || value_version != kValueVersion || !v.AtEnd()) {
          kBrokerLog().warn("{}: skipping offset record at {} (value version {}, {} bytes)",
                            log.dir(), batch.header.base_offset + rec.offset_delta, value_version,
                            rec.value->size());
          ++skipped;
          continue;
        }
        groups_[group][std::move(key)] = std::move(value);
      }
    }
    if (reached <= next) {
      return storage::Error{ke::kCorruptMessage,
                            log.dir() + ": no progress past offset " + std::to_string(next)};
    }
    next = reached;
  }
  if (skipped > 0) {
    kBrokerLog().warn("{}: {} records were not offset commits and were ignored", log.dir(),
                      skipped);
  }
  return storage::Ok{};
}

storage::Result<storage::Ok> OffsetStore::AppendLocked(int32_t partition,
                                                       const std::vector<RecordKv>& records) {
  std::vector<pr::RecordSpec> specs;
  specs.reserve(records.size());
  for (const auto& [key, value] : records) specs.push_back(pr::RecordSpec{key, value, 0, {}});
  pr::BatchSpec spec;
  spec.base_timestamp = options_.clock();
  std::vector<uint8_t> batch = pr::EncodeRecordBatch(spec, specs);
  auto appended = logs_[static_cast<size_t>(partition)]->Append(batch);
  if (!appended) return appended.Error();
  return storage::Ok{};
}

std::vector<int16_t> OffsetStore::Commit(const std::string& group,
                                         const std::vector<CommitEntry>& entries) {
  std::vector<int16_t> errors(entries.size(), ke::kNone);
  if (entries.empty()) return errors;
  if (group.size() > kMaxString) {
    std::fill(errors.begin(), errors.end(), kInvalidGroupId);
    return errors;
  }
  const int64_t now = options_.clock();
  const size_t max_metadata = std::min(options_.max_metadata_bytes, kMaxString);
  std::vector<RecordKv> records;
  std::vector<std::pair<OffsetKey, CommittedOffset>> updates;
  for (size_t i = 0; i < entries.size(); ++i) {
    const CommitEntry& e = entries[i];
    if (e.metadata && e.metadata->size() > max_metadata) {
      errors[i] = offsets_error::kOffsetMetadataTooLarge;
      continue;
    }
    if (e.topic.size() > kMaxString) {
      errors[i] = ke::kInvalidTopic;
      continue;
    }
    CommittedOffset value{e.offset, e.leader_epoch, e.metadata.value_or(""),
                          e.commit_timestamp_ms < 0 ? now : e.commit_timestamp_ms};
    records.emplace_back(EncodeKey(group, e.topic, e.partition), EncodeValue(value));
    updates.emplace_back(OffsetKey{e.topic, e.partition}, std::move(value));
  }
  if (records.empty()) return errors;

  const int32_t p = PartitionFor(group, partitions());
  std::lock_guard partition_lock(partition_mu_[static_cast<size_t>(p)]);
  if (auto r = AppendLocked(p, records); !r) {
    int16_t code = r.Error().code;
    // Kafka answers an oversized commit this way (GroupMetadataManager.storeOffsets).
    if (code == ke::kMessageTooLarge || code == ke::kRecordListTooLarge) {
      code = offsets_error::kInvalidCommitOffsetSize;
    }
    kBrokerLog().warn("offset commit of group '{}' failed: {}", group, r.Error().message);
    for (auto& err : errors) {
      if (err == ke::kNone) err = code;
    }
    return errors;
  }
  std::lock_guard lock(mu_);
  auto& offsets = groups_[group];
  for (auto& [key, value] : updates) offsets[std::move(key)] = std::move(value);
  return errors;
}

std::optional<CommittedOffset> OffsetStore::Fetch(const std::string& group,
                                                  const std::string& topic,
                                                  int32_t partition) const {
  std::lock_guard lock(mu_);
  auto g = groups_.find(group);
  if (g == groups_.end()) return std::nullopt;
  auto it = g->second.find(OffsetKey{topic, partition});
  if (it == g->second.end()) return std::nullopt;
  return it->second;
}

std::map<OffsetKey, CommittedOffset> OffsetStore::FetchAll(const std::string& group) const {
  std::lock_guard lock(mu_);
  auto g = groups_.find(group);
  if (g == groups_.end()) return {};
  return g->second;
}

bool OffsetStore::HasOffsets(const std::string& group) const {
  std::lock_guard lock(mu_);
  return groups_.count(group) != 0;
}

std::vector<std::string> OffsetStore::Groups() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> out;
  out.reserve(groups_.size());
  for (const auto& [group, offsets] : groups_) out.push_back(group);
  return out;
}

storage::Result<storage::Ok> OffsetStore::DeleteLocked(int32_t partition, const std::string& group,
                                                       const std::vector<OffsetKey>& keys) {
  if (keys.empty()) return storage::Ok{};
  std::vector<RecordKv> tombstones;
  tombstones.reserve(keys.size());
  for (const auto& [topic, p] : keys) {
    tombstones.emplace_back(EncodeKey(group, topic, p), std::nullopt);
  }
  auto appended = AppendLocked(partition, tombstones);
  std::lock_guard lock(mu_);
  if (!appended) return appended;
  auto g = groups_.find(group);
  if (g == groups_.end()) return storage::Ok{};
  for (const auto& key : keys) g->second.erase(key);
  if (g->second.empty()) groups_.erase(g);
  return storage::Ok{};
}

storage::Result<storage::Ok> OffsetStore::DeleteGroup(const std::string& group) {
  const int32_t p = PartitionFor(group, partitions());
  std::lock_guard partition_lock(partition_mu_[static_cast<size_t>(p)]);
  std::vector<OffsetKey> keys;
  {
    std::lock_guard lock(mu_);
    auto g = groups_.find(group);
    if (g == groups_.end()) return storage::Ok{};
    for (const auto& [key, value] : g->second) keys.push_back(key);
  }
  return DeleteLocked(p, group, keys);
}

storage::Result<storage::Ok> OffsetStore::DeletePartitions(
    const std::string& group, const std::vector<OffsetKey>& partitions) {
  const int32_t p = PartitionFor(group, this->partitions());
  std::lock_guard partition_lock(partition_mu_[static_cast<size_t>(p)]);
  std::vector<OffsetKey> keys;
  {
    std::lock_guard lock(mu_);
    auto g = groups_.find(group);
    if (g == groups_.end()) return storage::Ok{};
    for (const auto& key : partitions) {
      if (g->second.count(key) && std::find(keys.begin(), keys.end(), key) == keys.end()) {
        keys.push_back(key);
      }
    }
  }
  return DeleteLocked(p, group, keys);
}

void OffsetStore::OnTopicDeleted(const std::string& topic) {
  // Which groups have offsets of the topic, by partition; a commit racing in
  // between is tombstoned and erased too, after its own record.
  std::map<int32_t, std::map<std::string, std::vector<OffsetKey>>> doomed;
  {
    std::lock_guard lock(mu_);
    for (const auto& [group, offsets] : groups_) {
      for (auto it = offsets.lower_bound(OffsetKey{topic, INT32_MIN});
           it != offsets.end() && it->first.first == topic; ++it) {
        doomed[PartitionFor(group, partitions())][group].push_back(it->first);
      }
    }
  }
  for (const auto& [p, groups] : doomed) {
    std::lock_guard partition_lock(partition_mu_[static_cast<size_t>(p)]);
    for (const auto& [group, keys] : groups) {
      if (auto r = DeleteLocked(p, group, keys); !r) {
        kBrokerLog().warn("tombstoning offsets of deleted topic '{}' for group '{}' failed: {}",
                          topic, group, r.Error().message);
        std::lock_guard lock(mu_);
        auto g = groups_.find(group);
        if (g == groups_.end()) continue;
        for (const auto& key : keys) g->second.erase(key);
        if (g->second.empty()) groups_.erase(g);
      }
    }
  }
}

}  // namespace kconnect::broker::group
