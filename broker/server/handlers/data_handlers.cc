// Registration of the data-path APIs (spec broker.md §1.2): Produce 3–7,
// Fetch 4–11, ListOffsets 1–3, InitProducerId 0–1, and the wiring of the
// FetchPurgatory to the logs (appends wake parked fetches) and to the table
// (a closed connection drops its parked fetch).

#include <algorithm>
#include <chrono>
#include <memory>

#include "broker/protocol/apis.h"
#include "broker/server/handlers/data_apis.h"
#include "broker/server/handlers/fetch_purgatory.h"
#include "broker/server/handlers/handlers.h"

namespace kconnect::broker::server {
namespace {

// Producer ids must never be handed out twice, even across restarts: the
// partition logs rebuild every producer's state from the batch headers at
// start-up, so a reused id would make a new producer's first sequence look
// out of order or, worse, like a retry of a retained batch (acknowledged,
// never written). The ids of one run start at (wall-clock ms at start) x
// 1024, so a later run begins above everything an earlier one issued unless
// the earlier one handed out more than 1024 ids per millisecond it ran (or
// the clock went back by more than the previous run lasted).
int64_t FirstProducerIdOfThisRun() {
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  return static_cast<int64_t>(now_ms) << 10;
}

}  // namespace

void RegisterDataHandlers(HandlerTable& table, BrokerContext& broker) {
  auto purgatory = std::make_shared<FetchPurgatory>();
  broker.purgatory = purgatory;
  const std::weak_ptr<FetchPurgatory> weak = purgatory;
  if (broker.logs != nullptr) {
    broker.logs->SetAppendListener([weak](const std::string& topic, int32_t partition, int64_t) {
      if (auto p = weak.lock()) p->OnAppend(topic, partition);
    });
  }
  table.SetConnectionClosedHook([weak](uint64_t connection_id) {
    if (auto p = weak.lock()) p->OnConnectionClosed(connection_id);
  });
  broker.next_producer_id.store(
      std::max(broker.next_producer_id.load(), FirstProducerIdOfThisRun()));

  table.Register(protocol::ApiKey::kProduce, 3, 7, MakeProduceHandler(broker));
  table.Register(protocol::ApiKey::kFetch, 4, 11, MakeFetchHandler(broker));
  table.Register(protocol::ApiKey::kListOffsets, 1, 3, MakeListOffsetsHandler(broker));
  table.Register(protocol::ApiKey::kInitProducerId, 0, 1, MakeInitProducerIdHandler(broker));
}

}  // namespace kconnect::broker::server
