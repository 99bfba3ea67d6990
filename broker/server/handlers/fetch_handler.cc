// Fetch 4–11 (spec broker.md §5.1): whole stored batches from each requested
// partition, sessionless (KIP-227 sessions are declined), with Kafka's size
// rules (KIP-74: the first batch is returned whole even above the limits)
// and long polling through the FetchPurgatory. Fetch never creates topics.
// Records are sent from the segment files with sendfile (FetchRead).

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "broker/protocol/error_code.h"
#include "broker/protocol/fetch.h"
#include "broker/server/handlers/data_apis.h"
#include "broker/server/handlers/fetch_purgatory.h"
#include "common/logging/logger_registry.h"

namespace kconnect::broker::server {

using common::logging::kBrokerLog;

namespace {

using protocol::ErrorCode;
using protocol::ToInt;
using PartitionData = protocol::FetchResponse::FetchableTopicResponse::PartitionData;

constexpr int8_t kReadCommitted = 1;

// One pass over the requested partitions.
// The records are not read: each partition's are a slice of a segment file,
// which the connection sends with sendfile(2) (Kafka's zero-copy transfer).
// A copy through the broker's memory cost three times the bytes (read,
// encode, send) on the path every consumer waits on.
struct FetchRead {
  protocol::FetchResponse response;  // records fields empty
  // One per partition, in the order the response lists them (empty for
  // partitions without records).
  std::vector<FileSlice> slices;
  int64_t bytes = 0;       // record bytes gathered
  bool has_error = false;  // some partition failed: answer at once
};

FetchRead ReadPartitions(BrokerContext& broker, const protocol::FetchRequest& request) {
  FetchRead out;
  int64_t remaining = std::clamp<int64_t>(request.max_bytes, 0, broker.settings.fetch_max_bytes);
  // KIP-74: until a partition has returned data, the first batch comes back
  // whole whatever the limits, or a consumer would stall on a large batch.
  bool min_one_batch = true;
  for (const auto& topic : request.topics) {
    // Topics are answered as listed, repeats included: KafkaJS may name the
    // same topic twice in one request.
    protocol::FetchResponse::FetchableTopicResponse topic_response;
    topic_response.topic = topic.topic;
    for (const auto& part : topic.partitions) {
      PartitionData data;
      data.partition_index = part.partition;
      data.preferred_read_replica = -1;       // else clients go looking for "that replica"
      data.records = std::vector<uint8_t>();  // empty, never null
      if (request.isolation_level == kReadCommitted) {
        data.aborted_transactions = std::vector<PartitionData::AbortedTransaction>();
      } else {
        data.aborted_transactions = std::nullopt;  // as Kafka sends for read_uncommitted
      }
      FileSlice& slice = out.slices.emplace_back();
      std::shared_ptr<storage::Log> log = broker.logs->GetLog(topic.topic, part.partition);
      if (!log) {
        data.error_code = ToInt(ErrorCode::kUnknownTopicOrPartition);
        data.high_watermark = -1;
        data.last_stable_offset = -1;
        data.log_start_offset = -1;
        out.has_error = true;
        topic_response.partitions.push_back(std::move(data));
        continue;
      }
      const int64_t limit =
          std::min<int64_t>(std::max<int32_t>(part.partition_max_bytes, 0), remaining);
      auto read = log->ReadSlice(part.fetch_offset, limit, min_one_batch);
      if (!read) {
        data.error_code = read.Error().code;
        // The log's current bounds help a client that reset its position.
        data.high_watermark = log->HighWatermark();
        data.last_stable_offset = data.high_watermark;
        data.log_start_offset = log->LogStartOffset();
        out.has_error = true;
        // Info, not debug: a client answered this usually resets its position
        // (auto.offset.reset) and re-reads or skips records, which is worth
        // finding in the log afterwards.
        kBrokerLog().info("Fetch of {}-{} at {} failed: {} {}", topic.topic, part.partition,
                          part.fetch_offset, protocol::ErrorCodeName(data.error_code),
                          read.Error().message);
        topic_response.partitions.push_back(std::move(data));
        continue;
      }
      // One node, no transactions: LSO = HWM (= LEO), for both isolation levels.
      data.high_watermark = read->high_watermark;
      data.last_stable_offset = read->high_watermark;
      data.log_start_offset = read->log_start_offset;
      const auto size = static_cast<int64_t>(read->size);
      if (size > 0) {
        min_one_batch = false;
        remaining = std::max<int64_t>(remaining - size, 0);
        out.bytes += size;
        slice.fd = read->segment->fd();
        slice.offset = read->position;
        slice.size = read->size;
        slice.owner = std::move(read.Value().segment);
      }
      topic_response.partitions.push_back(std::move(data));
    }
    out.response.responses.push_back(std::move(topic_response));
  }
  return out;
}

// A fetch in progress: what its re-tries need.
struct PendingFetch {
  BrokerContext* broker;
  protocol::FetchRequest request;
  int16_t api_key;
  int16_t version;
  int32_t correlation_id;
  Responder responder;

  void Complete(const protocol::FetchResponse& response) const {
    FetchRead read;
    read.response = response;
    Complete(std::move(read));
  }

  void Complete(FetchRead read) const {
    std::vector<uint64_t> sizes;
    sizes.reserve(read.slices.size());
    for (const FileSlice& slice : read.slices) sizes.push_back(slice.size);
    std::vector<size_t> positions;
    std::vector<uint8_t> bytes = EncodeResponse(api_key, version, correlation_id, read.response,
                                                responder.TakeBuffer(), sizes, &positions);
    std::vector<Splice> splices;
    for (size_t i = 0; i < read.slices.size() && i < positions.size(); ++i) {
      if (read.slices[i].size > 0)
        splices.push_back(Splice{positions[i], std::move(read.slices[i])});
    }
    responder.Complete(std::move(bytes), std::move(splices));
  }
};

bool CanAnswer(const protocol::FetchRequest& request, const FetchRead& read) {
  return read.has_error || read.bytes >= static_cast<int64_t>(request.min_bytes);
}

void HandleFetch(BrokerContext& broker, const RequestContext& ctx,
                 const protocol::RequestHeader& header, std::span<const uint8_t> body,
                 Responder responder) {
  const auto started = FetchPurgatory::Clock::now();
  const int16_t version = header.request_api_version;
  auto fetch = std::make_shared<PendingFetch>();
  fetch->broker = &broker;
  fetch->api_key = header.request_api_key;
  fetch->version = version;
  fetch->correlation_id = header.correlation_id;
  fetch->responder = std::move(responder);
  protocol::Status status = protocol::DecodeExact(body, version, &fetch->request);
  if (!status.IsOk()) {
    fetch->responder.CloseConnection("FetchRequest v" + std::to_string(version) +
                                     " could not be decoded: " + status.Message());
    return;
  }
  const protocol::FetchRequest& request = fetch->request;

  // KIP-227: session_id 0 with epoch -1 is a full sessionless fetch, and with
  // epoch 0 asks for a new session, which we decline by answering
  // session_id 0. A session id we never handed out cannot be served.
  if (request.session_id != 0 && request.session_epoch != -1) {
    protocol::FetchResponse response;
    response.error_code = ToInt(ErrorCode::kFetchSessionIdNotFound);
    response.session_id = 0;
    fetch->Complete(response);
    return;
  }

  std::shared_ptr<FetchPurgatory> purgatory = broker.purgatory;
  const uint64_t seen = purgatory ? purgatory->AppendSequence() : 0;
  FetchRead read = ReadPartitions(broker, request);
  std::vector<TopicPartition> watched;
  for (const auto& topic : request.topics) {
    for (const auto& part : topic.partitions)
      watched.push_back(TopicPartition{topic.topic, part.partition});
  }
  if (!purgatory || request.max_wait_ms <= 0 || watched.empty() || CanAnswer(request, read)) {
    fetch->Complete(std::move(read));
    return;
  }
  const auto deadline = started + std::chrono::milliseconds(request.max_wait_ms);
  purgatory->Park(ctx.connection_id, std::move(watched), deadline, seen, [fetch](bool expired) {
    FetchRead again = ReadPartitions(*fetch->broker, fetch->request);
    const bool answer = expired || CanAnswer(fetch->request, again);
    if (answer) fetch->Complete(std::move(again));
    return answer;
  });
}

}  // namespace

HandlerFn MakeFetchHandler(BrokerContext& broker) {
  return [&broker](const RequestContext& ctx, const protocol::RequestHeader& header,
                   std::span<const uint8_t> body, Responder responder) {
    HandleFetch(broker, ctx, header, body, std::move(responder));
  };
}

}  // namespace kconnect::broker::server
