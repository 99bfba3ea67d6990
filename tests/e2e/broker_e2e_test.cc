// The real connect-broker binary: config errors, and durability — records
// acknowledged with acks=all survive kill -9, and a torn segment tail is cut
// back to the last whole batch on restart.

#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>
#include <vector>

#include "process_util.h"
#include "test_util.h"

namespace {

using kctest::Process;
using kctest::WaitFor;

std::string BrokerBinary() { return std::string(KC_BINARY_DIR) + "/bin/connect-broker"; }

// Starts connect-broker on `port` (0 = ephemeral) and returns the bound port
// read from its log, or 0.
int StartBroker(std::unique_ptr<Process>& proc, const kctest::TempDir& dir, int port,
                const std::string& log_name) {
  const std::string props = dir.Path("broker.properties");
  kctest::WriteFile(props, "listeners=PLAINTEXT://127.0.0.1:" + std::to_string(port) +
                               "\nlog.dirs=" + dir.Path("logs") + "\nnum.partitions=1\n");
  proc = std::make_unique<Process>(std::vector<std::string>{BrokerBinary(), props},
                                   dir.Path(log_name));
  int bound = 0;
  WaitFor([&] {
    static const std::regex re("listening on 127\\.0\\.0\\.1:([0-9]+)");
    std::smatch m;
    const std::string log = proc->Log();
    if (std::regex_search(log, m, re)) bound = std::stoi(m[1]);
    return bound != 0;
  }, std::chrono::seconds(20));
  return bound;
}

struct Rk {
  rd_kafka_t* rk = nullptr;
  ~Rk() {
    if (rk) rd_kafka_destroy(rk);
  }
};

rd_kafka_t* NewClient(rd_kafka_type_t type, const std::string& bootstrap,
                      std::vector<std::pair<std::string, std::string>> extra = {}) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), err, sizeof(err));
  for (const auto& [k, v] : extra) rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof(err));
  return rd_kafka_new(type, conf, err, sizeof(err));
}

// Produces `n` records "value-<i>" with acks=all and waits for every ack.
void ProduceAcked(const std::string& bootstrap, const std::string& topic, int first, int n) {
  Rk p;
  // A long linger: the records wait for the flush below and go out as one
  // batch, even when this loop is slowed down (a 5 ms linger let a busy
  // machine split a call's records into two batches).
  p.rk = NewClient(RD_KAFKA_PRODUCER, bootstrap, {{"acks", "all"}, {"linger.ms", "1000"}});
  ASSERT_NE(p.rk, nullptr);
  for (int i = first; i < first + n; ++i) {
    std::string v = "value-" + std::to_string(i);
    ASSERT_EQ(rd_kafka_producev(p.rk, RD_KAFKA_V_TOPIC(topic.c_str()),
                                RD_KAFKA_V_VALUE(v.data(), v.size()),
                                RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END),
              RD_KAFKA_RESP_ERR_NO_ERROR);
  }
  ASSERT_EQ(rd_kafka_flush(p.rk, 30000), RD_KAFKA_RESP_ERR_NO_ERROR);
}

// Reads partition 0 from offset 0 until end of log; returns offset → value.
std::vector<std::pair<int64_t, std::string>> ReadAll(const std::string& bootstrap,
                                                     const std::string& topic) {
  Rk c;
  c.rk = NewClient(RD_KAFKA_CONSUMER, bootstrap,
                   {{"group.id", "e2e-reader"}, {"enable.partition.eof", "true"},
                    {"enable.auto.commit", "false"}});
  std::vector<std::pair<int64_t, std::string>> out;
  if (c.rk == nullptr) return out;
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(list, topic.c_str(), 0)->offset = RD_KAFKA_OFFSET_BEGINNING;
  rd_kafka_assign(c.rk, list);
  rd_kafka_topic_partition_list_destroy(list);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(c.rk, 200);
    if (m == nullptr) continue;
    const bool eof = m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF;
    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      out.emplace_back(m->offset, std::string(static_cast<const char*>(m->payload), m->len));
    }
    rd_kafka_message_destroy(m);
    if (eof) break;
  }
  rd_kafka_consumer_close(c.rk);
  return out;
}

// Walks a segment's record batches (base offset: int64, length: int32,
// big-endian) and returns the base offset of the last whole one, or -1.
int64_t LastBatchBaseOffset(const std::string& segment) {
  std::ifstream in(segment, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto be = [&](size_t pos, int width) {
    uint64_t v = 0;
    for (int i = 0; i < width; ++i) v = (v << 8) | static_cast<uint8_t>(bytes[pos + i]);
    return v;
  };
  int64_t last = -1;
  for (size_t pos = 0; pos + 12 <= bytes.size();) {
    const auto length = be(pos + 8, 4);
    if (pos + 12 + length > bytes.size()) break;
    last = static_cast<int64_t>(be(pos, 8));
    pos += 12 + length;
  }
  return last;
}

TEST(BrokerE2E, ConfigErrorsExitWithAMessage) {
  kctest::TempDir dir;
  {
    Process p({BrokerBinary()}, dir.Path("usage.log"));
    EXPECT_EQ(p.Wait(), 1);
    EXPECT_NE(p.Log().find("Usage:"), std::string::npos);
  }
  {
    kctest::WriteFile(dir.Path("bad.properties"), "num.partitions=many\n");
    Process p({BrokerBinary(), dir.Path("bad.properties")}, dir.Path("bad.log"));
    EXPECT_EQ(p.Wait(), 1);
    EXPECT_NE(p.Log().find("Invalid value many for configuration num.partitions"),
              std::string::npos)
        << p.Log();
  }
}

TEST(BrokerE2E, AcknowledgedRecordsSurviveKill9) {
  kctest::TempDir dir;
  std::unique_ptr<Process> broker;
  const int port = StartBroker(broker, dir, 0, "run1.log");
  ASSERT_NE(port, 0) << broker->Log();
  const std::string bootstrap = "127.0.0.1:" + std::to_string(port);
  constexpr int kRecords = 5000;
  ProduceAcked(bootstrap, "durable", 0, kRecords);
  broker->Signal(SIGKILL);
  broker->Wait();

  ASSERT_EQ(StartBroker(broker, dir, port, "run2.log"), port) << broker->Log();
  auto records = ReadAll(bootstrap, "durable");
  ASSERT_EQ(records.size(), static_cast<size_t>(kRecords));
  for (int i = 0; i < kRecords; ++i) {
    EXPECT_EQ(records[i].first, i);
    EXPECT_EQ(records[i].second, "value-" + std::to_string(i));
  }
  // And the log goes on from where it was.
  ProduceAcked(bootstrap, "durable", kRecords, 10);
  EXPECT_EQ(ReadAll(bootstrap, "durable").size(), static_cast<size_t>(kRecords + 10));
}

TEST(BrokerE2E, TornTailIsCutToTheLastWholeBatch) {
  kctest::TempDir dir;
  std::unique_ptr<Process> broker;
  const int port = StartBroker(broker, dir, 0, "run1.log");
  ASSERT_NE(port, 0) << broker->Log();
  const std::string bootstrap = "127.0.0.1:" + std::to_string(port);
  // Separate flushes make separate batches.
  for (int i = 0; i < 5; ++i) ProduceAcked(bootstrap, "torn", i * 10, 10);
  broker->Signal(SIGKILL);
  broker->Wait();

  // Cut a few bytes off the end of the segment, as a crash mid-write would.
  std::string segment;
  for (const auto& e : std::filesystem::directory_iterator(dir.Path("logs") + "/torn-0")) {
    if (e.path().extension() == ".log") segment = e.path().string();
  }
  ASSERT_FALSE(segment.empty());
  // The client decides how records are batched (a busy machine has split one
  // flush into 7 + 3), so the expectation is read from the segment itself:
  // every record before the last batch's base offset must survive the cut.
  const int64_t last_base = LastBatchBaseOffset(segment);
  ASSERT_GT(last_base, 0);
  ASSERT_LT(last_base, 50);
  const auto size = std::filesystem::file_size(segment);
  std::filesystem::resize_file(segment, size - 7);

  ASSERT_EQ(StartBroker(broker, dir, port, "run2.log"), port) << broker->Log();
  auto records = ReadAll(bootstrap, "torn");
  ASSERT_EQ(records.size(), static_cast<size_t>(last_base));  // the last batch was torn
  for (int64_t i = 0; i < last_base; ++i) {
    EXPECT_EQ(records[i].second, "value-" + std::to_string(i));
  }
  EXPECT_NE(broker->Log().find("runcat"), std::string::npos) << broker->Log();
}

}  // namespace
