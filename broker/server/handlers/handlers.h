#pragma once
// Registration of every API handler, grouped by file. Each group registers
// its APIs with their served version ranges (spec broker.md §1.2).

#include "broker/server/handlers/broker_context.h"
#include "broker/server/handlers/handler_table.h"

namespace kconnect::broker::server {

// Metadata 0–6 (metadata_handler.cc).
void RegisterMetadataHandlers(HandlerTable& table, BrokerContext& broker);
// Produce 3–7, Fetch 4–11, ListOffsets 1–3, InitProducerId 0–1 (data_handlers.cc).
void RegisterDataHandlers(HandlerTable& table, BrokerContext& broker);
// CreateTopics 0–4, DeleteTopics 0–3, DeleteRecords 0–1, DescribeConfigs 0–2,
// AlterConfigs 0–1, CreatePartitions 0–1 (admin_handlers.cc).
void RegisterAdminHandlers(HandlerTable& table, BrokerContext& broker);

// FindCoordinator 0–2, JoinGroup 0–5, SyncGroup 0–3, Heartbeat 0–3,
// LeaveGroup 0–3, ListGroups 0–2, DescribeGroups 0–4, DeleteGroups 0–1
// (group_handlers.cc); needs broker.groups.
void RegisterGroupHandlers(HandlerTable& table, BrokerContext& broker);
// OffsetCommit 2–7, OffsetFetch 1–5 (offset_handlers.cc); needs broker.groups.
void RegisterOffsetHandlers(HandlerTable& table, BrokerContext& broker);

// All of the above.
inline void RegisterAllHandlers(HandlerTable& table, BrokerContext& broker) {
  RegisterMetadataHandlers(table, broker);
  RegisterDataHandlers(table, broker);
  RegisterAdminHandlers(table, broker);
  RegisterGroupHandlers(table, broker);
  RegisterOffsetHandlers(table, broker);
}

}  // namespace kconnect::broker::server
