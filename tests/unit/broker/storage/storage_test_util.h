#pragma once
// Helpers for the storage tests: a temp directory, a fake clock, and real
// RecordBatch v2 bytes built with the records library's encoder.

#include <stdlib.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "broker/protocol/record_batch.h"
#include "broker/storage/log.h"

namespace kconnect::broker::storage::testing {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "kc-storage-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A settable clock shared by the test and the code under test.
struct FakeClock {
  std::shared_ptr<std::atomic<int64_t>> now = std::make_shared<std::atomic<int64_t>>(1'700'000'000'000);
  Clock fn() const {
    auto n = now;
    return [n] { return n->load(); };
  }
  void Advance(int64_t ms) const { *now += ms; }
};

struct BatchOpts {
  int records = 1;
  int64_t base_timestamp = 1'700'000'000'000;
  int64_t timestamp_step = 1;  // delta between consecutive records
  size_t value_size = 16;
  int64_t producer_id = -1;
  int16_t producer_epoch = -1;
  int32_t base_sequence = -1;
  bool null_key = false;
};

inline std::vector<uint8_t> MakeBatch(const BatchOpts& o) {
  protocol::BatchSpec spec;
  spec.base_timestamp = o.base_timestamp;
  spec.producer_id = o.producer_id;
  spec.producer_epoch = o.producer_epoch;
  spec.base_sequence = o.base_sequence;
  std::vector<protocol::RecordSpec> recs(static_cast<size_t>(o.records));
  for (int i = 0; i < o.records; ++i) {
    if (!o.null_key) recs[i].key = "key-" + std::to_string(i);
    recs[i].value = std::string(o.value_size, static_cast<char>('a' + i % 26));
    recs[i].timestamp_delta = i * o.timestamp_step;
  }
  return protocol::EncodeRecordBatch(spec, recs);
}

inline std::vector<uint8_t> MakeBatch(int records = 1, size_t value_size = 16) {
  BatchOpts o;
  o.records = records;
  o.value_size = value_size;
  return MakeBatch(o);
}

// Parses a fetched record set; fails the test on malformed bytes.
inline std::vector<protocol::RecordBatchHeader> Headers(const std::vector<uint8_t>& bytes) {
  std::vector<protocol::RecordBatchHeader> out;
  auto split = protocol::SplitRecordBatches(bytes);
  if (!split) return out;
  for (const auto& b : split.Value()) out.push_back(b.header);
  return out;
}

inline std::vector<std::string> SegmentFiles(const std::string& dir, const std::string& ext) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ext) out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace kconnect::broker::storage::testing
