// ListOffsets 1–3 (spec broker.md §5.2): earliest (-2) = log start offset,
// latest (-1) = high watermark (also the LSO for read_committed: no
// transactions), a timestamp = the first record at or after it.

#include <set>
#include <string>
#include <utility>

#include "broker/protocol/error_code.h"
#include "broker/protocol/list_offsets.h"
#include "broker/server/handlers/data_apis.h"
#include "broker/server/handlers/fetch_purgatory.h"

namespace kconnect::broker::server {
namespace {

using protocol::ErrorCode;
using protocol::ToInt;

protocol::ListOffsetsResponse HandleListOffsets(BrokerContext& broker,
                                                const protocol::ListOffsetsRequest& request) {
  // Kafka answers INVALID_REQUEST for a partition named twice (v1+), since
  // the response could not say which answer is which.
  std::set<TopicPartition> seen, duplicated;
  for (const auto& topic : request.topics) {
    for (const auto& part : topic.partitions) {
      TopicPartition tp{topic.name, part.partition_index};
      if (!seen.insert(tp).second) duplicated.insert(tp);
    }
  }
  protocol::ListOffsetsResponse response;
  for (const auto& topic : request.topics) {
    protocol::ListOffsetsResponse::ListOffsetsTopicResponse topic_response;
    topic_response.name = topic.name;
    for (const auto& part : topic.partitions) {
      protocol::ListOffsetsResponse::ListOffsetsTopicResponse::ListOffsetsPartitionResponse out;
      out.partition_index = part.partition_index;
      out.offset = -1;
      out.timestamp = -1;
      if (duplicated.count(TopicPartition{topic.name, part.partition_index}) != 0) {
        out.error_code = ToInt(ErrorCode::kInvalidRequest);
      } else if (auto log = broker.logs->GetLog(topic.name, part.partition_index); !log) {
        out.error_code = ToInt(ErrorCode::kUnknownTopicOrPartition);
      } else if (auto found = log->FetchOffsetForTimestamp(part.timestamp); !found) {
        out.error_code = found.Error().code;
      } else {
        out.offset = found->offset;
        out.timestamp = found->timestamp;
      }
      topic_response.partitions.push_back(out);
    }
    response.topics.push_back(std::move(topic_response));
  }
  return response;
}

}  // namespace

HandlerFn MakeListOffsetsHandler(BrokerContext& broker) {
  return Unary<protocol::ListOffsetsRequest>(
      [&broker](const RequestContext&, const protocol::ListOffsetsRequest& request, int16_t) {
        return HandleListOffsets(broker, request);
      });
}

}  // namespace kconnect::broker::server
