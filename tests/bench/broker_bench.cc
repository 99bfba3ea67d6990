// Bundled broker benchmark. Prints figures; asserts nothing.
//
// In one run, for N records of 100 B and of 1 KiB, a librdkafka producer
// (acks=all) and then a librdkafka consumer (assign, from the beginning) go
// against:
//   * the bundled broker, in process, persisting to a temp directory, and
//   * librdkafka's in-memory mock cluster,
// and the records/s of each are printed with their ratio (broker / mock).
//
// Figures swing by up to 2x from run to run (fetch mostly on the mock's
// side), so each produce runs three times and each fetch five, alternating
// mock and broker, and the median of each is printed.
//
// The mock keeps only the newest ~5 MB of each partition, so both get a topic
// with enough partitions to hold every record; the producer fills them in
// runs of 1000 records so that batches are as large as with one partition.
//
// The consumer asks for the topic's metadata before it is assigned the
// partitions, as the producer does before its first record, so that the
// timed part is the data: otherwise librdkafka starts the partitions before
// it knows their leader and looks their offsets up again only 500 ms later,
// the same for both clusters and half of each run.
//
// Usage: kc_bench_broker [records] [broker-setting=value ...]
// (e.g. fetch.max.bytes=8388608 to compare the bundled broker's settings).

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "bench_brokers.h"

namespace {

using Clock = std::chrono::steady_clock;

// Fetches read the same topic and take half a second each, so they can run
// more often than produces (each of which needs a topic of its own).
constexpr int kFetchRuns = 5;

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

rd_kafka_t* NewClient(rd_kafka_type_t type, const std::string& bootstrap,
                      const std::vector<std::pair<std::string, std::string>>& settings) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), err, sizeof(err));
  for (const auto& [k, v] : settings) rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof(err));
  rd_kafka_t* rk = rd_kafka_new(type, conf, err, sizeof(err));
  if (rk == nullptr) std::fprintf(stderr, "client: %s\n", err);
  return rk;
}

// A handle on `topic` whose metadata (partitions, leaders) the client has
// fetched, so that what is timed next is the data.
rd_kafka_topic_t* TopicWithMetadata(rd_kafka_t* rk, const std::string& topic) {
  rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk, topic.c_str(), nullptr);
  const rd_kafka_metadata_t* md = nullptr;
  if (rd_kafka_metadata(rk, 0, rkt, &md, 10000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    rd_kafka_metadata_destroy(md);
  }
  return rkt;
}

// Produces `records` values of `size` bytes; returns records/s (0 on failure).
double Produce(const std::string& bootstrap, const std::string& topic, int partitions,
               size_t records, size_t size) {
  rd_kafka_t* rk = NewClient(RD_KAFKA_PRODUCER, bootstrap,
                             {{"acks", "all"}, {"linger.ms", "5"}, {"log_level", "3"}});
  if (rk == nullptr) return 0;
  rd_kafka_topic_t* rkt = TopicWithMetadata(rk, topic);
  std::string value(size, 'x');
  const auto start = Clock::now();
  for (size_t i = 0; i < records; ++i) {
    const int32_t partition = static_cast<int32_t>((i / 1000) % static_cast<size_t>(partitions));
    while (rd_kafka_produce(rkt, partition, RD_KAFKA_MSG_F_COPY, value.data(), value.size(),
                            nullptr, 0, nullptr) != 0) {
      rd_kafka_poll(rk, 1);  // queue full: serve delivery reports
    }
    if (i % 1000 == 0) rd_kafka_poll(rk, 0);
  }
  const bool flushed = rd_kafka_flush(rk, 120000) == RD_KAFKA_RESP_ERR_NO_ERROR;
  const double secs = Seconds(Clock::now() - start);
  rd_kafka_topic_destroy(rkt);
  rd_kafka_destroy(rk);
  return flushed ? records / secs : 0;
}

// Reads every partition from the beginning until `records` have arrived;
// returns records/s (0 on timeout).
double Fetch(const std::string& bootstrap, const std::string& topic, int partitions,
             size_t records) {
  rd_kafka_t* rk = NewClient(RD_KAFKA_CONSUMER, bootstrap,
                             {{"group.id", "bench"}, {"enable.auto.commit", "false"},
                              {"log_level", "3"}});
  if (rk == nullptr) return 0;
  rd_kafka_topic_t* rkt = TopicWithMetadata(rk, topic);
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(partitions);
  for (int p = 0; p < partitions; ++p) {
    rd_kafka_topic_partition_list_add(list, topic.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
  }
  const auto start = Clock::now();
  rd_kafka_assign(rk, list);
  rd_kafka_topic_partition_list_destroy(list);
  size_t got = 0;
  const auto deadline = start + std::chrono::minutes(5);
  while (got < records && Clock::now() < deadline) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(rk, 100);
    if (m == nullptr) continue;
    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) ++got;
    rd_kafka_message_destroy(m);
  }
  const double secs = Seconds(Clock::now() - start);
  rd_kafka_consumer_close(rk);
  rd_kafka_topic_destroy(rkt);
  rd_kafka_destroy(rk);
  if (got < records) std::fprintf(stderr, "fetch: only %zu of %zu records\n", got, records);
  return got < records ? 0 : records / secs;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  const size_t records = argc > 1 ? std::stoul(argv[1]) : 1000000;
  std::string tmpl = (std::filesystem::temp_directory_path() / "kc-broker-bench-XXXXXX").string();
  const std::string dir = mkdtemp(tmpl.data());

  kconnect::common::Properties settings;
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    const size_t eq = arg.find('=');
    if (eq == std::string::npos) {
      std::fprintf(stderr, "not a broker setting (key=value): %s\n", arg.c_str());
      return 2;
    }
    settings[arg.substr(0, eq)] = arg.substr(eq + 1);
  }
  kcbench::Brokers brokers;
  if (!kcbench::StartBrokers(dir, &brokers, settings)) return 1;
  auto& broker = brokers.bundled;
  auto& mock = brokers.mock;
  const std::string broker_bs = broker->BootstrapServers();
  const std::string mock_bs = mock->Bootstraps();

  std::printf("bundled broker benchmark: %zu records per run, librdkafka producer (acks=all) "
              "and consumer; broker persists to %s\n",
              records, dir.c_str());
  std::printf("%-8s %-8s %16s %16s %8s\n", "size", "path", "mock rec/s", "broker rec/s", "ratio");
  for (size_t size : {size_t{100}, size_t{1024}}) {
    // ~3 MB of records per partition keeps the mock from dropping any.
    const int partitions =
        static_cast<int>(std::max<size_t>(1, records * (size + 80) / (3 << 20) + 1));
    // Each produce run gets its own topic; the fetches read the first one.
    std::vector<std::string> topics;
    for (int run = 0; run < 3; ++run) {
      topics.push_back("bench-" + std::to_string(size) + "-" + std::to_string(run));
      (void)mock->CreateTopic(topics.back(), partitions);
      if (!broker->Logs().CreateTopic(topics.back(), partitions, {})) {
        std::fprintf(stderr, "could not create %s on the broker\n", topics.back().c_str());
        return 1;
      }
    }
    const std::string& topic = topics.front();
    std::vector<double> mock_produce, broker_produce;
    for (int run = 0; run < 3; ++run) {
      mock_produce.push_back(Produce(mock_bs, topics[run], partitions, records, size));
      broker_produce.push_back(Produce(broker_bs, topics[run], partitions, records, size));
    }
    const double mock_p = Median(mock_produce);
    const double broker_p = Median(broker_produce);
    std::printf("%-8s %-8s %16.0f %16.0f %7.2fx\n", (std::to_string(size) + " B").c_str(),
                "produce", mock_p, broker_p, mock_p > 0 ? broker_p / mock_p : 0);  // median of 3
    std::vector<double> mock_runs, broker_runs;
    for (int run = 0; run < kFetchRuns; ++run) {
      mock_runs.push_back(Fetch(mock_bs, topic, partitions, records));
      broker_runs.push_back(Fetch(broker_bs, topic, partitions, records));
    }
    const double mock_f = Median(mock_runs);
    const double broker_f = Median(broker_runs);
    std::printf("%-8s %-8s %16.0f %16.0f %7.2fx   (%d partitions; median of %d)\n",
                (std::to_string(size) + " B").c_str(), "fetch", mock_f, broker_f,
                mock_f > 0 ? broker_f / mock_f : 0, partitions, kFetchRuns);
  }
  broker->Stop();
  std::filesystem::remove_all(dir);
  return 0;
}
