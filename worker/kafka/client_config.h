#pragma once
// Turning Java-style client properties into a librdkafka configuration.
//
// Kafka Connect users write Java client property names (producer.*,
// consumer.*). Most are also librdkafka names; those that exist only in the
// Java client (serializers, max.block.ms, buffer.memory, ...) are skipped with
// a warning instead of failing the task, since they have no librdkafka
// meaning.

#include <librdkafka/rdkafka.h>

#include <map>
#include <memory>
#include <string>

#include "worker/util/result.h"

namespace kconnect::worker::kafka {

using ClientProps = std::map<std::string, std::string>;

struct ConfDeleter {
  void operator()(rd_kafka_conf_t* conf) const { rd_kafka_conf_destroy(conf); }
};
using ConfPtr = std::unique_ptr<rd_kafka_conf_t, ConfDeleter>;

// Builds a librdkafka conf from `props`. Java-only keys are dropped (logged
// once per client at warn); an invalid value for a key librdkafka knows is an
// error naming the key, the value and librdkafka's reason.
util::Result<ConfPtr> MakeConf(const ClientProps& props, const std::string& client_description);

// True if librdkafka does not know this Java client key and it should be ignored.
bool IsJavaOnlyClientKey(const std::string& key);

}  // namespace kconnect::worker::kafka
