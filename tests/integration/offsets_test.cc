// The offsets REST API (KIP-875) against the real worker: the FileStreamSource
// and FileStreamSink plugins (.so), the bundled broker in the worker's process
// (embedded.broker.enable) and REST calls over loopback sockets. What a user
// sees: GET shows where a connector is, PATCH makes a resumed connector start
// from the new position, DELETE makes it start over.
// REST spec rules checked here: R-OFFGET, R-OFFPATCH, R-OFFDEL.

#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include <nlohmann/json.hpp>

#include "standalone_harness.h"

namespace {

using Json = nlohmann::json;
using kctest::ReadLines;
using kctest::WaitFor;

constexpr const char* kAltered =
    R"({"message":"The offsets for this connector have been altered successfully"})";
constexpr const char* kReset =
    R"({"message":"The offsets for this connector have been reset successfully"})";

std::string NotStopped(const std::string& name) {
  return R"({"error_code":400,"message":"Connectors must be in the STOPPED state before their )"
         R"(offsets can be modified. This can be done for the specified connector by issuing a )"
         R"('PUT' request to the '/connectors/)" +
         name + R"(/stop' endpoint"})";
}

class OffsetsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    kconnect::Props props = kctest::WorkerProps("127.0.0.1:1", dir_.Path("connect.offsets"));
    props["embedded.broker.enable"] = "true";
    props["embedded.broker.listeners"] = "PLAINTEXT://127.0.0.1:0";
    props["embedded.broker.log.dirs"] = dir_.Path("kafka-logs");
    props["embedded.broker.offsets.topic.num.partitions"] = "1";
    worker_ = kctest::StartWorker(props);
    ASSERT_NE(worker_, nullptr);
    port_ = worker_->RestPort();
    bootstrap_ = worker_->BootstrapServers();
  }

  kctest::HttpReply Http(const std::string& method, const std::string& path,
                         const std::string& body = "") {
    return kctest::Http(port_, method, path, body);
  }
  std::string Offsets(const std::string& name) {
    auto reply = Http("GET", "/connectors/" + name + "/offsets");
    return std::to_string(reply.status) + " " + reply.body;
  }
  void Create(const kconnect::Props& config) {
    Json body = {{"name", config.at("name")}, {"config", config}};
    auto reply = Http("POST", "/connectors", body.dump());
    ASSERT_EQ(reply.status, 201) << reply.body;
  }
  void Stop(const std::string& name) {
    auto reply = Http("PUT", "/connectors/" + name + "/stop");
    ASSERT_EQ(reply.status, 204) << reply.body;
  }
  void Resume(const std::string& name) {
    auto reply = Http("PUT", "/connectors/" + name + "/resume");
    ASSERT_EQ(reply.status, 202) << reply.body;
  }
  // DELETE .../offsets, twice: a reset of what is reset already succeeds too.
  void ResetTwice(const std::string& name) {
    for (int i = 0; i < 2; ++i) {
      auto reset = Http("DELETE", "/connectors/" + name + "/offsets");
      EXPECT_EQ(reset.status, 200) << reset.body;
      EXPECT_EQ(reset.body, kReset);
      EXPECT_EQ(Offsets(name), R"(200 {"offsets":[]})");
    }
  }
  // Waits until GET .../offsets answers `expected` ("<status> <body>").
  void WaitForOffsets(const std::string& name, const std::string& expected) {
    EXPECT_TRUE(WaitFor([&] { return Offsets(name) == expected; }))
        << "GET offsets of " << name << ": " << Offsets(name) << "\nexpected: " << expected;
  }

  kctest::TempDir dir_;
  std::unique_ptr<kconnect::worker::cli::StandaloneWorker> worker_;
  int port_ = 0;
  std::string bootstrap_;
};

std::string Envelope(const std::string& s) {
  return R"({"schema":{"type":"string","optional":false},"payload":")" + s + R"("})";
}

TEST_F(OffsetsTest, SourceOffsetsCanBeReadRewoundAndReset) {
  const std::string file = dir_.Path("test.txt");
  kctest::AppendLines(file, 0, 10);  // "line-0\n" ... "line-9\n": 70 bytes
  Create(kctest::FileSource(file));
  const std::string name = "local-file-source";
  const std::string at = R"(200 {"offsets":[{"partition":{"filename":")" + file +
                         R"("},"offset":{"position":)";
  // Readable while the connector runs, once its first offsets are flushed.
  WaitForOffsets(name, at + "70}}]}");
  const std::string rewind =
      R"({"offsets":[{"partition":{"filename":")" + file + R"("},"offset":{"position":0}}]})";
  auto refused = Http("PATCH", "/connectors/" + name + "/offsets", rewind);
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(refused.body, NotStopped(name));

  Stop(name);
  EXPECT_EQ(Offsets(name), at + "70}}]}");
  // The connector's own check (FileStreamSource.alterOffsets) is a 500.
  auto negative = Http("PATCH", "/connectors/" + name + "/offsets",
                       R"({"offsets":[{"partition":{"filename":")" + file +
                           R"("},"offset":{"position":-1}}]})");
  EXPECT_EQ(negative.status, 500);
  EXPECT_EQ(negative.body,
            R"({"error_code":500,"message":"The value for the 'position' key in the offset )"
            R"(should be a non-negative value"})");
  auto altered = Http("PATCH", "/connectors/" + name + "/offsets", rewind);
  EXPECT_EQ(altered.status, 200) << altered.body;
  EXPECT_EQ(altered.body, kAltered);
  EXPECT_EQ(Offsets(name), at + "0}}]}");

  // Resumed, the task starts from position 0: the topic gets every line again.
  Resume(name);
  auto values = kctest::ConsumeValues(bootstrap_, "connect-test", 20);
  ASSERT_EQ(values.size(), 20u);
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(values[i], Envelope("line-" + std::to_string(i)));
    EXPECT_EQ(values[10 + i], Envelope("line-" + std::to_string(i))) << "re-read line " << i;
  }
  WaitForOffsets(name, at + "70}}]}");

  // Reset: no offsets left, and a resumed task starts over once more.
  Stop(name);
  ResetTwice(name);
  Resume(name);
  values = kctest::ConsumeValues(bootstrap_, "connect-test", 30);
  ASSERT_EQ(values.size(), 30u);
  EXPECT_EQ(values[20], Envelope("line-0"));
  EXPECT_EQ(values[29], Envelope("line-9"));
  EXPECT_EQ(Offsets("nope"), R"(404 {"error_code":404,"message":"Connector nope not found"})");
}

// Java's text for a sink group that still has members (`what`: alter/reset).
std::string GroupHasMembers(const std::string& name, const std::string& what) {
  return "Failed to " + what + " consumer group offsets for connector " + name +
         " either because its tasks haven't stopped completely yet or the connector was resumed "
         "before the request to " + what +
         " its offsets could be successfully completed. If the connector is in a stopped state, "
         "this operation can be safely retried. If it doesn't eventually succeed, the Connect "
         "cluster may need to be restarted to get rid of the zombie sink tasks.";
}

// A consumer in the sink's group, standing in for a sink task that has not
// left the group yet.
class GroupMember {
 public:
  GroupMember(const std::string& bootstrap, const std::string& group, const std::string& topic) {
    char err[256];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), err, sizeof(err));
    rd_kafka_conf_set(conf, "group.id", group.c_str(), err, sizeof(err));
    rd_kafka_conf_set(conf, "enable.auto.commit", "false", err, sizeof(err));
    rd_kafka_conf_set(conf, "log_level", "3", err, sizeof(err));
    rk_ = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err));
    rd_kafka_poll_set_consumer(rk_);
    rd_kafka_topic_partition_list_t* topics = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(topics, topic.c_str(), RD_KAFKA_PARTITION_UA);
    rd_kafka_subscribe(rk_, topics);
    rd_kafka_topic_partition_list_destroy(topics);
  }
  ~GroupMember() {
    rd_kafka_consumer_close(rk_);
    rd_kafka_destroy(rk_);
  }
  // Polls until the group assigned this member a partition.
  bool Joined() {
    return WaitFor([&] {
      if (rd_kafka_message_t* m = rd_kafka_consumer_poll(rk_, 50)) rd_kafka_message_destroy(m);
      rd_kafka_topic_partition_list_t* assigned = nullptr;
      if (rd_kafka_assignment(rk_, &assigned) != RD_KAFKA_RESP_ERR_NO_ERROR) return false;
      const bool any = assigned->cnt > 0;
      rd_kafka_topic_partition_list_destroy(assigned);
      return any;
    });
  }

 private:
  rd_kafka_t* rk_ = nullptr;
};

TEST_F(OffsetsTest, SinkOffsetsAreTheConsumerGroupsCommittedOffsets) {
  const std::string source = dir_.Path("test.txt");
  const std::string sink = dir_.Path("test.sink.txt");
  kctest::AppendLines(source, 0, 10);
  Create(kctest::FileSource(source));
  Create(kctest::FileSink(sink));
  const std::string name = "local-file-sink";
  ASSERT_TRUE(WaitFor([&] { return ReadLines(sink).size() >= 10; })) << ReadLines(sink).size();
  const std::string at =
      R"(200 {"offsets":[{"partition":{"kafka_topic":"connect-test","kafka_partition":0},)"
      R"("offset":{"kafka_offset":)";
  WaitForOffsets(name, at + "10}}]}");
  auto refused = Http("DELETE", "/connectors/" + name + "/offsets");
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(refused.body, NotStopped(name));

  // Rewind to offset 5 (as a numeric string, which Java accepts too): the
  // resumed sink writes lines 5..9 again.
  Stop(name);
  EXPECT_EQ(Offsets(name), at + "10}}]}");
  auto bad = Http("PATCH", "/connectors/" + name + "/offsets",
                  R"({"offsets":[{"partition":{"kafka_topic":"connect-test"},"offset":null}]})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body,
            R"({"error_code":400,"message":"The partition for a sink connector offset must )"
            R"(contain the keys 'kafka_topic' and 'kafka_partition'"})");
  auto altered = Http("PATCH", "/connectors/" + name + "/offsets",
                      R"({"offsets":[{"partition":{"kafka_topic":"connect-test",)"
                      R"("kafka_partition":0},"offset":{"kafka_offset":"5"}}]})");
  EXPECT_EQ(altered.status, 200) << altered.body;
  EXPECT_EQ(altered.body, kAltered);
  EXPECT_EQ(Offsets(name), at + "5}}]}");
  Resume(name);
  ASSERT_TRUE(WaitFor([&] { return ReadLines(sink).size() >= 15; })) << ReadLines(sink).size();
  auto lines = ReadLines(sink);
  EXPECT_EQ(lines[10], "line-5");
  EXPECT_EQ(lines[14], "line-9");
  WaitForOffsets(name, at + "10}}]}");

  // Reset: the group is deleted, the resumed sink starts from the earliest
  // record; a second reset of the deleted group succeeds as well.
  Stop(name);
  ResetTwice(name);
  Resume(name);
  ASSERT_TRUE(WaitFor([&] { return ReadLines(sink).size() >= 25; })) << ReadLines(sink).size();
  lines = ReadLines(sink);
  EXPECT_EQ(lines[15], "line-0");
  EXPECT_EQ(lines[24], "line-9");
  WaitForOffsets(name, at + "10}}]}");
  Stop(name);
  EXPECT_EQ(ReadLines(sink).size(), 25u);  // nothing was written twice more
}

TEST_F(OffsetsTest, ASinkGroupThatStillHasMembersIsNotChanged) {
  const std::string source = dir_.Path("test.txt");
  kctest::AppendLines(source, 0, 3);
  Create(kctest::FileSource(source));
  kconnect::Props sink = kctest::FileSink(dir_.Path("test.sink.txt"));
  Create(sink);
  const std::string name = "local-file-sink";
  const std::string at =
      R"(200 {"offsets":[{"partition":{"kafka_topic":"connect-test","kafka_partition":0},)"
      R"("offset":{"kafka_offset":)";
  WaitForOffsets(name, at + "3}}]}");
  Stop(name);
  GroupMember zombie(bootstrap_, "connect-" + name, "connect-test");
  ASSERT_TRUE(zombie.Joined());

  auto altered = Http("PATCH", "/connectors/" + name + "/offsets",
                      R"({"offsets":[{"partition":{"kafka_topic":"connect-test",)"
                      R"("kafka_partition":0},"offset":{"kafka_offset":0}}]})");
  EXPECT_EQ(altered.status, 500) << altered.body;
  EXPECT_EQ(Json::parse(altered.body, nullptr, false).value("message", ""),
            GroupHasMembers(name, "alter"));
  auto reset = Http("DELETE", "/connectors/" + name + "/offsets");
  EXPECT_EQ(reset.status, 500) << reset.body;
  EXPECT_EQ(Json::parse(reset.body, nullptr, false).value("message", ""),
            GroupHasMembers(name, "reset"));
  EXPECT_EQ(Offsets(name), at + "3}}]}");  // unchanged
}

}  // namespace
