// Bundled broker benchmark. Prints figures; asserts nothing.
//
// In one run, for N records of 100 B and of 1 KiB, a librdkafka producer
// (acks=all) and then a librdkafka consumer (assign, from the beginning) go
// against:
//   * the bundled broker, in process, persisting to a temp directory, and
//   * librdkafka's in-memory mock cluster,
// and the records/s of each are printed with their ratio (broker / mock).
//
// Figures swing by up to 2x from run to run, so each produce runs three
// times and each fetch five, alternating mock and broker; the median rates
// are printed, and the median of the pairs' ratios (see Pairs).
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
// The consumer takes records as the worker's sink tasks do, up to 500 per
// rd_kafka_consume_batch_queue call. At 100 B a run is bound by librdkafka's
// thread that receives and parses the responses (about 300 ns a record on a
// two-core machine, whichever cluster answers), so the share of each run
// that thread was on a CPU is printed too.
//
// The "fetch (protocol)" row reads the same records with plain Fetch v4
// requests asking for what librdkafka asks (50 MiB a response, 1 MiB a
// partition) and counts them from the batch headers without parsing the
// records: without a client's per-record cost, it is the rate at which the
// cluster answers over the loopback socket. The bundled broker answers at
// most its fetch.max.bytes (2 MiB by default), the mock one batch of each
// partition.
//
// Usage: kc_bench_broker [records] [broker-setting=value ...]
// (e.g. fetch.max.bytes=8388608 to compare the bundled broker's settings).

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bench_brokers.h"
#include "broker/protocol/codec.h"
#include "broker/protocol/fetch.h"
#include "broker/protocol/record_batch.h"
#include "tests/common/raw_kafka_client.h"

namespace {

using Clock = std::chrono::steady_clock;

// Fetches read the same topic and take half a second each, so they can run
// more often than produces (each of which needs a topic of its own).
constexpr int kFetchRuns = 5;

// What the worker's sink tasks ask for per poll (max.poll.records).
constexpr size_t kPollRecords = 500;

namespace pr = kconnect::broker::protocol;

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

// CPU time, in seconds, that this process's librdkafka broker threads
// ("rdk:broker...") have used so far; Linux only (0 elsewhere).
double ClientBrokerThreadSeconds() {
  double total = 0;
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task", ec)) {
    std::ifstream comm_file(task.path() / "comm");
    std::string comm;
    std::getline(comm_file, comm);
    if (comm.rfind("rdk:broker", 0) != 0) continue;
    std::ifstream sched(task.path() / "schedstat");  // first field: ns on a CPU
    unsigned long long ns = 0;
    if (sched >> ns) total += static_cast<double>(ns) / 1e9;
  }
  return total;
}

struct FetchRun {
  double rate = 0;  // records/s, 0 on failure
  double busy = 0;  // share of the run librdkafka's broker threads were on a CPU
};

// Reads every partition from the beginning until `records` have arrived.
FetchRun Fetch(const std::string& bootstrap, const std::string& topic, int partitions,
               size_t records) {
  rd_kafka_t* rk = NewClient(RD_KAFKA_CONSUMER, bootstrap,
                             {{"group.id", "bench"}, {"enable.auto.commit", "false"},
                              {"log_level", "3"}});
  if (rk == nullptr) return {};
  rd_kafka_topic_t* rkt = TopicWithMetadata(rk, topic);
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(partitions);
  for (int p = 0; p < partitions; ++p) {
    rd_kafka_topic_partition_list_add(list, topic.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
  }
  rd_kafka_queue_t* queue = rd_kafka_queue_get_consumer(rk);
  std::vector<rd_kafka_message_t*> batch(kPollRecords);
  const double cpu_before = ClientBrokerThreadSeconds();
  const auto start = Clock::now();
  rd_kafka_assign(rk, list);
  rd_kafka_topic_partition_list_destroy(list);
  size_t got = 0;
  const auto deadline = start + std::chrono::minutes(5);
  while (got < records && Clock::now() < deadline) {
    const ssize_t n = rd_kafka_consume_batch_queue(queue, 100, batch.data(), batch.size());
    for (ssize_t i = 0; i < n; ++i) {
      if (batch[i]->err == RD_KAFKA_RESP_ERR_NO_ERROR) ++got;
      rd_kafka_message_destroy(batch[i]);
    }
  }
  const double secs = Seconds(Clock::now() - start);
  const double cpu = ClientBrokerThreadSeconds() - cpu_before;
  rd_kafka_queue_destroy(queue);
  rd_kafka_consumer_close(rk);
  rd_kafka_topic_destroy(rkt);
  rd_kafka_destroy(rk);
  if (got < records) {
    std::fprintf(stderr, "fetch: only %zu of %zu records\n", got, records);
    return {};
  }
  return {records / secs, cpu / secs};
}

// Reads every partition from the beginning with Fetch v4 requests (the sizes
// librdkafka asks for: 50 MiB a response, 1 MiB a partition) until `records`
// have arrived, counting them from the batch headers; returns records/s.
double ProtocolFetch(const std::string& bootstrap, const std::string& topic, int partitions,
                     size_t records) {
  constexpr int16_t kVersion = 4;
  kctest::RawKafkaClient client(std::stoi(bootstrap.substr(bootstrap.rfind(':') + 1)));
  if (!client.connected()) {
    std::fprintf(stderr, "protocol fetch: cannot connect to %s\n", bootstrap.c_str());
    return 0;
  }
  std::vector<int64_t> next(static_cast<size_t>(partitions), 0);
  std::vector<uint8_t> frame;
  size_t got = 0;
  const auto start = Clock::now();
  for (int32_t correlation_id = 1; got < records; ++correlation_id) {
    pr::FetchRequest request;
    request.replica_id = -1;
    request.max_wait_ms = 500;
    request.min_bytes = 1;
    request.max_bytes = 50 << 20;
    pr::FetchRequest::FetchTopic fetch_topic;
    fetch_topic.topic = topic;
    for (int32_t p = 0; p < partitions; ++p) {
      pr::FetchRequest::FetchTopic::FetchPartition part;
      part.partition = p;
      part.fetch_offset = next[static_cast<size_t>(p)];
      part.partition_max_bytes = 1 << 20;
      fetch_topic.partitions.push_back(part);
    }
    request.topics.push_back(std::move(fetch_topic));
    pr::FetchResponse response;
    // Response header v0: the correlation id, then the body.
    if (!client.Send(request, kVersion, correlation_id) ||
        !client.ReadFrame(std::chrono::seconds(30), &frame) || frame.size() < 4 ||
        !pr::DecodeExact(std::span<const uint8_t>(frame).subspan(4), kVersion, &response).IsOk()) {
      std::fprintf(stderr, "protocol fetch: no readable response from %s\n", bootstrap.c_str());
      return 0;
    }
    for (const auto& topic_response : response.responses) {
      for (const auto& part : topic_response.partitions) {
        if (part.error_code != 0 || !part.records) continue;
        std::span<const uint8_t> bytes(*part.records);
        // Whole batches only: a response may end with part of one.
        for (;;) {
          auto h = pr::ParseBatchHeader(bytes);
          if (!h || h->SizeInBytes() > bytes.size()) break;
          if (h->NextOffset() > next[static_cast<size_t>(part.partition_index)]) {
            got += static_cast<size_t>(h->record_count);
            next[static_cast<size_t>(part.partition_index)] = h->NextOffset();
          }
          bytes = bytes.subspan(h->SizeInBytes());
        }
      }
    }
  }
  return records / Seconds(Clock::now() - start);
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// The runs of one row, mock and broker alternating. The machine's speed
// drifts over seconds (by up to 2x here), more than between two neighbouring
// runs, so the ratio printed is the median of each pair's ratio rather than
// the ratio of the two medians, with the lowest and highest pair beside it.
struct Pairs {
  std::vector<double> mock, broker, ratios;

  void Add(double mock_rate, double broker_rate) {
    mock.push_back(mock_rate);
    broker.push_back(broker_rate);
    if (mock_rate > 0) ratios.push_back(broker_rate / mock_rate);
  }

  void Print(size_t size, const char* path, const std::string& note) const {
    double lo = 0, hi = 0;
    if (!ratios.empty()) {
      const auto [min, max] = std::minmax_element(ratios.begin(), ratios.end());
      lo = *min;
      hi = *max;
    }
    std::printf("%-8s %-17s %16.0f %16.0f %7.2fx  (%.2f-%.2f over %zu pairs%s)\n",
                (std::to_string(size) + " B").c_str(), path, Median(mock), Median(broker),
                Median(ratios), lo, hi, ratios.size(), note.c_str());
  }
};

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
  std::printf("%-8s %-17s %16s %16s %8s\n", "size", "path", "mock rec/s", "broker rec/s", "ratio");
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
    Pairs produce;
    for (int run = 0; run < 3; ++run) {
      const double m = Produce(mock_bs, topics[run], partitions, records, size);
      produce.Add(m, Produce(broker_bs, topics[run], partitions, records, size));
    }
    produce.Print(size, "produce", "");
    Pairs fetch;
    std::vector<double> mock_busy, broker_busy;
    for (int run = 0; run < kFetchRuns; ++run) {
      const FetchRun m = Fetch(mock_bs, topic, partitions, records);
      const FetchRun b = Fetch(broker_bs, topic, partitions, records);
      fetch.Add(m.rate, b.rate);
      mock_busy.push_back(m.busy);
      broker_busy.push_back(b.busy);
    }
    char busy[160];
    std::snprintf(busy, sizeof(busy), "; %d partitions; client parsing thread busy %.0f%% / %.0f%%",
                  partitions, 100 * Median(mock_busy), 100 * Median(broker_busy));
    fetch.Print(size, "fetch", busy);
    Pairs raw;
    for (int run = 0; run < kFetchRuns; ++run) {
      const double m = ProtocolFetch(mock_bs, topic, partitions, records);
      raw.Add(m, ProtocolFetch(broker_bs, topic, partitions, records));
    }
    raw.Print(size, "fetch (protocol)", "");
  }
  broker->Stop();
  std::filesystem::remove_all(dir);
  return 0;
}
