#include "broker/storage/producer_state.h"

#include <limits>
#include <string>

namespace kconnect::broker::storage {

namespace {
int32_t NextSequence(int32_t seq) { return seq == std::numeric_limits<int32_t>::max() ? 0 : seq + 1; }
}  // namespace

Result<std::optional<ProducerBatchMetadata>> ProducerStateManager::Check(
    const protocol::RecordBatchHeader& h) const {
  using Maybe = std::optional<ProducerBatchMetadata>;
  if (h.producer_id < 0) return Maybe();
  auto it = producers_.find(h.producer_id);
  if (it == producers_.end() || it->second.batches.empty()) return Maybe();
  const Entry& e = it->second;
  if (h.producer_epoch < e.epoch) {
    return Error{kafka_error::kInvalidProducerEpoch, "producer " + std::to_string(h.producer_id) + " epoch " +
                                                         std::to_string(h.producer_epoch) + " is older than " +
                                                         std::to_string(e.epoch)};
  }
  if (h.producer_epoch > e.epoch) {
    if (h.base_sequence != 0) {
      return Error{kafka_error::kOutOfOrderSequence,
                   "producer " + std::to_string(h.producer_id) + " new epoch must start at sequence 0, got " +
                       std::to_string(h.base_sequence)};
    }
    return Maybe();
  }
  int32_t last = h.LastSequence();
  for (const auto& b : e.batches) {
    if (b.first_sequence == h.base_sequence && b.last_sequence == last) return Maybe(b);
  }
  int32_t expected = NextSequence(e.batches.back().last_sequence);
  if (h.base_sequence != expected) {
    return Error{kafka_error::kOutOfOrderSequence, "producer " + std::to_string(h.producer_id) +
                                                       " out of order sequence: expected " +
                                                       std::to_string(expected) + ", got " +
                                                       std::to_string(h.base_sequence)};
  }
  return Maybe();
}

void ProducerStateManager::Update(const protocol::RecordBatchHeader& h, int64_t log_append_time_ms,
                                  int64_t activity_ms) {
  if (h.producer_id < 0) return;
  Entry& e = producers_[h.producer_id];
  if (h.producer_epoch != e.epoch) {
    e.batches.clear();
    e.epoch = h.producer_epoch;
  }
  e.batches.push_back(
      ProducerBatchMetadata{h.base_sequence, h.LastSequence(), h.base_offset, h.LastOffset(), log_append_time_ms});
  while (e.batches.size() > kBatchesToRetain) e.batches.pop_front();
  if (activity_ms > e.last_timestamp_ms) e.last_timestamp_ms = activity_ms;
}

void ProducerStateManager::ExpireIdle(int64_t now_ms, int64_t expiration_ms) {
  for (auto it = producers_.begin(); it != producers_.end();) {
    if (now_ms - it->second.last_timestamp_ms >= expiration_ms) {
      it = producers_.erase(it);
    } else {
      ++it;
    }
  }
}

const ProducerStateManager::Entry* ProducerStateManager::Find(int64_t producer_id) const {
  auto it = producers_.find(producer_id);
  return it == producers_.end() ? nullptr : &it->second;
}

}  // namespace kconnect::broker::storage
