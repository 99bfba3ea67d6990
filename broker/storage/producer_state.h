#pragma once
// ProducerStateManager: per-partition idempotent-producer state (spec §4.3,
// ak ProducerStateEntry / ProducerAppendInfo): for each producer id its
// current epoch and the metadata of its last five batches, used to spot
// retried duplicates and out-of-order sequences. Rebuilt at start-up from the
// batch headers in the log (every batch carries pid/epoch/sequence), so no
// snapshot file is needed.
//
// Thread-safety: none; the owning Log calls it under its append lock.

#include <cstdint>
#include <deque>
#include <optional>
#include <unordered_map>

#include "broker/protocol/record_batch.h"
#include "broker/storage/storage_result.h"

namespace kconnect::broker::storage {

struct ProducerBatchMetadata {
  int32_t first_sequence = 0;
  int32_t last_sequence = 0;
  int64_t first_offset = 0;
  int64_t last_offset = 0;
  int64_t log_append_time_ms = -1;  // what the produce response said (-1 for CreateTime)
};

class ProducerStateManager {
 public:
  static constexpr size_t kBatchesToRetain = 5;  // ak ProducerStateEntry.NUM_BATCHES_TO_RETAIN

  struct Entry {
    int16_t epoch = -1;
    std::deque<ProducerBatchMetadata> batches;  // oldest first
    int64_t last_timestamp_ms = -1;             // last activity, for expiry
  };

  // Decides what to do with a produced batch (header as received).
  // nullopt: append it. A value: it duplicates a retained batch, answer with
  // these original offsets. Errors: INVALID_PRODUCER_EPOCH (47) for an older
  // epoch, OUT_OF_ORDER_SEQUENCE_NUMBER (45) for a sequence gap or a new epoch
  // not starting at 0. No state for the producer accepts any sequence.
  Result<std::optional<ProducerBatchMetadata>> Check(const protocol::RecordBatchHeader& header) const;
  // Records an appended batch (header with its assigned offsets). `activity_ms`
  // is when the producer was last seen: the append's wall-clock time, or the
  // batch's maxTimestamp when rebuilding from the log.
  void Update(const protocol::RecordBatchHeader& header, int64_t log_append_time_ms, int64_t activity_ms);
  // Forgets producers whose last batch is older than `expiration_ms` before `now_ms`.
  void ExpireIdle(int64_t now_ms, int64_t expiration_ms);
  const Entry* Find(int64_t producer_id) const;
  size_t size() const { return producers_.size(); }

 private:
  std::unordered_map<int64_t, Entry> producers_;
};

}  // namespace kconnect::broker::storage
