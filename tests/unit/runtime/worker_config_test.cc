// Worker configuration (runtime.md §1.2, §1.3): required keys, defaults and
// Java's error texts for bad values.

#include "worker/runtime/worker_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kconnect/errors.h"

namespace kconnect::worker::runtime {
namespace {

using ::testing::ElementsAre;

Props Minimal() {
  return {{"key.converter", "org.apache.kafka.connect.json.JsonConverter"},
          {"value.converter", "org.apache.kafka.connect.json.JsonConverter"},
          {"offset.storage.file.filename", "/tmp/connect.offsets"}};
}

std::string ErrorOf(const Props& props) {
  try {
    WorkerConfig config(StandaloneConfigDef(), props);
  } catch (const kconnect::ConfigException& e) {
    return e.what();
  }
  return "<no error>";
}

TEST(WorkerConfigTest, MissingConvertersGiveJavasMessage) {
  Props props = Minimal();
  props.erase("key.converter");
  EXPECT_EQ(ErrorOf(props),
            "Missing required configuration \"key.converter\" which has no default value.");
  props = Minimal();
  props.erase("value.converter");
  EXPECT_EQ(ErrorOf(props),
            "Missing required configuration \"value.converter\" which has no default value.");
}

TEST(WorkerConfigTest, StandaloneNeedsAnOffsetsFile) {
  Props props = Minimal();
  props.erase("offset.storage.file.filename");
  EXPECT_EQ(ErrorOf(props),
            "Missing required configuration \"offset.storage.file.filename\" which has no "
            "default value.");
  // The distributed/common definition does not know the key at all.
  EXPECT_NO_THROW(WorkerConfig(WorkerConfigDef(), props));
}

TEST(WorkerConfigTest, Defaults) {
  WorkerConfig config(StandaloneConfigDef(), Minimal());
  EXPECT_EQ(config.BootstrapServers(), "localhost:9092");
  EXPECT_EQ(config.OffsetFlushIntervalMs(), 60000);
  EXPECT_EQ(config.OffsetFlushTimeoutMs(), 5000);
  EXPECT_EQ(config.TaskShutdownTimeoutMs(), 5000);
  EXPECT_THAT(config.Listeners(), ElementsAre("http://:8083"));
  EXPECT_EQ(config.HeaderConverter(), "org.apache.kafka.connect.storage.SimpleHeaderConverter");
  EXPECT_TRUE(config.PluginPath().empty());
  EXPECT_FALSE(config.AdvertisedHost().has_value());
  EXPECT_FALSE(config.AdvertisedPort().has_value());
  EXPECT_EQ(config.OffsetStorageFile(), "/tmp/connect.offsets");
  EXPECT_EQ(config.KeyConverter(), "org.apache.kafka.connect.json.JsonConverter");
  EXPECT_EQ(*config.Config().GetString("connector.client.config.override.policy"), "All");
  EXPECT_TRUE(config.Config().GetBoolean("topic.creation.enable"));
}

TEST(WorkerConfigTest, ValuesAreTrimmedAndListsSplit) {
  Props props = Minimal();
  props["bootstrap.servers"] = " a:1 , b:2 ";
  props["offset.flush.interval.ms"] = " 200 ";
  props["listeners"] = "http://127.0.0.1:0, http://localhost:9999";
  props["plugin.path"] = "/p1,/p2";
  props["rest.advertised.host.name"] = "connect";
  props["rest.advertised.port"] = "8084";
  WorkerConfig config(StandaloneConfigDef(), props);
  EXPECT_EQ(config.BootstrapServers(), "a:1,b:2");
  EXPECT_EQ(config.OffsetFlushIntervalMs(), 200);
  EXPECT_THAT(config.Listeners(), ElementsAre("http://127.0.0.1:0", "http://localhost:9999"));
  EXPECT_THAT(config.PluginPath(), ElementsAre("/p1", "/p2"));
  EXPECT_EQ(config.AdvertisedHost(), "connect");
  EXPECT_EQ(config.AdvertisedPort(), 8084);
  // Originals are kept untouched (producer./consumer. overrides come from them).
  EXPECT_EQ(config.Originals().at("bootstrap.servers"), " a:1 , b:2 ");
}

TEST(WorkerConfigTest, BadValuesNameTheKey) {
  Props props = Minimal();
  props["offset.flush.interval.ms"] = "soon";
  EXPECT_EQ(ErrorOf(props),
            "Invalid value soon for configuration offset.flush.interval.ms: Not a number of type "
            "LONG");
  props = Minimal();
  props["task.shutdown.graceful.timeout.ms"] = "99999999999999999999";
  EXPECT_EQ(ErrorOf(props),
            "Invalid value 99999999999999999999 for configuration "
            "task.shutdown.graceful.timeout.ms: Not a number of type LONG");
  props = Minimal();
  props["rest.advertised.port"] = "http";
  EXPECT_EQ(ErrorOf(props),
            "Invalid value http for configuration rest.advertised.port: Not a number of type INT");
  props = Minimal();
  props["topic.creation.enable"] = "yes";
  EXPECT_EQ(ErrorOf(props),
            "Invalid value yes for configuration topic.creation.enable: Expected value to be "
            "either true or false");
  props = Minimal();
  props["client.dns.lookup"] = "default";
  EXPECT_EQ(ErrorOf(props),
            "Invalid value default for configuration client.dns.lookup: String must be one of: "
            "use_all_dns_ips, resolve_canonical_bootstrap_servers_only");
}

TEST(WorkerConfigTest, TopicTrackingKeysDefaultToTrueAndMustBeBooleans) {
  WorkerConfig defaults(StandaloneConfigDef(), Minimal());
  EXPECT_TRUE(defaults.TopicTrackingEnabled());
  EXPECT_TRUE(defaults.TopicTrackingAllowReset());

  Props props = Minimal();
  props["topic.tracking.enable"] = "FALSE";
  props["topic.tracking.allow.reset"] = "false";
  WorkerConfig off(StandaloneConfigDef(), props);
  EXPECT_FALSE(off.TopicTrackingEnabled());
  EXPECT_FALSE(off.TopicTrackingAllowReset());

  for (const char* key : {"topic.tracking.enable", "topic.tracking.allow.reset"}) {
    props = Minimal();
    props[key] = "1";
    EXPECT_EQ(ErrorOf(props), "Invalid value 1 for configuration " + std::string(key) +
                                  ": Expected value to be either true or false");
  }
}

}  // namespace
}  // namespace kconnect::worker::runtime
