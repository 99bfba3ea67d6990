// libFuzzer target for the broker's request decoding: what a client (or an
// attacker) can put on the wire after the size prefix.
//
// Input layout: a request frame — api_key, api_version, then the request
// header and body as the codec reads them. Every request the codec knows is
// decoded; a message that decodes must encode and decode back to itself (a
// decoder that accepts what the encoder cannot reproduce is a bug). The body
// is also read as a record set (Produce's payload), batch by batch.
//
// Run: build with -DKCONNECT_FUZZ=ON and clang, then
//   build-fuzz/tests/fuzz/kc_request_fuzzer -max_total_time=60 tests/fuzz/corpus

#include <cstdint>
#include <cstdlib>
#include <span>
#include <tuple>
#include <utility>

#include "broker/protocol/apis.h"
#include "broker/protocol/codec.h"
#include "broker/protocol/messages.h"
#include "broker/protocol/record_batch.h"
#include "broker/protocol/request_header.h"

namespace {

using namespace kconnect::broker::protocol;

template <typename Request>
void TryDecode(int16_t api_key, int16_t version, std::span<const uint8_t> body) {
  if (Request::kApiKey != api_key || version < Request::kMinVersion ||
      version > Request::kMaxVersion) {
    return;
  }
  Request request;
  if (!DecodeExact(body, version, &request).IsOk()) return;
  const std::vector<uint8_t> encoded = Encode(request, version);
  Request again;
  if (!DecodeExact(std::span<const uint8_t>(encoded), version, &again).IsOk() || !(again == request)) {
    std::abort();
  }
}

template <size_t... I>
void DecodeAnyRequest(int16_t api_key, int16_t version, std::span<const uint8_t> body,
                      std::index_sequence<I...>) {
  // Requests sit at the even positions of AllMessageTypes.
  (TryDecode<std::tuple_element_t<2 * I, AllMessageTypes>>(api_key, version, body), ...);
}

void DecodeRecordSet(std::span<const uint8_t> bytes) {
  auto batches = SplitRecordBatches(bytes);
  if (!batches) return;
  for (const auto& batch : *batches) {
    (void)VerifyBatchCrc(batch.bytes);
    (void)ValidateProducedBatch(batch);
    auto records = DecodeRecords(batch);
    (void)records;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 4) return 0;
  const auto api_key = static_cast<int16_t>((data[0] << 8) | data[1]);
  const auto api_version = static_cast<int16_t>((data[2] << 8) | data[3]);
  const int16_t header_version = RequestHeaderVersion(api_key, api_version);
  if (header_version < 0) return 0;
  Reader reader(data, size);
  RequestHeader header;
  if (!header.Read(reader, header_version).IsOk()) return 0;
  const std::span<const uint8_t> body(data + reader.Position(), size - reader.Position());
  DecodeAnyRequest(api_key, api_version, body,
                   std::make_index_sequence<std::tuple_size_v<AllMessageTypes> / 2>());
  DecodeRecordSet(body);
  return 0;
}
