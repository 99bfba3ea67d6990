#pragma once
// GroupService: the broker's group coordinator (broker/group) and the thread
// that drives its timeouts (session expiry, rebalance timeouts, the initial
// rebalance delay), which the coordinator itself only acts on when ticked.
// Created by RegisterGroupHandlers and owned by the BrokerContext; destroyed
// after the server has stopped, when the coordinator answers whatever it
// still holds with NOT_COORDINATOR (late completions are dropped).

#include <condition_variable>
#include <mutex>
#include <thread>

#include "broker/group/group_coordinator.h"

namespace kconnect::broker::server {

class GroupService {
 public:
  explicit GroupService(group::GroupCoordinatorConfig config);
  ~GroupService();
  GroupService(const GroupService&) = delete;
  GroupService& operator=(const GroupService&) = delete;

  group::GroupCoordinator& coordinator() { return coordinator_; }

 private:
  void Run();

  group::GroupCoordinator coordinator_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // guarded by mu_
  std::thread ticker_;     // last: starts once everything above exists
};

}  // namespace kconnect::broker::server
