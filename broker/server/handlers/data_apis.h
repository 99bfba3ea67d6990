#pragma once
// The data-path API handlers (spec broker.md §4, §5), one file each, put in
// the table by RegisterDataHandlers (data_handlers.cc). Each returns the
// HandlerFn for its API; the BrokerContext must outlive the table.

#include "broker/server/handlers/broker_context.h"
#include "broker/server/handlers/handler_table.h"

namespace kconnect::broker::server {

// Produce 3–7 (produce_handler.cc).
HandlerFn MakeProduceHandler(BrokerContext& broker);
// Fetch 4–11 with long polling through broker.purgatory (fetch_handler.cc).
HandlerFn MakeFetchHandler(BrokerContext& broker);
// ListOffsets 1–3 (list_offsets_handler.cc).
HandlerFn MakeListOffsetsHandler(BrokerContext& broker);
// InitProducerId 0–1, idempotent producers only (init_producer_id_handler.cc).
HandlerFn MakeInitProducerIdHandler(BrokerContext& broker);

}  // namespace kconnect::broker::server
