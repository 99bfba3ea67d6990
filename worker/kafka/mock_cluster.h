#pragma once
// MockCluster: librdkafka's in-process mock Kafka cluster (rdkafka_mock.h),
// listening on real loopback sockets. Used by tests, benchmarks and the
// `--mock-broker` start-up option until the bundled broker exists. It keeps
// everything in memory: nothing survives the process.

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <map>
#include <memory>
#include <string>

#include "worker/util/result.h"

namespace kconnect::worker::kafka {

class MockCluster {
 public:
  static util::Result<std::unique_ptr<MockCluster>> Start(int brokers);
  ~MockCluster();
  MockCluster(const MockCluster&) = delete;
  MockCluster& operator=(const MockCluster&) = delete;

  // "127.0.0.1:port,..." to use as bootstrap.servers.
  std::string Bootstraps() const;
  // Creates a topic with the given partition count (replication factor 1).
  util::Result<util::Empty> CreateTopic(const std::string& topic, int partitions);

 private:
  MockCluster() = default;
  rd_kafka_t* rk_ = nullptr;
  rd_kafka_mock_cluster_t* cluster_ = nullptr;
};

// Asks the cluster at bootstrap.servers for its id (DescribeCluster/Metadata),
// waiting at most timeout_ms. Error text follows Java's: "Failed to connect to
// and describe Kafka cluster. Check worker's broker connection and security
// properties."
util::Result<std::string> LookupClusterId(const std::map<std::string, std::string>& client_props,
                                          int timeout_ms);

}  // namespace kconnect::worker::kafka
