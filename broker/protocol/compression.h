#pragma once
// The four codecs of a v2 record batch's records section, through Debian's
// libraries (zlib, snappy, lz4, zstd). The broker stores client-compressed
// batches as they came (spec §3.3) and opens them only where it must look at
// keys: compaction, and the null-key check of compacted topics.
//
// Formats, as the clients write them:
//  - gzip: a gzip stream (a zlib stream is accepted too);
//  - snappy: a raw snappy block (librdkafka, KafkaJS) or the xerial
//    "snappy-java" framing (kafka-python, the Java client); both are read,
//    raw blocks are written;
//  - lz4: the LZ4 frame format (magic 2 batches only; the broken checksum of
//    Kafka's old magic 0/1 framing does not apply);
//  - zstd: a zstd frame, content size possibly unknown.
//
// Thread-safety: free functions, no shared state.

#include <cstdint>
#include <span>
#include <vector>

#include "broker/protocol/record_batch.h"

namespace kconnect::broker::protocol {

// A decompressed records section larger than this is refused (a small batch
// could otherwise expand into gigabytes).
inline constexpr size_t kMaxDecompressedBytes = 256u * 1024 * 1024;

// kCorruptRecords when `data` does not decompress, or expands beyond
// `max_bytes`. kNone returns the bytes unchanged.
BatchResult<std::vector<uint8_t>> Decompress(CompressionCodec codec, std::span<const uint8_t> data,
                                             size_t max_bytes = kMaxDecompressedBytes);
BatchResult<std::vector<uint8_t>> Compress(CompressionCodec codec, std::span<const uint8_t> data);

// The records of any v2 batch, compressed or not. For a compressed batch the
// records section is decompressed into *storage, which the returned views
// point into (as they point into batch.bytes otherwise).
BatchResult<std::vector<RecordView>> DecodeAnyRecords(const RecordBatchView& batch,
                                                      std::vector<uint8_t>* storage);

// A whole batch made from `header` (its producer, offset and timestamp
// fields are taken as they are) and `records` (encoded records, e.g.
// RecordView::raw), compressed with the header's codec; recordCount,
// batchLength and the CRC are computed.
BatchResult<std::vector<uint8_t>> BuildBatch(const RecordBatchHeader& header,
                                             const std::vector<std::span<const uint8_t>>& records);

}  // namespace kconnect::broker::protocol
