#include "broker/server/handlers/fetch_purgatory.h"

#include <algorithm>
#include <exception>
#include <utility>

#include "common/logging/logger_registry.h"

namespace kconnect::broker::server {

using common::logging::kBrokerLog;

FetchPurgatory::FetchPurgatory() : thread_([this] { Run(); }) {}

FetchPurgatory::~FetchPurgatory() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
  // Whatever is still parked is dropped uncompleted: the server has stopped,
  // so its responders do nothing.
  entries_.clear();
}

uint64_t FetchPurgatory::AppendSequence() const {
  std::lock_guard lock(mu_);
  return append_sequence_;
}

void FetchPurgatory::Park(uint64_t connection_id, std::vector<TopicPartition> watched,
                          Clock::time_point deadline, uint64_t seen_append_sequence,
                          Attempt attempt) {
  std::sort(watched.begin(), watched.end());
  watched.erase(std::unique(watched.begin(), watched.end()), watched.end());
  Entry entry;
  entry.connection_id = connection_id;
  entry.watched = std::move(watched);
  entry.deadline = deadline;
  entry.attempt = std::move(attempt);
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;  // dropped: the broker is going away
    // Something was appended since the handler's own attempt: it may be data
    // this fetch waits for, so try again at once rather than sleep on it.
    entry.dirty = seen_append_sequence != append_sequence_;
    entries_.emplace(next_id_++, std::move(entry));
  }
  cv_.notify_all();
}

void FetchPurgatory::OnAppend(const std::string& topic, int32_t partition) {
  bool wake = false;
  {
    std::lock_guard lock(mu_);
    ++append_sequence_;
    if (entries_.empty()) return;
    const TopicPartition tp{topic, partition};
    for (auto& [id, entry] : entries_) {
      if (std::binary_search(entry.watched.begin(), entry.watched.end(), tp)) {
        entry.dirty = true;
        wake = true;
      }
    }
  }
  if (wake) cv_.notify_all();
}

void FetchPurgatory::OnConnectionClosed(uint64_t connection_id) {
  std::lock_guard lock(mu_);
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (it->second.connection_id != connection_id) {
      ++it;
    } else if (it->second.trying) {
      it->second.cancelled = true;  // the thread drops it after its try
      ++it;
    } else {
      it = entries_.erase(it);
    }
  }
}

size_t FetchPurgatory::ParkedCount() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

void FetchPurgatory::Run() {
  struct Due {
    uint64_t id;
    Attempt attempt;
    bool expired;
  };
  std::unique_lock lock(mu_);
  while (!stopping_) {
    const auto now = Clock::now();
    std::vector<Due> due;
    auto next_deadline = Clock::time_point::max();
    for (auto& [id, entry] : entries_) {
      const bool expired = entry.deadline <= now;
      if (expired || entry.dirty) {
        // The entry stays in the map while it is tried, so appends still
        // mark it and a closing connection can cancel it.
        entry.trying = true;
        entry.dirty = false;
        due.push_back(Due{id, std::move(entry.attempt), expired});
      } else {
        next_deadline = std::min(next_deadline, entry.deadline);
      }
    }
    if (due.empty()) {
      if (next_deadline == Clock::time_point::max()) {
        cv_.wait(lock);
      } else {
        cv_.wait_until(lock, next_deadline);
      }
      continue;
    }
    lock.unlock();
    std::vector<std::pair<Due*, bool>> results;
    results.reserve(due.size());
    for (auto& d : due) {
      bool done = true;
      try {
        done = d.attempt(d.expired);
      } catch (const std::exception& e) {
        // Dropping the attempt drops its responder, which closes the
        // connection: better than a client waiting forever.
        kBrokerLog().error("A parked fetch failed: {}", e.what());
      }
      // An expired attempt must complete; one that did not is dropped rather
      // than re-tried in a loop.
      results.emplace_back(&d, done || d.expired);
    }
    lock.lock();
    for (auto& [d, done] : results) {
      auto it = entries_.find(d->id);
      if (it == entries_.end()) continue;
      if (done || it->second.cancelled) {
        entries_.erase(it);
      } else {
        it->second.attempt = std::move(d->attempt);
        it->second.trying = false;
      }
    }
    // Finished attempts (and the responders they hold) are destroyed outside
    // the lock: dropping a responder may reach into the server.
    lock.unlock();
    due.clear();
    lock.lock();
  }
}

}  // namespace kconnect::broker::server
