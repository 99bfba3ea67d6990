// Consumer-group and log-cleaner benchmark. Prints figures; asserts nothing.
//
// 1. Rebalance time: librdkafka consumers join one group on a 12-partition
//    topic one after another (1 -> 4 members); for each join, the time from
//    subscribe until every member holds its share (the partitions split with
//    none held twice). Against the bundled broker (in process,
//    group.initial.rebalance.delay.ms=0) and librdkafka's mock cluster, with
//    the client's default heartbeat interval (3 s: members already in the
//    group learn of a rebalance from a heartbeat answer) and with 300 ms.
// 2. Cleaner throughput: a compacted partition of K keys written V times
//    (100 B values, 1 KiB values), closed segments of 16 MiB, one forced
//    clean; MB/s of log read, and the size before and after.
//
// Usage: kc_bench_groups [cleaner-megabytes]   (default 256)

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "bench_brokers.h"
#include "broker/protocol/record_batch.h"
#include "broker/storage/log.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace pr = kconnect::broker::protocol;

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

rd_kafka_t* NewConsumer(const std::string& bootstrap, const std::string& group,
                        const std::string& heartbeat_ms) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  for (const auto& [k, v] : std::vector<std::pair<std::string, std::string>>{
           {"bootstrap.servers", bootstrap},
           {"group.id", group},
           {"heartbeat.interval.ms", heartbeat_ms},
           {"session.timeout.ms", "10000"},
           {"enable.auto.commit", "false"},
           {"log_level", "3"}}) {
    rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof(err));
  }
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err));
  if (rk == nullptr) std::fprintf(stderr, "consumer: %s\n", err);
  rd_kafka_poll_set_consumer(rk);
  return rk;
}

std::set<int32_t> Assignment(rd_kafka_t* rk) {
  std::set<int32_t> out;
  rd_kafka_topic_partition_list_t* parts = nullptr;
  if (rd_kafka_assignment(rk, &parts) != RD_KAFKA_RESP_ERR_NO_ERROR) return out;
  for (int i = 0; i < parts->cnt; ++i) out.insert(parts->elems[i].partition);
  rd_kafka_topic_partition_list_destroy(parts);
  return out;
}

// Seconds for each of 4 consumers joining; 0 where a join did not settle in 60 s.
std::vector<double> Rebalances(const std::string& bootstrap, const std::string& topic,
                               int partitions, const std::string& heartbeat_ms) {
  std::vector<rd_kafka_t*> members;
  std::vector<double> out;
  const std::string group = topic + "-" + heartbeat_ms;
  for (int k = 1; k <= 4; ++k) {
    rd_kafka_t* rk = NewConsumer(bootstrap, group, heartbeat_ms);
    members.push_back(rk);
    rd_kafka_topic_partition_list_t* sub = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(sub, topic.c_str(), RD_KAFKA_PARTITION_UA);
    const auto start = Clock::now();
    rd_kafka_subscribe(rk, sub);
    rd_kafka_topic_partition_list_destroy(sub);
    bool settled = false;
    while (!settled && Clock::now() - start < std::chrono::seconds(60)) {
      std::set<int32_t> all;
      size_t total = 0;
      bool each_has_some = true;
      for (rd_kafka_t* m : members) {
        rd_kafka_message_t* msg = rd_kafka_consumer_poll(m, 5);
        if (msg != nullptr) rd_kafka_message_destroy(msg);
        auto a = Assignment(m);
        each_has_some = each_has_some && !a.empty();
        total += a.size();
        all.insert(a.begin(), a.end());
      }
      settled = each_has_some && total == static_cast<size_t>(partitions) &&
                all.size() == static_cast<size_t>(partitions);
    }
    out.push_back(settled ? Seconds(Clock::now() - start) : 0);
  }
  for (rd_kafka_t* m : members) {
    rd_kafka_consumer_close(m);
    rd_kafka_destroy(m);
  }
  return out;
}

std::vector<uint8_t> Batch(int first_key, int keys, int version, size_t value_size) {
  pr::BatchSpec spec;
  spec.base_timestamp = 1'700'000'000'000;
  std::vector<pr::RecordSpec> recs;
  for (int i = 0; i < keys; ++i) {
    pr::RecordSpec r;
    r.key = "key-" + std::to_string(first_key + i);
    r.value = std::string(value_size - 8, 'v') + std::to_string(10'000'000 + version).substr(0, 8);
    r.timestamp_delta = i;
    recs.push_back(r);
  }
  return pr::EncodeRecordBatch(spec, recs);
}

void CleanerRun(const std::string& dir, size_t value_size, size_t megabytes) {
  namespace st = kconnect::broker::storage;
  st::Log::Options o;
  o.dir = dir + "/compacted-" + std::to_string(value_size);
  o.topic = "compacted";
  o.partition = 0;
  o.config.cleanup_compact = true;
  o.config.cleanup_delete = false;
  o.config.segment_bytes = 16 << 20;
  auto opened = st::Log::Open(std::move(o));
  if (!opened) {
    std::fprintf(stderr, "%s\n", opened.Error().message.c_str());
    return;
  }
  auto log = opened.Value();
  const int keys = 10'000;
  const int per_batch = 100;
  size_t written = 0;
  int version = 0;
  while (written < megabytes << 20) {
    for (int k = 0; k < keys; k += per_batch) {
      auto batch = Batch(k, per_batch, version, value_size);
      written += batch.size();
      if (!log->Append(batch)) {
        std::fprintf(stderr, "append failed\n");
        return;
      }
    }
    ++version;
  }
  const auto start = Clock::now();
  auto cleaned = log->Clean(true);
  const double secs = Seconds(Clock::now() - start);
  if (!cleaned) {
    std::fprintf(stderr, "clean failed: %s\n", cleaned.Error().message.c_str());
    return;
  }
  const double mb = static_cast<double>(cleaned->bytes_before) / (1 << 20);
  std::printf("%-8s %8d keys x %4d versions  %8.1f MB -> %6.1f MB  %6.2f s  %7.1f MB/s\n",
              (std::to_string(value_size) + " B").c_str(), keys, version, mb,
              static_cast<double>(cleaned->bytes_after) / (1 << 20), secs, secs > 0 ? mb / secs : 0);
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  const size_t cleaner_mb = argc > 1 ? std::stoul(argv[1]) : 256;
  std::string tmpl = (std::filesystem::temp_directory_path() / "kc-groups-bench-XXXXXX").string();
  const std::string dir = mkdtemp(tmpl.data());

  kcbench::Brokers brokers;
  if (!kcbench::StartBrokers(dir, &brokers, {{"group.initial.rebalance.delay.ms", "0"},
                                             {"offsets.topic.num.partitions", "5"}})) {
    return 1;
  }
  auto& broker = brokers.bundled;
  auto& mock = brokers.mock;
  const int partitions = 12;

  std::printf("group rebalance, 12 partitions: seconds until every member holds its share\n");
  std::printf("%-10s %-8s %8s %8s %8s %8s\n", "heartbeat", "broker", "1st", "2nd", "3rd", "4th");
  for (const char* hb : {"3000", "300"}) {
    const std::string topic = std::string("rebalance-") + hb;
    (void)mock->CreateTopic(topic, partitions);
    if (!broker->Logs().CreateTopic(topic, partitions, {})) return 1;
    for (const auto& [name, bs] : {std::pair<std::string, std::string>{"bundled", broker->BootstrapServers()},
                                   {"mock", mock->Bootstraps()}}) {
      auto t = Rebalances(bs, topic, partitions, hb);
      std::printf("%-10s %-8s %8.2f %8.2f %8.2f %8.2f\n", (std::string(hb) + " ms").c_str(),
                  name.c_str(), t[0], t[1], t[2], t[3]);
    }
  }
  broker->Stop();

  std::printf("\nlog cleaner, one forced clean of a compacted partition (%zu MB written)\n",
              cleaner_mb);
  for (size_t size : {size_t{100}, size_t{1024}}) CleanerRun(dir, size, cleaner_mb);
  std::filesystem::remove_all(dir);
  return 0;
}
