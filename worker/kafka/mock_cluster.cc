#include "worker/kafka/mock_cluster.h"

#include "worker/kafka/client_config.h"

namespace kconnect::worker::kafka {

util::Result<std::unique_ptr<MockCluster>> MockCluster::Start(int brokers) {
  std::unique_ptr<MockCluster> mc(new MockCluster());
  char errstr[256];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  // The handle only hosts the mock cluster's thread; it never connects anywhere.
  rd_kafka_conf_set(conf, "bootstrap.servers", "", errstr, sizeof(errstr));
  rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof(errstr));
  mc->rk_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
  if (mc->rk_ == nullptr) {
    rd_kafka_conf_destroy(conf);
    return util::Internal(std::string("Failed to create mock cluster handle: ") + errstr);
  }
  mc->cluster_ = rd_kafka_mock_cluster_new(mc->rk_, brokers);
  if (mc->cluster_ == nullptr) return util::Internal("Failed to start the mock cluster");
  return mc;
}

MockCluster::~MockCluster() {
  if (cluster_ != nullptr) rd_kafka_mock_cluster_destroy(cluster_);
  if (rk_ != nullptr) rd_kafka_destroy(rk_);
}

std::string MockCluster::Bootstraps() const { return rd_kafka_mock_cluster_bootstraps(cluster_); }

util::Result<util::Empty> MockCluster::CreateTopic(const std::string& topic, int partitions) {
  rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(cluster_, topic.c_str(), partitions, 1);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return util::Internal("Failed to create topic " + topic + ": " + rd_kafka_err2str(err));
  }
  return util::Empty{};
}

util::Result<std::string> LookupClusterId(const std::map<std::string, std::string>& client_props,
                                          int timeout_ms) {
  static const char* kFailure =
      "Failed to connect to and describe Kafka cluster. Check worker's broker connection and "
      "security properties.";
  auto conf = MakeConf(client_props, "cluster-id lookup");
  if (!conf) return conf.Error();
  char errstr[256];
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf.Value().get(), errstr, sizeof(errstr));
  if (rk == nullptr) return util::Internal(std::string(kFailure) + " " + errstr);
  (void)conf.Value().release();
  char* id = rd_kafka_clusterid(rk, timeout_ms);
  std::string result;
  if (id != nullptr) {
    result = id;
    rd_kafka_mem_free(rk, id);
  }
  rd_kafka_destroy(rk);
  if (result.empty()) return util::Internal(kFailure);
  return result;
}

}  // namespace kconnect::worker::kafka
