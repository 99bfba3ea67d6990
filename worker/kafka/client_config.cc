#include "worker/kafka/client_config.h"

#include <spdlog/spdlog.h>

#include <set>

namespace kconnect::worker::kafka {

bool IsJavaOnlyClientKey(const std::string& key) {
  static const std::set<std::string> kJavaOnly = {
      "key.serializer",       "value.serializer",       "key.deserializer",
      "value.deserializer",   "max.block.ms",           "buffer.memory",
      "client.dns.lookup",    "metadata.max.idle.ms",   "default.api.timeout.ms",
      "interceptor.classes",  "metric.reporters",       "metrics.num.samples",
      "metrics.recording.level", "metrics.sample.window.ms", "retry.backoff.max.ms",
      "partitioner.class",    "partitioner.ignore.keys", "partitioner.adaptive.partitioning.enable",
      "partitioner.availability.timeout.ms", "auto.include.jmx.reporter",
      "security.providers",   "ssl.engine.factory.class", "sasl.client.callback.handler.class",
      "sasl.login.callback.handler.class", "sasl.login.class", "exclude.internal.topics",
      "allow.auto.create.topics", "metadata.recovery.strategy", "enable.metrics.push",
  };
  return kJavaOnly.count(key) > 0;
}

util::Result<ConfPtr> MakeConf(const ClientProps& props, const std::string& client_description) {
  ConfPtr conf(rd_kafka_conf_new());
  char errstr[512];
  for (const auto& [key, value] : props) {
    if (IsJavaOnlyClientKey(key)) {
      spdlog::debug("{}: ignoring Java client setting '{}' (no librdkafka equivalent)",
                    client_description, key);
      continue;
    }
    rd_kafka_conf_res_t res = rd_kafka_conf_set(conf.get(), key.c_str(), value.c_str(), errstr,
                                                sizeof(errstr));
    if (res == RD_KAFKA_CONF_UNKNOWN) {
      spdlog::warn("{}: ignoring unknown client setting '{}'", client_description, key);
      continue;
    }
    if (res != RD_KAFKA_CONF_OK) {
      return util::BadRequest("Invalid value " + value + " for configuration " + key + ": " +
                              errstr);
    }
  }
  return conf;
}

}  // namespace kconnect::worker::kafka
