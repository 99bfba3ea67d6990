#pragma once
// Helpers for the data-path broker tests: librdkafka producers and
// assign()-based consumers (no consumer group), and a raw Kafka-protocol
// client over a blocking loopback socket for requests whose exact bytes or
// timing matter.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "broker/protocol/codec.h"
#include "broker/protocol/request_header.h"
#include "broker/protocol/response_header.h"
#include "raw_kafka_client.h"

namespace kconnect::testing {

struct RkDeleter {
  void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
using RkPtr = std::unique_ptr<rd_kafka_t, RkDeleter>;

using RkConf = std::map<std::string, std::string>;

// What a delivery report said about one message.
struct Delivery {
  bool done = false;
  rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
  int64_t offset = -1;
  int32_t partition = -1;
  int64_t timestamp = -1;

  static void Record(Delivery* d, const rd_kafka_message_t* m) {
    d->done = true;
    d->err = m->err;
    d->offset = m->offset;
    d->partition = m->partition;
    rd_kafka_timestamp_type_t type;
    d->timestamp = rd_kafka_message_timestamp(m, &type);
  }
};

inline RkPtr NewClient(rd_kafka_type_t type, const std::string& bootstrap, const RkConf& extra) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  RkConf all = {{"bootstrap.servers", bootstrap}, {"log_level", "3"}};
  for (const auto& [k, v] : extra) all[k] = v;
  for (const auto& [k, v] : all) {
    if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof(err)) != RD_KAFKA_CONF_OK) {
      ADD_FAILURE() << "config " << k << "=" << v << ": " << err;
    }
  }
  if (type == RD_KAFKA_PRODUCER) {
    rd_kafka_conf_set_dr_msg_cb(conf, [](rd_kafka_t*, const rd_kafka_message_t* m, void*) {
      // The opaque is a Delivery owned by the test until it was reported.
      if (m->_private != nullptr) Delivery::Record(static_cast<Delivery*>(m->_private), m);
    });
  }
  rd_kafka_t* rk = rd_kafka_new(type, conf, err, sizeof(err));
  EXPECT_NE(rk, nullptr) << err;
  return RkPtr(rk);
}

struct OutMessage {
  std::optional<std::string> key;
  std::optional<std::string> value;
  std::vector<std::pair<std::string, std::optional<std::string>>> headers;
  int32_t partition = 0;
  int64_t timestamp = 0;  // 0 = now
};

// Produces every message and polls until all are reported (or the deadline
// passes; missing reports fail the test). Returns one Delivery per message.
inline std::vector<Delivery> ProduceAll(
    rd_kafka_t* rk, const std::string& topic, const std::vector<OutMessage>& msgs,
    std::chrono::milliseconds deadline = std::chrono::seconds(30)) {
  std::vector<Delivery> out(msgs.size());
  for (size_t i = 0; i < msgs.size(); ++i) {
    const auto& m = msgs[i];
    rd_kafka_headers_t* hdrs = nullptr;
    if (!m.headers.empty()) {
      hdrs = rd_kafka_headers_new(m.headers.size());
      for (const auto& [k, v] : m.headers) {
        rd_kafka_header_add(hdrs, k.data(), static_cast<ssize_t>(k.size()), v ? v->data() : nullptr,
                            v ? static_cast<ssize_t>(v->size()) : 0);
      }
    }
    // (The producev macros cast their arguments: no expressions in them.)
    const void* key_ptr = m.key ? m.key->data() : nullptr;
    const size_t key_len = m.key ? m.key->size() : 0;
    void* value_ptr = m.value ? const_cast<char*>(m.value->data()) : nullptr;
    const size_t value_len = m.value ? m.value->size() : 0;
    rd_kafka_resp_err_t err;
    for (;;) {
      err = rd_kafka_producev(
          rk, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(m.partition),
          RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_KEY(key_ptr, key_len),
          RD_KAFKA_V_VALUE(value_ptr, value_len), RD_KAFKA_V_HEADERS(hdrs),
          RD_KAFKA_V_TIMESTAMP(m.timestamp), RD_KAFKA_V_OPAQUE(&out[i]), RD_KAFKA_V_END);
      if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) break;
      rd_kafka_poll(rk, 50);
    }
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      if (hdrs != nullptr) rd_kafka_headers_destroy(hdrs);
      ADD_FAILURE() << "producev: " << rd_kafka_err2str(err);
      out[i].done = true;
      out[i].err = err;
    }
  }
  const auto end = std::chrono::steady_clock::now() + deadline;
  for (;;) {
    size_t pending = 0;
    for (const auto& d : out) pending += d.done ? 0 : 1;
    if (pending == 0) break;
    if (std::chrono::steady_clock::now() > end) {
      ADD_FAILURE() << pending << " delivery reports missing";
      // The opaques point into `out`: purge so no report arrives later.
      rd_kafka_purge(rk, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
      rd_kafka_flush(rk, 5000);
      break;
    }
    rd_kafka_poll(rk, 50);
  }
  return out;
}

struct InMessage {
  int32_t partition = 0;
  int64_t offset = -1;
  std::optional<std::string> key;
  std::optional<std::string> value;
  std::vector<std::pair<std::string, std::optional<std::string>>> headers;
  int64_t timestamp = -1;
};

// An assign()-based consumer (the group id is only a formality: no
// subscribe, no commits, explicit start offsets).
inline RkPtr NewConsumer(const std::string& bootstrap, RkConf extra = {}) {
  RkConf conf = {{"group.id", "kc-test-assign"},
                 {"enable.auto.commit", "false"},
                 {"enable.auto.offset.store", "false"},
                 {"enable.partition.eof", "false"},
                 {"check.crcs", "true"}};
  for (const auto& [k, v] : extra) conf[k] = v;
  return NewClient(RD_KAFKA_CONSUMER, bootstrap, conf);
}

inline void Assign(rd_kafka_t* rk, const std::string& topic,
                   const std::vector<std::pair<int32_t, int64_t>>& starts) {
  rd_kafka_topic_partition_list_t* parts =
      rd_kafka_topic_partition_list_new(static_cast<int>(starts.size()));
  for (const auto& [p, off] : starts)
    rd_kafka_topic_partition_list_add(parts, topic.c_str(), p)->offset = off;
  rd_kafka_resp_err_t err = rd_kafka_assign(rk, parts);
  rd_kafka_topic_partition_list_destroy(parts);
  ASSERT_EQ(err, RD_KAFKA_RESP_ERR_NO_ERROR) << rd_kafka_err2str(err);
}

// Polls until `count` messages arrived or the deadline passed. Consumer
// errors fail the test.
inline std::vector<InMessage> ConsumeN(
    rd_kafka_t* rk, size_t count, std::chrono::milliseconds deadline = std::chrono::seconds(30)) {
  std::vector<InMessage> out;
  const auto end = std::chrono::steady_clock::now() + deadline;
  while (out.size() < count && std::chrono::steady_clock::now() < end) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(rk, 100);
    if (m == nullptr) continue;
    if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      ADD_FAILURE() << "consumer error: " << rd_kafka_message_errstr(m);
      rd_kafka_message_destroy(m);
      continue;
    }
    InMessage in;
    in.partition = m->partition;
    in.offset = m->offset;
    if (m->key != nullptr) in.key = std::string(static_cast<const char*>(m->key), m->key_len);
    if (m->payload != nullptr) in.value = std::string(static_cast<const char*>(m->payload), m->len);
    rd_kafka_timestamp_type_t type;
    in.timestamp = rd_kafka_message_timestamp(m, &type);
    rd_kafka_headers_t* hdrs = nullptr;
    if (rd_kafka_message_headers(m, &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR) {
      const char* name;
      const void* val;
      size_t size;
      for (size_t i = 0;
           rd_kafka_header_get_all(hdrs, i, &name, &val, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
           ++i) {
        in.headers.emplace_back(
            name, val ? std::optional<std::string>(std::string(static_cast<const char*>(val), size))
                      : std::nullopt);
      }
    }
    out.push_back(std::move(in));
    rd_kafka_message_destroy(m);
  }
  return out;
}

// The raw client of tests/common, with responses decoded (a response that
// does not decode is a test failure).
class RawClient : public kctest::RawKafkaClient {
 public:
  using RawKafkaClient::RawKafkaClient;

  // Reads and decodes one response (response header v0: all the data APIs
  // are non-flexible).
  template <typename Response>
  std::optional<Response> Receive(int16_t version, std::chrono::milliseconds timeout,
                                  int32_t* correlation_id = nullptr) {
    auto frame = ReadFrame(timeout);
    if (!frame) return std::nullopt;
    if (frame->size() < 4) return std::nullopt;
    uint32_t cid;
    std::memcpy(&cid, frame->data(), 4);
    if (correlation_id != nullptr) *correlation_id = static_cast<int32_t>(ntohl(cid));
    Response response;
    auto status = broker::protocol::DecodeExact(
        std::span<const uint8_t>(frame->data() + 4, frame->size() - 4), version, &response);
    if (!status.IsOk()) {
      ADD_FAILURE() << "response did not decode: " << status.Message();
      return std::nullopt;
    }
    return response;
  }
};

}  // namespace kconnect::testing
