// Produce 3–7 (spec broker.md §3.2, §4): one magic-2 batch per partition,
// appended to the partition's log, which validates it, assigns offsets in
// place and applies the idempotent-producer rules. On one node acks=1 and
// acks=-1 both mean "in the local log"; acks=0 gets no response at all.

#include <string>
#include <utility>

#include "broker/protocol/error_code.h"
#include "broker/protocol/produce.h"
#include "broker/protocol/record_batch.h"
#include "broker/server/handlers/data_apis.h"
#include "broker/server/handlers/topics.h"
#include "common/logging/logger_registry.h"

namespace kconnect::broker::server {

using common::logging::kBrokerLog;

namespace {

using protocol::ErrorCode;
using protocol::ToInt;
using PartitionResponse = protocol::ProduceResponse::TopicProduceResponse::PartitionProduceResponse;

struct PartitionOutcome {
  int16_t error_code = 0;
  std::string message;  // why, for the log
};

// The checks Kafka makes on the request before the log sees it (ak
// ProduceRequest.validateRecords): exactly one magic-2 batch (Produce v3+),
// zstd only from v7 (KIP-110).
PartitionOutcome CheckRecords(const std::optional<std::vector<uint8_t>>& records, int16_t version) {
  if (!records || records->empty()) {
    return {ToInt(ErrorCode::kInvalidRecord), "no record batch"};
  }
  auto batches = protocol::SplitRecordBatches(*records);
  if (!batches) {
    return {protocol::KafkaErrorCode(batches.Error().code), batches.Error().message};
  }
  if (batches->size() != 1) {
    return {ToInt(ErrorCode::kInvalidRecord),
            "Produce v3+ must carry exactly one record batch per partition, got " +
                std::to_string(batches->size())};
  }
  if (version < 7 && batches->front().header.Codec() == protocol::CompressionCodec::kZstd) {
    return {ToInt(ErrorCode::kUnsupportedCompressionType), "zstd needs Produce v7"};
  }
  return {};
}

// True when some partition carries a transactional batch: transactions are
// not served (spec §1.2), so such a request fails as a whole, as Kafka fails
// one whose transactional id it may not use.
bool HasTransactionalBatches(const protocol::ProduceRequest& request) {
  for (const auto& topic : request.topics) {
    for (const auto& part : topic.partitions) {
      if (!part.records) continue;
      auto batches = protocol::SplitRecordBatches(*part.records);
      if (!batches) continue;  // reported per partition later
      for (const auto& b : *batches) {
        if (b.header.IsTransactional()) return true;
      }
    }
  }
  return false;
}

PartitionResponse Failed(int32_t partition, int16_t error_code) {
  PartitionResponse out;
  out.partition_index = partition;
  out.error_code = error_code;
  out.base_offset = -1;
  out.log_append_time_ms = -1;
  out.log_start_offset = -1;
  return out;
}

void HandleProduce(BrokerContext& broker, const RequestContext& ctx,
                   const protocol::RequestHeader& header, std::span<const uint8_t> body,
                   const Responder& responder) {
  const int16_t version = header.request_api_version;
  protocol::ProduceRequest request;
  protocol::Status status = protocol::DecodeExact(body, version, &request);
  if (!status.IsOk()) {
    responder.CloseConnection("ProduceRequest v" + std::to_string(version) +
                              " could not be decoded: " + status.Message());
    return;
  }
  const bool acks_valid = request.acks == 0 || request.acks == 1 || request.acks == -1;
  int16_t request_error = 0;
  if (!acks_valid) {
    request_error = ToInt(ErrorCode::kInvalidRequiredAcks);
  } else if (HasTransactionalBatches(request)) {
    kBrokerLog().warn(
        "Transactional produce from {} (transactional.id {}) refused: transactions are not "
        "supported",
        ctx.peer, request.transactional_id.value_or("<null>"));
    request_error = ToInt(ErrorCode::kTransactionalIdAuthorizationFailed);
  }

  protocol::ProduceResponse response;
  std::string first_failure;  // for acks=0, whose failures close the connection
  for (auto& topic : request.topics) {
    protocol::ProduceResponse::TopicProduceResponse topic_response;
    topic_response.name = topic.name;
    std::optional<storage::TopicInfo> info;
    int16_t topic_error = request_error;
    if (topic_error == 0) {
      TopicLookup found = FindOrCreateTopic(broker, topic.name, /*allow_create=*/true);
      topic_error = found.error_code;
      info = std::move(found.topic);
    }
    for (auto& part : topic.partitions) {
      const std::string where = topic.name + "-" + std::to_string(part.partition_index);
      int16_t error = topic_error;
      std::string message;
      std::shared_ptr<storage::Log> log;
      if (error == 0) {
        log = broker.logs->GetLog(topic.name, part.partition_index);
        if (!log) error = ToInt(ErrorCode::kUnknownTopicOrPartition);
      }
      if (error == 0) {
        PartitionOutcome checked = CheckRecords(part.records, version);
        error = checked.error_code;
        message = std::move(checked.message);
      }
      if (error == 0) {
        auto appended = log->Append(std::span<uint8_t>(part.records->data(), part.records->size()));
        if (appended) {
          PartitionResponse ok;
          ok.partition_index = part.partition_index;
          ok.base_offset = appended->base_offset;
          ok.log_append_time_ms = appended->log_append_time_ms;
          ok.log_start_offset = appended->log_start_offset;
          topic_response.partitions.push_back(ok);
          continue;
        }
        error = appended.Error().code;
        message = appended.Error().message;
      }
      kBrokerLog().debug("Produce to {} from {} failed: {} {}", where, ctx.peer,
                         protocol::ErrorCodeName(error), message);
      if (first_failure.empty()) {
        first_failure = where + ": " + std::string(protocol::ErrorCodeName(error)) +
                        (message.empty() ? "" : " (" + message + ")");
      }
      topic_response.partitions.push_back(Failed(part.partition_index, error));
    }
    response.responses.push_back(std::move(topic_response));
  }

  if (request.acks == 0) {
    // No response at all (kafka-python does not read one). A failure closes
    // the connection instead, as Kafka does, so the client notices.
    if (first_failure.empty()) {
      responder.Complete(std::nullopt);
    } else {
      responder.CloseConnection("acks=0 produce failed: " + first_failure);
    }
    return;
  }
  responder.Complete(EncodeResponse(header.request_api_key, version, header.correlation_id,
                                    response, responder.TakeBuffer()));
}

}  // namespace

HandlerFn MakeProduceHandler(BrokerContext& broker) {
  return [&broker](const RequestContext& ctx, const protocol::RequestHeader& header,
                   std::span<const uint8_t> body, const Responder& responder) {
    HandleProduce(broker, ctx, header, body, responder);
  };
}

}  // namespace kconnect::broker::server
