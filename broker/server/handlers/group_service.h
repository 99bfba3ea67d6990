#pragma once
// GroupService: the broker's group coordinator (broker/group), the committed
// offsets (broker/offsets) and the thread that drives the coordinator's
// timeouts (session expiry, rebalance timeouts, the initial rebalance delay),
// which it only acts on when ticked. Created by the broker before the
// handlers are registered and owned by the BrokerContext; destroyed after the
// server has stopped, when the coordinator answers whatever it still holds
// with NOT_COORDINATOR (late completions are dropped).

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "broker/group/group_coordinator.h"
#include "broker/offsets/offset_store.h"
#include "broker/storage/log_manager.h"

namespace kconnect::broker::server {

class GroupService {
 public:
  // Opens the committed offsets (creating `__consumer_offsets` with
  // `offsets_partitions` partitions the first time) and makes every group
  // that has some known to the coordinator, as Empty.
  static storage::Result<std::shared_ptr<GroupService>> Create(group::GroupCoordinatorConfig config,
                                                              storage::LogManager& logs,
                                                              int32_t offsets_partitions);
  GroupService(group::GroupCoordinatorConfig config, std::unique_ptr<group::OffsetStore> offsets);
  ~GroupService();
  GroupService(const GroupService&) = delete;
  GroupService& operator=(const GroupService&) = delete;

  group::GroupCoordinator& coordinator() { return coordinator_; }
  group::OffsetStore& offsets() { return *offsets_; }

 private:
  void Run();

  group::GroupCoordinator coordinator_;
  std::unique_ptr<group::OffsetStore> offsets_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // guarded by mu_
  std::thread ticker_;     // last: starts once everything above exists
};

}  // namespace kconnect::broker::server
