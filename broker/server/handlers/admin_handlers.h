#pragma once
// The topic-administration APIs (spec broker.md §8) as plain functions from a
// decoded request to its response, so RegisterAdminHandlers only wires them
// into the table and tests may call them without a socket.
//
// All of them work synchronously: a created topic is complete (in Metadata,
// files on disk, registry persisted) before the response is built, so the
// request's timeout_ms never has anything to wait for and is not consulted.
// Kafka answers REQUEST_TIMED_OUT for timeout_ms <= 0 only because its
// creation would still be in progress; here it is not, so the real outcome is
// returned instead.
//
// Errors are per topic / resource / partition in the response, never a failed
// request. Thread-safety: callable from any thread (LogManager serialises
// topic changes).

#include <cstdint>

#include "broker/protocol/alter_configs.h"
#include "broker/protocol/create_partitions.h"
#include "broker/protocol/create_topics.h"
#include "broker/protocol/delete_records.h"
#include "broker/protocol/delete_topics.h"
#include "broker/protocol/describe_configs.h"
#include "broker/server/handlers/broker_context.h"

namespace kconnect::broker::server {

// Kafka's ConfigResource.Type values used by DescribeConfigs/AlterConfigs.
inline constexpr int8_t kResourceTopic = 2;
inline constexpr int8_t kResourceBroker = 4;
inline constexpr int8_t kResourceBrokerLogger = 8;

// admin_topics.cc
protocol::CreateTopicsResponse HandleCreateTopics(BrokerContext& broker,
                                                  const protocol::CreateTopicsRequest& request,
                                                  int16_t version);
protocol::DeleteTopicsResponse HandleDeleteTopics(BrokerContext& broker,
                                                  const protocol::DeleteTopicsRequest& request);
protocol::CreatePartitionsResponse HandleCreatePartitions(
    BrokerContext& broker, const protocol::CreatePartitionsRequest& request);
protocol::DeleteRecordsResponse HandleDeleteRecords(BrokerContext& broker,
                                                    const protocol::DeleteRecordsRequest& request);

// admin_configs.cc
protocol::DescribeConfigsResponse HandleDescribeConfigs(
    BrokerContext& broker, const protocol::DescribeConfigsRequest& request, int16_t version);
protocol::AlterConfigsResponse HandleAlterConfigs(BrokerContext& broker,
                                                  const protocol::AlterConfigsRequest& request);

}  // namespace kconnect::broker::server
