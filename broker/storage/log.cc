#include "broker/storage/log.h"

#include <algorithm>
#include <chrono>
#include <climits>
#include <filesystem>
#include <system_error>
#include <utility>

#include "broker/protocol/compression.h"
#include "broker/storage/file_util.h"
#include "common/logging/logger_registry.h"

namespace kconnect::broker::storage {

using common::logging::kBrokerLog;

namespace fs = std::filesystem;
namespace pr = kconnect::broker::protocol;

Clock SystemClock() {
  return [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
}

namespace {

Error FromBatchError(const pr::BatchError& e) { return Error{pr::KafkaErrorCode(e.code), e.message}; }

Error UnknownPartition(const std::string& topic, int32_t partition) {
  return Error{kafka_error::kUnknownTopicOrPartition,
               "partition " + topic + "-" + std::to_string(partition) + " does not exist"};
}

// Parses "<20 digits>.log".
std::optional<int64_t> SegmentBaseFromName(const std::string& name) {
  if (name.size() != 24 || name.compare(20, 4, ".log") != 0) return std::nullopt;
  int64_t v = 0;
  for (int i = 0; i < 20; ++i) {
    if (name[i] < '0' || name[i] > '9') return std::nullopt;
    if (v > (INT64_MAX - (name[i] - '0')) / 10) return std::nullopt;
    v = v * 10 + (name[i] - '0');
  }
  return v;
}

}  // namespace

Log::Log(Options o)
    : dir_(std::move(o.dir)),
      topic_(std::move(o.topic)),
      partition_(o.partition),
      clock_(o.clock ? std::move(o.clock) : SystemClock()),
      producer_id_expiration_ms_(o.producer_id_expiration_ms),
      listener_(std::move(o.listener)),
      config_(o.config),
      log_start_offset_(o.log_start_offset) {}

Log::~Log() = default;

Result<std::shared_ptr<Log>> Log::Open(Options options) {
  std::shared_ptr<Log> log(new Log(std::move(options)));
  if (auto r = log->Load(); !r) return r.Error();
  return log;
}

Result<int64_t> Log::ReadOffsetCheckpoint(const char* name) const {
  const std::string path = dir_ + "/" + name;
  if (!fs::exists(path)) return int64_t{0};
  auto content = ReadWholeFile(path);
  if (!content) return content.Error();
  long long version = -1, offset = 0;
  if (std::sscanf(content->c_str(), "%lld %lld", &version, &offset) == 2 && version == 0 && offset >= 0) {
    return static_cast<int64_t>(offset);
  }
  kBrokerLog().warn("{}-{}: ignoring unreadable {} file", topic_, partition_, name);
  return int64_t{0};
}

Result<Ok> Log::Load() {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) return StorageError("create " + dir_ + ": " + ec.message());
  std::vector<int64_t> bases;
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    std::string name = entry.path().filename().string();
    if (auto base = SegmentBaseFromName(name)) {
      bases.push_back(*base);
    } else if (name.ends_with(kCleanedSuffix)) {
      // A compaction pass stopped before its swap; the original is intact.
      fs::remove(entry.path(), ec);
    } else if (name.find(".tmp.") != std::string::npos || name.ends_with(".tmp")) {
      // An interrupted checkpoint write (common::WriteFileAtomically names
      // its temporary file <name>.tmp.<pid>.<n>).
      fs::remove(entry.path(), ec);
    }
  }
  if (ec) return StorageError("list " + dir_ + ": " + ec.message());
  std::sort(bases.begin(), bases.end());

  // The DeleteRecords checkpoint, then where compaction got to (unreadable:
  // everything counts as dirty, which only costs a full pass).
  auto checkpoint = ReadOffsetCheckpoint(kLogStartOffsetFile);
  if (!checkpoint) return checkpoint.Error();
  auto cleaned_to = ReadOffsetCheckpoint(kCleanerCheckpointFile);
  if (!cleaned_to) return cleaned_to.Error();
  first_dirty_offset_ = cleaned_to.Value();

  const int64_t now = clock_();
  for (size_t i = 0; i < bases.size(); ++i) {
    bool last = i + 1 == bases.size();
    auto seg = LogSegment::Open(dir_, bases[i], now);
    if (!seg) return seg.Error();
    // The active segment may hold a torn write: check every CRC and rebuild
    // its indexes. Older segments were fsync'd when rolled; only their headers
    // are walked (producer state, offsets) and indexes rebuilt if inconsistent.
    auto loaded = seg.Value()->Load(last, last, config_.index_interval_bytes, [&](const pr::RecordBatchHeader& h) {
      int64_t append_time = h.TsType() == pr::TimestampType::kLogAppendTime ? h.max_timestamp : -1;
      producers_.Update(h, append_time, h.max_timestamp);
    });
    if (!loaded) return loaded.Error();
    if (loaded->truncated_bytes > 0) {
      kBrokerLog().warn(
          "{}-{}: recovered segment {}: truncated {} bytes of incomplete or corrupt data ({}); "
          "the log now ends at offset {}",
          topic_, partition_, seg.Value()->log_path(), loaded->truncated_bytes,
          loaded->truncation_reason, seg.Value()->next_offset());
    } else if (loaded->indexes_rebuilt && !last) {
      kBrokerLog().info("{}-{}: rebuilt the indexes of segment {}", topic_, partition_,
                        seg.Value()->log_path());
    }
    segments_[bases[i]] = std::move(seg.Value());
  }
  if (segments_.empty()) {
    int64_t base = std::max(log_start_offset_, checkpoint.Value());
    auto seg = LogSegment::Open(dir_, base, now);
    if (!seg) return seg.Error();
    segments_[base] = std::move(seg.Value());
    if (auto r = FsyncDir(dir_); !r) return r;
  }
  log_end_offset_ = segments_.rbegin()->second->next_offset();
  log_start_offset_ = std::min(std::max({log_start_offset_, checkpoint.Value(), segments_.begin()->first}), log_end_offset_);
  last_flush_ms_ = now;
  return Ok{};
}

std::shared_ptr<LogSegment> Log::ActiveSegment() const { return segments_.rbegin()->second; }

bool Log::ShouldRollLocked(uint64_t incoming_bytes, int64_t last_offset, int64_t now_ms) const {
  const auto& active = *segments_.rbegin()->second;
  if (active.empty()) return false;
  return active.size() + incoming_bytes > static_cast<uint64_t>(config_.segment_bytes) ||
         now_ms - active.rolling_timestamp() > config_.segment_ms ||
         last_offset - active.base_offset() > INT32_MAX;  // relative offsets are int32
}

Result<Ok> Log::RollLocked(int64_t now_ms) {
  auto active = ActiveSegment();
  if (auto r = active->Seal(); !r) return r;
  auto seg = LogSegment::Open(dir_, log_end_offset_, now_ms);
  if (!seg) return seg.Error();
  if (auto r = FsyncDir(dir_); !r) return r;
  std::unique_lock lock(state_mu_);
  segments_[log_end_offset_] = std::move(seg.Value());
  return Ok{};
}

Result<AppendResult> Log::Append(std::span<uint8_t> records) {
  AppendResult result;
  {
    std::lock_guard append_lock(append_mu_);
    if (deleted_) return UnknownPartition(topic_, partition_);
    if (closed_) return StorageError("log " + topic_ + "-" + std::to_string(partition_) + " is closed");
    auto split = pr::SplitRecordBatches(records);
    if (!split) return FromBatchError(split.Error());
    const auto& batches = split.Value();
    if (batches.empty()) return Error{kafka_error::kInvalidRecord, "no record batches to append"};
    const int64_t now = clock_();
    size_t idempotent = 0;
    int64_t record_count = 0;
    for (const auto& b : batches) {
      if (auto v = pr::ValidateProducedBatch(b); !v) return FromBatchError(v.Error());
      if (static_cast<int64_t>(b.bytes.size()) > config_.max_message_bytes) {
        return Error{kafka_error::kMessageTooLarge, "record batch of " + std::to_string(b.bytes.size()) +
                                                        " bytes exceeds max.message.bytes " +
                                                        std::to_string(config_.max_message_bytes)};
      }
      if (b.header.TsType() == pr::TimestampType::kCreateTime &&
          config_.timestamp_type == pr::TimestampType::kCreateTime) {
        for (int64_t ts : {b.header.base_timestamp, b.header.max_timestamp}) {
          if ((ts < now && now - ts > config_.timestamp_before_max_ms) ||
              (ts > now && ts - now > config_.timestamp_after_max_ms)) {
            return Error{kafka_error::kInvalidTimestamp,
                         "timestamp " + std::to_string(ts) + " is out of the accepted range"};
          }
        }
      }
      if (config_.cleanup_compact) {
        // Compressed batches are stored as produced (spec §3.3) but opened
        // here: the cleaner needs a key on every record.
        std::vector<uint8_t> plain;
        auto recs = pr::DecodeAnyRecords(b, &plain);
        if (!recs) return FromBatchError(recs.Error());
        for (const auto& r : recs.Value()) {
          if (!r.key) return Error{kafka_error::kInvalidRecord, "compacted topic cannot accept a null key"};
        }
      }
      if (b.header.producer_id >= 0) ++idempotent;
      record_count += b.header.record_count;
    }
    if (static_cast<int64_t>(records.size()) > config_.segment_bytes) {
      return Error{kafka_error::kRecordListTooLarge, "record set of " + std::to_string(records.size()) +
                                                         " bytes exceeds segment.bytes " +
                                                         std::to_string(config_.segment_bytes)};
    }
    if (idempotent > 0 && batches.size() > 1) {
      return Error{kafka_error::kInvalidRecord, "an idempotent produce must carry exactly one batch"};
    }
    if (idempotent > 0) {
      auto check = producers_.Check(batches[0].header);
      if (!check) return check.Error();
      if (check.Value()) {
        const auto& dup = *check.Value();
        result.base_offset = dup.first_offset;
        result.last_offset = dup.last_offset;
        result.log_append_time_ms = dup.log_append_time_ms;
        result.log_start_offset = LogStartOffset();
        result.duplicate = true;
        return result;
      }
    }

    // Assign offsets in place. baseOffset and partitionLeaderEpoch lie
    // outside the CRC; LogAppendTime changes CRC-covered bytes.
    const bool append_time = config_.timestamp_type == pr::TimestampType::kLogAppendTime;
    int64_t next = log_end_offset_;
    std::vector<AppendedBatch> appended;
    std::vector<pr::RecordBatchHeader> headers;
    size_t pos = 0;
    for (const auto& b : batches) {
      auto bytes = records.subspan(pos, b.bytes.size());
      pr::SetBaseOffset(bytes, next);
      pr::SetPartitionLeaderEpoch(bytes, 0);
      if (append_time) pr::SetLogAppendTime(bytes, now);
      pr::RecordBatchHeader h = b.header;
      h.base_offset = next;
      h.partition_leader_epoch = 0;
      if (append_time) h.max_timestamp = now;
      appended.push_back(AppendedBatch{h.LastOffset(), h.max_timestamp, static_cast<uint32_t>(b.bytes.size())});
      headers.push_back(h);
      next = h.NextOffset();
      pos += b.bytes.size();
    }
    if (ShouldRollLocked(records.size(), next - 1, now)) {
      if (auto r = RollLocked(now); !r) return r.Error();
    }
    auto active = ActiveSegment();
    if (auto w = active->Write(records); !w) {
      kBrokerLog().error("{}-{}: append failed: {}", topic_, partition_, w.Error().message);
      return w.Error();
    }
    {
      std::unique_lock lock(state_mu_);
      if (auto c = active->Commit(appended, config_.index_interval_bytes); !c) {
        kBrokerLog().warn("{}-{}: index update failed, indexes will be rebuilt at start-up: {}",
                          topic_, partition_, c.Error().message);
      }
      log_end_offset_ = next;
      result.log_start_offset = log_start_offset_;
    }
    for (const auto& h : headers) producers_.Update(h, append_time ? now : -1, now);
    result.base_offset = headers.front().base_offset;
    result.last_offset = next - 1;
    result.log_append_time_ms = append_time ? now : -1;

    unflushed_messages_ += record_count;
    if (unflushed_messages_ >= config_.flush_messages ||
        (config_.flush_ms != LogConfig::kNever && now - last_flush_ms_ >= config_.flush_ms)) {
      if (auto f = active->Flush(); !f) return f.Error();
      unflushed_messages_ = 0;
      last_flush_ms_ = now;
    }
  }
  if (listener_) listener_(topic_, partition_, result.last_offset + 1);
  return result;
}

Result<Log::Located> Log::Locate(int64_t offset, int64_t max_bytes, bool min_one_batch,
                                 int64_t* high_watermark, int64_t* log_start_offset) const {
  if (deleted_) return UnknownPartition(topic_, partition_);
  Located out;
  std::shared_lock lock(state_mu_);
  *high_watermark = log_end_offset_;
  *log_start_offset = log_start_offset_;
  if (offset < log_start_offset_ || offset > log_end_offset_) {
    return Error{kafka_error::kOffsetOutOfRange,
                 "offset " + std::to_string(offset) + " is outside [" + std::to_string(log_start_offset_) + ", " +
                     std::to_string(log_end_offset_) + "] of " + topic_ + "-" + std::to_string(partition_)};
  }
  if (offset == log_end_offset_) return out;
  // A partition whose share of a fetch is used up gets its bounds and no
  // data; looking its batch up would cost two reads for nothing.
  if (max_bytes <= 0 && !min_one_batch) return out;
  auto it = segments_.upper_bound(offset);
  if (it != segments_.begin()) --it;
  for (; it != segments_.end(); ++it) {
    auto found = it->second->FindBatch(offset);
    if (!found) return found.Error();
    if (found.Value()) {
      // Whole batches only: when the first one does not fit, and need not
      // be sent regardless, there is nothing to read.
      if (!min_one_batch && static_cast<int64_t>(found.Value()->header.SizeInBytes()) > max_bytes) return out;
      out.segment = it->second;
      out.position = found.Value()->position;
      out.end = out.segment->size();
      return out;
    }
  }
  return out;
}

Result<ReadResult> Log::Read(int64_t offset, int64_t max_bytes, bool min_one_batch) const {
  ReadResult out;
  auto located = Locate(offset, max_bytes, min_one_batch, &out.high_watermark, &out.log_start_offset);
  if (!located) return located.Error();
  if (!located->segment) return out;
  auto bytes = located->segment->ReadRange(located->position, static_cast<uint64_t>(std::max<int64_t>(max_bytes, 0)),
                                           located->end, min_one_batch);
  if (!bytes) return bytes.Error();
  out.records = std::move(bytes.Value());
  return out;
}

Result<RecordsSlice> Log::ReadSlice(int64_t offset, int64_t max_bytes, bool min_one_batch) const {
  RecordsSlice out;
  auto located = Locate(offset, max_bytes, min_one_batch, &out.high_watermark, &out.log_start_offset);
  if (!located) return located.Error();
  if (!located->segment) return out;
  auto size = located->segment->WholeBatchBytes(
      located->position, static_cast<uint64_t>(std::max<int64_t>(max_bytes, 0)), located->end, min_one_batch);
  if (!size) return size.Error();
  if (size.Value() == 0) return out;
  out.segment = std::move(located->segment);
  out.position = located->position;
  out.size = size.Value();
  return out;
}

Result<OffsetAndTimestamp> Log::FetchOffsetForTimestamp(int64_t timestamp) const {
  if (deleted_) return UnknownPartition(topic_, partition_);
  std::shared_lock lock(state_mu_);
  if (timestamp == -2) return OffsetAndTimestamp{log_start_offset_, -1};
  if (timestamp == -1) return OffsetAndTimestamp{log_end_offset_, -1};
  if (timestamp < 0) return OffsetAndTimestamp{};
  int64_t from = log_start_offset_;
  for (const auto& [base, seg] : segments_) {
    if (seg->next_offset() <= from || seg->max_timestamp() < timestamp) continue;
    for (;;) {
      auto loc = seg->FindBatchByTimestamp(timestamp, from);
      if (!loc) return loc.Error();
      if (!loc.Value()) break;
      const auto& h = loc.Value()->header;
      if (h.Codec() != pr::CompressionCodec::kNone || h.TsType() == pr::TimestampType::kLogAppendTime) {
        return OffsetAndTimestamp{std::max(h.base_offset, from), h.max_timestamp};
      }
      auto bytes = seg->ReadRange(loc.Value()->position, h.SizeInBytes(), seg->size(), true);
      if (!bytes) return bytes.Error();
      pr::RecordBatchView view{h, bytes.Value()};
      auto recs = pr::DecodeRecords(view);
      if (!recs) return Error{kafka_error::kCorruptMessage, recs.Error().message};
      for (const auto& r : recs.Value()) {
        int64_t off = h.base_offset + r.offset_delta;
        int64_t ts = pr::RecordTimestamp(h, r);
        if (off >= from && ts >= timestamp) return OffsetAndTimestamp{off, ts};
      }
      // Only records below the log start offset matched: keep looking.
      from = h.NextOffset();
    }
  }
  return OffsetAndTimestamp{};
}

Result<Ok> Log::WriteLogStartCheckpointLocked(int64_t offset) {
  return AtomicWriteFile(dir_ + "/" + kLogStartOffsetFile, "0\n" + std::to_string(offset) + "\n");
}

Result<int64_t> Log::DeleteRecords(int64_t offset) {
  std::lock_guard append_lock(append_mu_);
  if (deleted_) return UnknownPartition(topic_, partition_);
  int64_t hw = log_end_offset_;
  if (offset == -1) offset = hw;
  if (offset < 0 || offset > hw) {
    return Error{kafka_error::kOffsetOutOfRange, "DeleteRecords offset " + std::to_string(offset) +
                                                     " is beyond the high watermark " + std::to_string(hw)};
  }
  if (offset <= LogStartOffset()) return LogStartOffset();
  if (auto r = WriteLogStartCheckpointLocked(offset); !r) return r.Error();
  {
    std::unique_lock lock(state_mu_);
    log_start_offset_ = offset;
  }
  auto deleted =
      DeleteOldSegmentsLocked([&](const LogSegment&, const LogSegment* next) { return next->base_offset() <= offset; });
  if (!deleted) return deleted.Error();
  return LogStartOffset();
}

Result<int> Log::DeleteOldSegmentsLocked(
    const std::function<bool(const LogSegment&, const LogSegment* next)>& deletable) {
  std::vector<std::shared_ptr<LogSegment>> doomed;
  {
    std::unique_lock lock(state_mu_);
    auto it = segments_.begin();
    while (std::next(it) != segments_.end() && deletable(*it->second, std::next(it)->second.get())) {
      doomed.push_back(it->second);
      it = segments_.erase(it);
    }
    log_start_offset_ = std::max(log_start_offset_, segments_.begin()->first);
  }
  Result<Ok> first_error = Ok{};
  for (const auto& seg : doomed) {
    auto r = seg->Remove();
    if (!r && first_error) first_error = r;
  }
  if (!first_error) return first_error.Error();
  return static_cast<int>(doomed.size());
}

Result<int> Log::RunRetention() {
  std::lock_guard append_lock(append_mu_);
  if (deleted_ || closed_) return 0;
  const int64_t now = clock_();
  int deleted = 0;
  if (config_.cleanup_delete && config_.retention_ms >= 0) {
    auto expired = [&](const LogSegment& s) { return now - s.LargestTimestampForRetention() > config_.retention_ms; };
    bool all_expired = true;
    for (const auto& [base, seg] : segments_) all_expired = all_expired && expired(*seg);
    if (all_expired && !ActiveSegment()->empty()) {
      // Kafka rolls so that an idle, fully expired log can be emptied too.
      if (auto r = RollLocked(now); !r) return r.Error();
    }
    auto n = DeleteOldSegmentsLocked([&](const LogSegment& s, const LogSegment*) { return expired(s); });
    if (!n) return n.Error();
    deleted += n.Value();
  }
  if (config_.cleanup_delete && config_.retention_bytes >= 0) {
    int64_t diff = static_cast<int64_t>(SizeInBytes()) - config_.retention_bytes;
    auto n = DeleteOldSegmentsLocked([&](const LogSegment& s, const LogSegment*) {
      if (diff - static_cast<int64_t>(s.size()) < 0) return false;
      diff -= static_cast<int64_t>(s.size());
      return true;
    });
    if (!n) return n.Error();
    deleted += n.Value();
  }
  const int64_t start = LogStartOffset();
  auto n = DeleteOldSegmentsLocked(
      [&](const LogSegment&, const LogSegment* next) { return next->base_offset() <= start; });
  if (!n) return n.Error();
  deleted += n.Value();
  if (deleted > 0) {
    kBrokerLog().info("{}-{}: retention deleted {} segment(s); log start offset {}", topic_,
                      partition_, deleted, LogStartOffset());
  }
  if (config_.flush_ms != LogConfig::kNever && unflushed_messages_ > 0 && now - last_flush_ms_ >= config_.flush_ms) {
    if (auto f = ActiveSegment()->Flush(); !f) return f.Error();
    unflushed_messages_ = 0;
    last_flush_ms_ = now;
  }
  producers_.ExpireIdle(now, producer_id_expiration_ms_);
  return deleted;
}

Result<Ok> Log::Flush() {
  std::lock_guard append_lock(append_mu_);
  if (deleted_) return Ok{};
  if (auto f = ActiveSegment()->Flush(); !f) return f;
  unflushed_messages_ = 0;
  last_flush_ms_ = clock_();
  return Ok{};
}

Result<Ok> Log::Close() {
  std::lock_guard append_lock(append_mu_);
  if (closed_ || deleted_) return Ok{};
  closed_ = true;
  return ActiveSegment()->Seal();
}

Result<Ok> Log::Delete() {
  std::lock_guard append_lock(append_mu_);
  if (deleted_.exchange(true)) return Ok{};
  // Rename first so a crash mid-removal leaves a directory the LogManager
  // recognises as garbage (`<topic>-<p>.<stamp>-delete`, as Kafka names them).
  std::error_code ec;
  std::string doomed = dir_ + "." + std::to_string(clock_()) + "-delete";
  fs::rename(dir_, doomed, ec);
  if (ec) return StorageError("rename " + dir_ + ": " + ec.message());
  auto parent = fs::path(dir_).parent_path().string();
  if (auto r = FsyncDir(parent); !r) return r;
  fs::remove_all(doomed, ec);
  if (ec) return StorageError("delete " + doomed + ": " + ec.message());
  return Ok{};
}

void Log::SetConfig(const LogConfig& config) {
  std::lock_guard append_lock(append_mu_);
  std::unique_lock lock(state_mu_);
  config_ = config;
}

LogConfig Log::config() const {
  std::shared_lock lock(state_mu_);
  return config_;
}

int64_t Log::LogStartOffset() const {
  std::shared_lock lock(state_mu_);
  return log_start_offset_;
}

int64_t Log::LogEndOffset() const {
  std::shared_lock lock(state_mu_);
  return log_end_offset_;
}

uint64_t Log::SizeInBytes() const {
  std::shared_lock lock(state_mu_);
  uint64_t total = 0;
  for (const auto& [base, seg] : segments_) total += seg->size();
  return total;
}

size_t Log::NumSegments() const {
  std::shared_lock lock(state_mu_);
  return segments_.size();
}

std::optional<ProducerStateManager::Entry> Log::ProducerState(int64_t producer_id) const {
  std::lock_guard append_lock(append_mu_);
  const auto* e = producers_.Find(producer_id);
  if (!e) return std::nullopt;
  return *e;
}

}  // namespace kconnect::broker::storage
