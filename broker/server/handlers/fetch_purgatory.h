#pragma once
// FetchPurgatory: where long-polling Fetch requests wait (Kafka's delayed
// fetch, ak ReplicaManager.fetchMessages; spec broker.md §5.1 "Long
// polling"). A fetch that cannot be answered yet — fewer than min_bytes
// available, no partition error, max_wait_ms > 0 — is parked here with the
// partitions it reads and a deadline. It is re-tried whenever one of those
// partitions is appended to, and completed at its deadline with whatever
// exists. Punctuality matters: KafkaJS gives up at max_wait_ms + 100 ms.
//
// The purgatory owns one thread. Appends only mark entries and signal it, so
// a producer's request thread never does fetch work; the thread runs the
// re-tries (they read the logs) and the deadlines.
//
// Ownership: the purgatory owns each parked Attempt (and so the Responder it
// holds) until the Attempt reports completion or the purgatory is destroyed.
// The destructor stops and joins the thread and drops whatever is still
// parked without completing it; it is meant to run after the server has
// stopped, when completing or dropping a Responder does nothing.
//
// Thread-safety: every public method may be called from any thread. mu_
// guards the entries, the append sequence and the stop flag.

#include <chrono>
#include <compare>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace kconnect::broker::server {

struct TopicPartition {
  std::string topic;
  int32_t partition = 0;
  auto operator<=>(const TopicPartition&) const = default;
};

class FetchPurgatory {
 public:
  using Clock = std::chrono::steady_clock;
  // Re-tries a parked fetch. `expired` is true once its deadline has passed:
  // the attempt must then complete its request. Returns true when it
  // completed the request (the entry is dropped), false to stay parked. Runs
  // on the purgatory's thread; must not block beyond reading the logs.
  using Attempt = std::function<bool(bool expired)>;

  FetchPurgatory();
  ~FetchPurgatory();
  FetchPurgatory(const FetchPurgatory&) = delete;
  FetchPurgatory& operator=(const FetchPurgatory&) = delete;

  // A counter bumped by every OnAppend. A handler reads it *before* its
  // first attempt and hands it to Park, so an append that lands between the
  // attempt and the parking is not missed (the entry is re-tried at once).
  uint64_t AppendSequence() const;

  // Parks a fetch of `connection_id` that reads `watched`, until `deadline`.
  void Park(uint64_t connection_id, std::vector<TopicPartition> watched, Clock::time_point deadline,
            uint64_t seen_append_sequence, Attempt attempt);

  // A partition got new data (the LogManager append listener). Cheap: marks
  // the entries watching it and wakes the thread.
  void OnAppend(const std::string& topic, int32_t partition);

  // Forgets the parked fetches of a closed connection (their responders are
  // dropped; the connection is gone anyway).
  void OnConnectionClosed(uint64_t connection_id);

  // Fetches parked right now (tests, diagnostics).
  size_t ParkedCount() const;

 private:
  struct Entry {
    uint64_t connection_id = 0;
    std::vector<TopicPartition> watched;  // sorted, unique
    Clock::time_point deadline;
    Attempt attempt;
    bool dirty = false;      // a watched partition was appended to since the last try
    bool trying = false;     // the thread is running its attempt (attempt moved out)
    bool cancelled = false;  // its connection closed during a try: drop it afterwards
  };

  void Run();

  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;              // guarded by mu_
  uint64_t append_sequence_ = 0;       // guarded by mu_
  uint64_t next_id_ = 0;               // guarded by mu_
  std::map<uint64_t, Entry> entries_;  // guarded by mu_; by id
  std::thread thread_;
};

}  // namespace kconnect::broker::server
