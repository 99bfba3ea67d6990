// The example connector, built out of tree against the installed SDK by the
// e2e_example_plugin_builds test, dropped into plugin.path of the real
// connect-standalone binary: its records reach Kafka.

#include <gtest/gtest.h>

#include <filesystem>

#include "../e2e/process_util.h"
#include "standalone_harness.h"

namespace {

TEST(ExamplePluginE2E, OutOfTreePluginRunsInWorker) {
  const std::string module_dir = KC_BINARY_DIR "/tests/e2e_example_plugin/build";
  ASSERT_TRUE(std::filesystem::exists(module_dir + "/kconnect-example-counter.so"))
      << "run the e2e_example_plugin_builds test first";
  kctest::TempDir dir;
  auto mock = kctest::StartMock();
  ASSERT_NE(mock, nullptr);
  ASSERT_TRUE(mock->CreateTopic("counter", 1).Ok());
  kctest::WriteFile(dir.Path("worker.properties"),
                    "bootstrap.servers=" + mock->Bootstraps() +
                        "\nkey.converter=org.apache.kafka.connect.json.JsonConverter\n"
                        "value.converter=org.apache.kafka.connect.json.JsonConverter\n"
                        "value.converter.schemas.enable=false\n"
                        "offset.storage.file.filename=" + dir.Path("offsets") +
                        "\nlisteners=http://127.0.0.1:0\nplugin.path=" + module_dir + "\n");
  kctest::WriteFile(dir.Path("counter.properties"),
                    "name=counter\nconnector.class=CounterSource\ntopic=counter\n"
                    "interval.ms=0\nmax.count=50\n");
  kctest::Process p({kctest::StandaloneBinary(), dir.Path("worker.properties"),
                     dir.Path("counter.properties")},
                    dir.Path("worker.log"));
  ASSERT_GT(p.WaitForRestPort(), 0) << p.Log();
  auto values = kctest::ConsumeValues(mock->Bootstraps(), "counter", 50);
  ASSERT_EQ(values.size(), 50u) << p.Log();
  for (int i = 0; i < 50; ++i) EXPECT_EQ(values[static_cast<size_t>(i)], std::to_string(i));
  auto status = kctest::Http(p.WaitForRestPort(), "GET", "/connectors/counter/status");
  EXPECT_EQ(status.status, 200);
  EXPECT_NE(status.body.find("\"RUNNING\""), std::string::npos) << status.body;
  p.Signal(SIGTERM);
  EXPECT_EQ(p.Wait(), 0) << p.Log();
}

}  // namespace
