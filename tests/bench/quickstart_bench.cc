// Quickstart throughput and footprint benchmark. Prints figures; asserts nothing.
//
// In one run, against one in-memory Kafka cluster (librdkafka's mock, on
// loopback), for 1 M lines of 100 B and of 1 KiB:
//   * file -> topic: `kcat -P -l` vs the worker's FileStreamSource,
//   * topic -> file: `kcat -C -e` vs the worker's FileStreamSink,
// and the worker's resident memory idle and with both connectors running.
//
// Usage: kc_bench_quickstart [lines] [path/to/connect-standalone]
//        KC_BENCH_WORKER_PROPS='key=value;key=value' adds worker settings.

#include <fcntl.h>
#include <librdkafka/rdkafka.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "loopback_http.h"
#include "worker/kafka/mock_cluster.h"

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

pid_t Spawn(const std::vector<std::string>& argv, const std::string& out, const std::string& err) {
  pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // an interrupted benchmark leaves no worker behind
    int o = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int e = open(err.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    dup2(o, 1);
    dup2(e, 2);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  return pid;
}

int WaitPid(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// [low, high) offsets of one partition.
std::pair<int64_t, int64_t> Watermarks(const std::string& bootstrap, const std::string& topic,
                                       int32_t partition = 0) {
  static rd_kafka_t* rk = [&] {
    char err[256];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), err, sizeof(err));
    return rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
  }();
  int64_t lo = 0, hi = 0;
  if (rd_kafka_query_watermark_offsets(rk, topic.c_str(), partition, &lo, &hi, 5000) !=
      RD_KAFKA_RESP_ERR_NO_ERROR) {
    return {-1, -1};
  }
  return {lo, hi};
}

int64_t HighWatermark(const std::string& bootstrap, const std::string& topic) {
  return Watermarks(bootstrap, topic).second;
}

// Counts the lines of a growing file, reading only what was appended since
// the last call (the output files reach a GiB).
class LineCounter {
 public:
  explicit LineCounter(std::string path) : path_(std::move(path)), buf_(1 << 20) {}
  size_t Update() {
    if (!in_.is_open()) {
      in_.open(path_, std::ios::binary);
      if (!in_.is_open()) return 0;
    }
    in_.clear();
    in_.seekg(static_cast<std::streamoff>(pos_));
    while (in_) {
      in_.read(buf_.data(), static_cast<std::streamsize>(buf_.size()));
      const std::streamsize got = in_.gcount();
      for (std::streamsize i = 0; i < got; ++i) lines_ += buf_[static_cast<size_t>(i)] == '\n';
      pos_ += static_cast<size_t>(got);
    }
    return lines_;
  }

 private:
  std::string path_;
  std::ifstream in_;
  std::vector<char> buf_;
  size_t pos_ = 0;
  size_t lines_ = 0;
};

long RssKiB(pid_t pid, const char* field = "VmRSS:") {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field, 0) == 0) return std::stol(line.substr(std::strlen(field)));
  }
  return -1;
}

int RestPort(const std::string& log) {
  for (int i = 0; i < 300; ++i) {
    std::ifstream in(log);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::smatch m;
    static const std::regex re("REST server listening at http://[^:]+:([0-9]+)/");
    if (std::regex_search(text, m, re)) return std::stoi(m[1]);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return 0;
}

void Post(int port, const std::string& body) {
  auto reply = kctest::LoopbackHttp(port, "POST", "/connectors", body);
  if (reply.status != 201) {
    std::cerr << "POST /connectors failed: " << reply.status << " " << reply.body << "\n";
  }
}

template <typename F>
double WaitUntil(F done, Clock::time_point start, double limit_s = 600) {
  while (!done()) {
    if (Seconds(Clock::now() - start) > limit_s) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return Seconds(Clock::now() - start);
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  const size_t lines = argc > 1 ? std::stoul(argv[1]) : 1000000;
  const std::string worker_bin = argc > 2 ? argv[2] : KC_BINARY_DIR "/bin/connect-standalone";
  std::string tmpl = (std::filesystem::temp_directory_path() / "kconnect-bench-XXXXXX").string();
  const std::string dir = mkdtemp(tmpl.data());

  auto mock_result = kconnect::worker::kafka::MockCluster::Start(1);
  if (!mock_result) {
    std::cerr << mock_result.Error().message << "\n";
    return 1;
  }
  auto mock = std::move(mock_result).Value();
  const std::string bs = mock->Bootstraps();

  // The worker, idle.
  const std::string worker_props = dir + "/worker.properties";
  std::ofstream(worker_props) << "bootstrap.servers=" << bs << "\n"
                              << "key.converter=org.apache.kafka.connect.json.JsonConverter\n"
                              << "value.converter=org.apache.kafka.connect.json.JsonConverter\n"
                              << "offset.storage.file.filename=" << dir << "/connect.offsets\n"
                              << "offset.flush.interval.ms=10000\n"
                              << "listeners=http://127.0.0.1:0\n";
  // Extra worker settings for experiments, e.g. KC_BENCH_WORKER_PROPS='producer.linger.ms=1'
  // (';' separates several).
  if (const char* extra = std::getenv("KC_BENCH_WORKER_PROPS")) {
    std::ofstream out(worker_props, std::ios::app);
    for (char c : std::string(extra)) out << (c == ';' ? '\n' : c);
    out << "\n";
  }
  const std::string log = dir + "/worker.log";
  pid_t worker = Spawn({worker_bin, worker_props}, log, log);
  int port = RestPort(log);
  if (port == 0) {
    std::cerr << "worker did not start, see " << log << "\n";
    return 1;
  }
  std::this_thread::sleep_for(std::chrono::seconds(2));  // let start-up allocations settle
  long idle_rss = RssKiB(worker);

  std::printf("kconnect quickstart benchmark: %zu lines per run, broker = librdkafka mock (in-memory)\n",
              lines);
  std::printf("%-10s %-28s %14s %14s %8s\n", "line size", "path", "kcat rec/s", "kconnect rec/s",
              "ratio");
  long peak_running_rss = 0;
  for (size_t size : {size_t{100}, size_t{1024}}) {
    const std::string tag = std::to_string(size);
    const std::string file = dir + "/lines-" + tag + ".txt";
    {
      std::ofstream out(file, std::ios::binary);
      std::string line(size - 1, 'x');
      for (size_t i = 0; i < lines; ++i) {
        std::string n = std::to_string(i);
        std::copy(n.begin(), n.end(), line.begin());
        out << line << '\n';
      }
    }
    const std::string kcat_topic = "kcat-" + tag, kc_topic = "kc-" + tag;
    (void)mock->CreateTopic(kcat_topic, 1);
    (void)mock->CreateTopic(kc_topic, 1);

    // file -> topic
    auto t0 = Clock::now();
    WaitPid(Spawn({"kcat", "-P", "-b", bs, "-t", kcat_topic, "-l", file}, "/dev/null", dir + "/kcat.err"));
    double kcat_p = WaitUntil([&] { return HighWatermark(bs, kcat_topic) >= static_cast<int64_t>(lines); }, t0);
    t0 = Clock::now();
    Post(port, R"({"name":"src-)" + tag + R"(","config":{"connector.class":"FileStreamSource","file":")" +
                   file + R"(","topic":")" + kc_topic + R"("}})");
    const bool verbose = std::getenv("KC_BENCH_VERBOSE") != nullptr;
    double kc_p = WaitUntil(
        [&] {
          const int64_t hw = HighWatermark(bs, kc_topic);
          if (verbose) std::fprintf(stderr, "%.3f s: %lld\n", Seconds(Clock::now() - t0), static_cast<long long>(hw));
          return hw >= static_cast<int64_t>(lines);
        },
        t0);
    std::printf("%-10s %-28s %14.0f %14.0f %7.2fx\n", (tag + " B").c_str(), "file -> topic (source)",
                lines / kcat_p, lines / kc_p, kcat_p / kc_p);

    // topic -> file. The mock keeps only the newest ~5 MB of each partition,
    // so the sink's input topic gets enough partitions to hold every record
    // (kcat spreads them at random, no sticky batching), filled by kcat with
    // the JsonConverter envelope the sink expects. Both readers read it all.
    const std::string sink_topic = "sink-in-" + tag;
    const size_t json_size = size + 48;
    const int partitions = static_cast<int>(std::max<size_t>(1, lines * json_size / (3 << 20) + 1));
    (void)mock->CreateTopic(sink_topic, partitions);
    const std::string json_file = dir + "/json-" + tag + ".txt";
    {
      std::ifstream in(file, std::ios::binary);
      std::ofstream out(json_file, std::ios::binary);
      std::string line;
      while (std::getline(in, line)) {
        out << R"({"schema":{"type":"string","optional":false},"payload":")" << line << "\"}\n";
      }
    }
    WaitPid(Spawn({"kcat", "-P", "-b", bs, "-t", sink_topic, "-X", "sticky.partitioning.linger.ms=0",
                   "-l", json_file},
                  "/dev/null", dir + "/kcat.err"));
    auto held_records = [&] {
      int64_t total = 0;
      for (int p = 0; p < partitions; ++p) {
        const auto [lo, hi] = Watermarks(bs, sink_topic, p);
        if (lo < 0) return int64_t{-1};
        total += hi - lo;
      }
      return total;
    };
    const size_t held = static_cast<size_t>(held_records());
    if (held != lines) {
      std::printf("note: the broker holds %zu of the %zu records of %s\n", held, lines,
                  sink_topic.c_str());
    }
    const std::string kcat_out = dir + "/kcat-out-" + tag;
    t0 = Clock::now();
    WaitPid(Spawn({"kcat", "-C", "-b", bs, "-t", sink_topic, "-o", "beginning", "-e", "-q"},
                  kcat_out, dir + "/kcat.err"));
    double kcat_c = Seconds(Clock::now() - t0);
    const size_t kcat_lines = LineCounter(kcat_out).Update();
    const std::string sink_out = dir + "/sink-out-" + tag;
    LineCounter sink_lines(sink_out);
    t0 = Clock::now();
    Post(port, R"({"name":"sink-)" + tag + R"(","config":{"connector.class":"FileStreamSink","file":")" +
                   sink_out + R"(","topics":")" + sink_topic + R"("}})");
    // The sink first joins its consumer group, which the broker completes
    // after its initial rebalance delay (kcat -C assigns partitions directly):
    // the data rate is timed from the first line written.
    double kc_join = WaitUntil([&] { return sink_lines.Update() > 0; }, t0);
    auto first = Clock::now();
    double kc_c = WaitUntil([&] { return sink_lines.Update() >= held; }, first);
    std::printf("%-10s %-28s %14.0f %14.0f %7.2fx  (%d partitions; with the %.2f s group join: %.2fx)\n",
                (tag + " B").c_str(), "topic -> file (sink)", kcat_lines / kcat_c, held / kc_c,
                (held / kc_c) / (kcat_lines / kcat_c), partitions, kc_join,
                (held / (kc_c + kc_join)) / (kcat_lines / kcat_c));
    peak_running_rss = std::max(peak_running_rss, RssKiB(worker));
    std::filesystem::remove(json_file);
    std::filesystem::remove(file);
    std::filesystem::remove(kcat_out);
    std::filesystem::remove(sink_out);
  }
  std::printf("worker RSS idle: %.1f MiB; with connectors running: %.1f MiB (peak VmHWM %.1f MiB)\n",
              idle_rss / 1024.0, peak_running_rss / 1024.0, RssKiB(worker, "VmHWM:") / 1024.0);
  kill(worker, SIGTERM);
  WaitPid(worker);
  std::filesystem::remove_all(dir);
  return 0;
}
