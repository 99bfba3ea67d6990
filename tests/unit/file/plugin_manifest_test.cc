// The plugin declaration compiled into kconnect-file.so: the manifest the
// worker reads before loading, and the factory it calls afterwards.

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>

#include "kconnect/plugin.h"

extern "C" const kconnect_manifest_t kconnect_manifest;
extern "C" void* kconnect_create(const char* class_name, const char* kind);

namespace kconnect::file {
namespace {

TEST(FilePluginManifestTest, DeclaresBothConnectors) {
  EXPECT_STREQ(kconnect_manifest.magic, KCONNECT_MANIFEST_MAGIC);
  EXPECT_EQ(kconnect_manifest.abi_version, static_cast<uint32_t>(KCONNECT_ABI_VERSION));
  EXPECT_STREQ(kconnect_manifest.toolchain, KCONNECT_TOOLCHAIN_TAG);
  ASSERT_EQ(kconnect_manifest.entry_count, 2u);
  EXPECT_STREQ(kconnect_manifest.entries[0].kind, "source");
  EXPECT_STREQ(kconnect_manifest.entries[0].class_name,
               "org.apache.kafka.connect.file.FileStreamSourceConnector");
  EXPECT_STREQ(kconnect_manifest.entries[0].version, "3.9.0");
  EXPECT_STREQ(kconnect_manifest.entries[1].kind, "sink");
  EXPECT_STREQ(kconnect_manifest.entries[1].class_name,
               "org.apache.kafka.connect.file.FileStreamSinkConnector");
  EXPECT_STREQ(kconnect_manifest.entries[1].version, "3.9.0");
}

TEST(FilePluginManifestTest, FactoryCreatesDeclaredClassesOnly) {
  std::unique_ptr<Connector> source(static_cast<Connector*>(
      kconnect_create("org.apache.kafka.connect.file.FileStreamSourceConnector", "source")));
  ASSERT_NE(source, nullptr);
  EXPECT_NE(dynamic_cast<SourceConnector*>(source.get()), nullptr);
  EXPECT_EQ(source->TaskClass(), "org.apache.kafka.connect.file.FileStreamSourceTask");

  std::unique_ptr<Connector> sink(static_cast<Connector*>(
      kconnect_create("org.apache.kafka.connect.file.FileStreamSinkConnector", "sink")));
  ASSERT_NE(sink, nullptr);
  EXPECT_NE(dynamic_cast<SinkConnector*>(sink.get()), nullptr);

  EXPECT_EQ(kconnect_create("org.apache.kafka.connect.file.FileStreamSinkConnector", "source"),
            nullptr);
  EXPECT_EQ(kconnect_create("FileStreamSource", "source"), nullptr);
}

}  // namespace
}  // namespace kconnect::file
