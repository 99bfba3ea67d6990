#include "worker/plugins/plugin_registry.h"

#include <dlfcn.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "kconnect/kconnect.h"
#include "unit/plugins/plugin_test_util.h"

namespace kconnect::worker::plugins {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;
using testing::TempDir;
using testing::TestPlugin;
using testing::TestPluginDir;
using testing::WriteFile;

using Strings = std::vector<std::string>;

bool StartsWith(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}
bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}
// Whether `problems` holds exactly `problem`.
bool HasProblem(const Strings& problems, const std::string& problem) {
  return std::find(problems.begin(), problems.end(), problem) != problems.end();
}

std::string PluginDir(const std::string& name) { return TestPluginDir() + "/" + name; }

// Whether the library at `path` is mapped into this process. RTLD_NOLOAD
// never loads anything; a successful probe takes a reference we give back.
bool IsLoaded(const std::string& path) {
  void* handle = dlopen(path.c_str(), RTLD_LAZY | RTLD_NOLOAD);
  if (handle == nullptr) return false;
  dlclose(handle);
  return true;
}

template <typename T>
std::string ErrorOf(const util::Result<T>& result) {
  return result.Ok() ? std::string("<ok>") : result.Error().message;
}

const PluginInfo* FindInfo(const std::vector<PluginInfo>& plugins, const std::string& class_name,
                           PluginKind kind) {
  for (const PluginInfo& info : plugins) {
    if (info.class_name == class_name && info.kind == kind) return &info;
  }
  return nullptr;
}

class FakeOffsetReader : public OffsetStorageReader {
 public:
  std::optional<OffsetMap> Offset(const OffsetMap& partition) override {
    for (const auto& [p, o] : offsets_) {
      if (p == partition) return o;
    }
    return std::nullopt;
  }
  std::vector<std::pair<OffsetMap, OffsetMap>> Offsets(
      const std::vector<OffsetMap>& /*partitions*/) override {
    return offsets_;
  }
  std::vector<std::pair<OffsetMap, OffsetMap>> offsets_;
};

class FakeSourceTaskContext : public SourceTaskContext {
 public:
  explicit FakeSourceTaskContext(Props configs) : configs_(std::move(configs)) {}
  const Props& Configs() const override { return configs_; }
  OffsetStorageReader& GetOffsetStorageReader() override { return reader_; }
  FakeOffsetReader reader_;

 private:
  Props configs_;
};

// Drives one source task of the good plugin until it has nothing more to
// emit; returns the record values in order.
std::vector<std::string> DrainSourceTask(Task& task, const Props& config,
                                         FakeSourceTaskContext& context) {
  auto* source = dynamic_cast<SourceTask*>(&task);
  if (source == nullptr) {
    ADD_FAILURE() << "not a SourceTask";
    return {};
  }
  source->Initialize(context);
  source->Start(config);
  std::vector<std::string> values;
  for (int polls = 0; polls < 100; ++polls) {
    std::vector<SourceRecord> records = source->Poll();
    if (records.empty()) break;
    for (const SourceRecord& record : records) {
      EXPECT_EQ(record.topic, "numbers");
      values.push_back(record.value.ToJavaString());
    }
  }
  source->Stop();
  return values;
}

TEST(PluginKindTest, NamesRoundTrip) {
  for (PluginKind kind :
       {PluginKind::kSource, PluginKind::kSink, PluginKind::kConverter,
        PluginKind::kHeaderConverter, PluginKind::kTransformation, PluginKind::kPredicate}) {
    EXPECT_EQ(ParsePluginKind(PluginKindName(kind)), kind);
  }
  EXPECT_STREQ(PluginKindName(PluginKind::kHeaderConverter), "header_converter");
  EXPECT_EQ(ParsePluginKind("Source"), std::nullopt);
}

TEST(PluginRegistryTest, ScansTheGoodPlugin) {
  PluginRegistry registry;
  registry.ScanPluginPath({PluginDir("good")});
  EXPECT_TRUE(registry.Problems().empty()) << ::testing::PrintToString(registry.Problems());

  std::vector<PluginInfo> plugins = registry.Plugins();
  ASSERT_EQ(plugins.size(), 4u);
  // Sinks, sources, then the other kinds.
  EXPECT_EQ(plugins[0].class_name, "com.example.test.GoodSinkConnector");
  EXPECT_EQ(plugins[0].kind, PluginKind::kSink);
  EXPECT_EQ(plugins[1].class_name, "com.example.test.GoodSourceConnector");
  EXPECT_EQ(plugins[2].class_name, "com.example.test.GoodTransformation");
  EXPECT_EQ(plugins[3].class_name, "com.example.test.GoodPredicate");
  const std::string location = fs::canonical(TestPlugin("good")).string();
  for (const PluginInfo& info : plugins) {
    EXPECT_EQ(info.version, "1.0.0");
    EXPECT_EQ(fs::canonical(info.location).string(), location);
    EXPECT_TRUE(fs::path(info.location).is_absolute());
  }
  EXPECT_EQ(plugins[0].aliases, (Strings{"GoodSinkConnector", "GoodSink", "test-sink"}));
  EXPECT_EQ(plugins[1].aliases, (Strings{"GoodSourceConnector", "GoodSource"}));
  // GoodTransformation and GoodPredicate both prune to "Good": dropped for both.
  EXPECT_EQ(plugins[2].aliases, (Strings{"GoodTransformation"}));
  EXPECT_EQ(plugins[3].aliases, (Strings{"GoodPredicate"}));
  EXPECT_TRUE(IsLoaded(TestPlugin("good")));
}

TEST(PluginRegistryTest, ConnectorsResolveByClassNameAndAliases) {
  PluginRegistry registry;
  registry.ScanPluginPath({PluginDir("good")});
  for (const char* name :
       {"com.example.test.GoodSourceConnector", "GoodSourceConnector", "GoodSource"}) {
    util::Result<std::unique_ptr<Connector>> connector = registry.NewConnector(name);
    ASSERT_TRUE(connector.Ok()) << name << ": " << ErrorOf(connector);
    EXPECT_EQ(connector.Value()->Version(), "1.0.0");
    EXPECT_NE(dynamic_cast<SourceConnector*>(connector.Value().get()), nullptr);
    EXPECT_EQ(connector.Value()->TaskClass(), "com.example.test.GoodSourceTask");
  }
  for (const char* name :
       {"com.example.test.GoodSinkConnector", "GoodSinkConnector", "GoodSink", "test-sink"}) {
    util::Result<PluginInfo> info = registry.ResolveConnector(name);
    ASSERT_TRUE(info.Ok()) << name << ": " << ErrorOf(info);
    EXPECT_EQ(info.Value().class_name, "com.example.test.GoodSinkConnector");
    EXPECT_EQ(info.Value().kind, PluginKind::kSink);
    util::Result<std::unique_ptr<Connector>> connector = registry.NewConnector(name);
    ASSERT_TRUE(connector.Ok()) << ErrorOf(connector);
    EXPECT_NE(dynamic_cast<SinkConnector*>(connector.Value().get()), nullptr);
  }
}

TEST(PluginRegistryTest, UnknownConnectorListsTheAvailableOnes) {
  PluginRegistry registry;
  registry.ScanPluginPath({PluginDir("good")});
  util::Result<std::unique_ptr<Connector>> connector = registry.NewConnector("NoSuchConnector");
  ASSERT_FALSE(connector.Ok());
  EXPECT_EQ(connector.Error().status, 500);
  const std::string location = fs::absolute(TestPlugin("good")).lexically_normal().string();
  EXPECT_EQ(connector.Error().message,
            "Failed to find any class that implements Connector and which name matches "
            "NoSuchConnector, available connectors are: "
            "PluginDesc{klass=class com.example.test.GoodSinkConnector, "
            "name='com.example.test.GoodSinkConnector', version='1.0.0', encodedVersion=1.0.0, "
            "type=sink, typeName='sink', location='file:" +
                location +
                "'}, PluginDesc{klass=class com.example.test.GoodSourceConnector, "
                "name='com.example.test.GoodSourceConnector', version='1.0.0', "
                "encodedVersion=1.0.0, type=source, typeName='source', location='file:" +
                location + "'}");
  // A transformation is no connector.
  util::Result<PluginInfo> transformation =
      registry.ResolveConnector("com.example.test.GoodTransformation");
  ASSERT_FALSE(transformation.Ok());
  EXPECT_TRUE(StartsWith(transformation.Error().message,
                         "Failed to find any class that implements Connector and which name "
                         "matches com.example.test.GoodTransformation, available connectors are: "))
      << transformation.Error().message;
}

TEST(PluginRegistryTest, OtherKindsResolveAndWork) {
  PluginRegistry registry;
  registry.ScanPluginPath({PluginDir("good")});

  util::Result<std::unique_ptr<Transformation>> transformation =
      registry.NewTransformation("GoodTransformation");
  ASSERT_TRUE(transformation.Ok()) << ErrorOf(transformation);
  transformation.Value()->Configure({{"suffix", "?"}});
  ConnectRecord record;
  record.value = Value("hello");
  EXPECT_TRUE(transformation.Value()->Apply(record));
  EXPECT_EQ(record.value, Value("hello?"));

  util::Result<std::unique_ptr<Predicate>> predicate =
      registry.NewPredicate("com.example.test.GoodPredicate");
  ASSERT_TRUE(predicate.Ok()) << ErrorOf(predicate);
  predicate.Value()->Configure({{"prefix", "he"}});
  EXPECT_TRUE(predicate.Value()->Test(record));
  record.value = Value("world");
  EXPECT_FALSE(predicate.Value()->Test(record));

  // "Good" was ambiguous (transformation and predicate) and is no alias.
  util::Result<std::unique_ptr<Transformation>> ambiguous = registry.NewTransformation("Good");
  ASSERT_FALSE(ambiguous.Ok());
  EXPECT_EQ(ambiguous.Error().message, "Class Good could not be found.");
  EXPECT_EQ(ambiguous.Error().status, 400);

  util::Result<std::unique_ptr<Converter>> missing = registry.NewConverter("com.example.Missing");
  ASSERT_FALSE(missing.Ok());
  EXPECT_EQ(missing.Error().message, "Class com.example.Missing could not be found.");

  util::Result<std::unique_ptr<Converter>> wrong_kind = registry.NewConverter("GoodSource");
  ASSERT_FALSE(wrong_kind.Ok());
  EXPECT_EQ(wrong_kind.Error().message, "Requested class: GoodSource does not extend Converter");

  util::Result<PluginInfo> info = registry.Resolve(PluginKind::kPredicate, "GoodPredicate");
  ASSERT_TRUE(info.Ok()) << ErrorOf(info);
  EXPECT_EQ(info.Value().class_name, "com.example.test.GoodPredicate");
}

TEST(PluginRegistryTest, SourceTasksEmitTheNumberedRecords) {
  PluginRegistry registry;
  registry.ScanPluginPath({PluginDir("good")});
  util::Result<std::unique_ptr<Connector>> connector = registry.NewConnector("GoodSource");
  ASSERT_TRUE(connector.Ok()) << ErrorOf(connector);
  connector.Value()->Start({{"topic", "numbers"}, {"count", "5"}, {"poll.idle.ms", "0"}});
  std::vector<Props> configs = connector.Value()->TaskConfigs(2);
  ASSERT_EQ(configs.size(), 2u);

  FakeSourceTaskContext context0(configs[0]);
  std::unique_ptr<Task> task0 = connector.Value()->CreateTask();
  EXPECT_EQ(DrainSourceTask(*task0, configs[0], context0),
            (Strings{"record-0", "record-2", "record-4"}));

  FakeSourceTaskContext context1(configs[1]);
  std::unique_ptr<Task> task1 = connector.Value()->CreateTask();
  EXPECT_EQ(task1->Version(), "1.0.0");
  EXPECT_EQ(DrainSourceTask(*task1, configs[1], context1), (Strings{"record-1", "record-3"}));

  // A restarted task resumes after its committed offset.
  FakeSourceTaskContext resumed(configs[0]);
  resumed.reader_.offsets_.push_back(
      {OffsetMap{{"task", Value(int32_t{0})}}, OffsetMap{{"next", Value(int64_t{4})}}});
  std::unique_ptr<Task> task2 = connector.Value()->CreateTask();
  EXPECT_EQ(DrainSourceTask(*task2, configs[0], resumed), (Strings{"record-4"}));
  connector.Value()->Stop();
}

TEST(PluginRegistryTest, SinkTaskWritesWhatItReceives) {
  TempDir dir;
  PluginRegistry registry;
  registry.ScanPluginPath({PluginDir("good")});
  util::Result<std::unique_ptr<Connector>> connector = registry.NewConnector("GoodSink");
  ASSERT_TRUE(connector.Ok()) << ErrorOf(connector);
  connector.Value()->Start({{"out.file", dir.File("out.txt")}, {"topics", "numbers"}});
  std::vector<Props> configs = connector.Value()->TaskConfigs(1);
  ASSERT_EQ(configs.size(), 1u);
  std::unique_ptr<Task> task = connector.Value()->CreateTask();
  auto* sink = dynamic_cast<SinkTask*>(task.get());
  ASSERT_NE(sink, nullptr);
  sink->Start(configs[0]);
  std::vector<SinkRecord> batch(2);
  batch[0].value = Value("first");
  batch[1].value = Value("second");
  sink->Put(batch);
  std::vector<SinkRecord> empty;
  sink->Put(empty);
  sink->Stop();
  EXPECT_EQ(ReadFile(dir.File("out.txt")), "first\nsecond\n");
}

TEST(PluginRegistryTest, GoodPluginFailureSwitches) {
  // The switches runtime tests use to make connectors and tasks fail.
  TempDir dir;
  PluginRegistry registry;
  registry.ScanPluginPath({PluginDir("good")});
  util::Result<std::unique_ptr<Connector>> failing = registry.NewConnector("GoodSource");
  ASSERT_TRUE(failing.Ok()) << ErrorOf(failing);
  EXPECT_THROW(failing.Value()->Start({{"topic", "numbers"}, {"fail.on.start", "true"}}),
               ConnectException);
  util::Result<std::unique_ptr<Connector>> failing_sink = registry.NewConnector("GoodSink");
  ASSERT_TRUE(failing_sink.Ok()) << ErrorOf(failing_sink);
  EXPECT_THROW(
      failing_sink.Value()->Start({{"out.file", dir.File("x")}, {"fail.on.start", "true"}}),
      ConnectException);
  // Missing required config is the SDK's ConfigException.
  EXPECT_THROW(failing_sink.Value()->Start({}), ConfigException);

  util::Result<std::unique_ptr<Connector>> source = registry.NewConnector("GoodSource");
  ASSERT_TRUE(source.Ok());
  source.Value()->Start({{"topic", "numbers"}, {"task.fail.after", "3"}, {"batch.size", "2"}});
  Props config = source.Value()->TaskConfigs(1).at(0);
  std::unique_ptr<Task> task = source.Value()->CreateTask();
  auto* source_task = dynamic_cast<SourceTask*>(task.get());
  ASSERT_NE(source_task, nullptr);
  FakeSourceTaskContext context(config);
  source_task->Initialize(context);
  source_task->Start(config);
  EXPECT_EQ(source_task->Poll().size(), 2u);
  EXPECT_EQ(source_task->Poll().size(), 1u);
  EXPECT_THROW(source_task->Poll(), ConnectException);

  util::Result<std::unique_ptr<Connector>> sink = registry.NewConnector("GoodSink");
  ASSERT_TRUE(sink.Ok());
  sink.Value()->Start({{"out.file", dir.File("out.txt")},
                       {"out.include.metadata", "true"},
                       {"task.fail.after", "2"}});
  std::unique_ptr<Task> sink_task_owner = sink.Value()->CreateTask();
  auto* sink_task = dynamic_cast<SinkTask*>(sink_task_owner.get());
  ASSERT_NE(sink_task, nullptr);
  sink_task->Start(sink.Value()->TaskConfigs(1).at(0));
  std::vector<SinkRecord> batch(2);
  batch[0].topic = "t";
  batch[0].kafka_partition = 1;
  batch[0].kafka_offset = 7;
  batch[0].key = Value("k");
  batch[0].value = Value("v");
  batch[1] = batch[0];
  batch[1].kafka_offset = 8;
  sink_task->Put(batch);
  std::vector<SinkRecord> one_more(1);
  EXPECT_THROW(sink_task->Put(one_more), ConnectException);
  sink_task->Stop();
  EXPECT_EQ(ReadFile(dir.File("out.txt")), "t\t1\t7\tk\tv\nt\t1\t8\tk\tv\n");
}

TEST(PluginRegistryTest, JavaFallbackAndAmbiguousAliases) {
  PluginRegistry registry;
  registry.ScanPluginPath({PluginDir("dupalias")});
  EXPECT_TRUE(registry.Problems().empty()) << ::testing::PrintToString(registry.Problems());

  // "Bar" is claimed by BarConnector (pruned) and the transformation Bar, so
  // it is no alias; the connector fallback X + "Connector" still finds it.
  util::Result<std::unique_ptr<Transformation>> bar_transformation =
      registry.NewTransformation("Bar");
  EXPECT_FALSE(bar_transformation.Ok());
  util::Result<std::unique_ptr<Connector>> bar = registry.NewConnector("Bar");
  ASSERT_TRUE(bar.Ok()) << ErrorOf(bar);
  EXPECT_EQ(bar.Value()->Version(), "0.1.0");
  util::Result<PluginInfo> bar_info = registry.ResolveConnector("Bar");
  ASSERT_TRUE(bar_info.Ok());
  EXPECT_EQ(bar_info.Value().class_name, "com.example.dup.BarConnector");

  // Two FooConnectors: every alias of theirs is dropped, the fallback is
  // ambiguous, and only the full class names work.
  util::Result<std::unique_ptr<Connector>> foo = registry.NewConnector("Foo");
  ASSERT_FALSE(foo.Ok());
  const std::string& foo_error = foo.Error().message;
  EXPECT_TRUE(StartsWith(foo_error,
                         "More than one connector matches alias Foo. Please use full package and "
                         "class name instead. Classes found: PluginDesc{"))
      << foo_error;
  EXPECT_TRUE(Contains(foo_error, "name='com.example.a.FooConnector'")) << foo_error;
  EXPECT_TRUE(Contains(foo_error, "name='com.example.b.FooConnector'")) << foo_error;
  EXPECT_FALSE(Contains(foo_error, "BarConnector")) << foo_error;
  EXPECT_FALSE(registry.NewConnector("FooConnector").Ok());
  EXPECT_FALSE(registry.NewConnector("shared-alias").Ok());
  util::Result<std::unique_ptr<Connector>> a = registry.NewConnector("com.example.a.FooConnector");
  ASSERT_TRUE(a.Ok()) << ErrorOf(a);
  EXPECT_NE(dynamic_cast<SourceConnector*>(a.Value().get()), nullptr);
  util::Result<std::unique_ptr<Connector>> b = registry.NewConnector("com.example.b.FooConnector");
  ASSERT_TRUE(b.Ok()) << ErrorOf(b);
  EXPECT_NE(dynamic_cast<SinkConnector*>(b.Value().get()), nullptr);

  std::vector<PluginInfo> plugins = registry.Plugins();
  const PluginInfo* a_info = FindInfo(plugins, "com.example.a.FooConnector", PluginKind::kSource);
  ASSERT_NE(a_info, nullptr);
  EXPECT_TRUE(a_info->aliases.empty()) << ::testing::PrintToString(a_info->aliases);
  const PluginInfo* bar_connector =
      FindInfo(plugins, "com.example.dup.BarConnector", PluginKind::kSource);
  ASSERT_NE(bar_connector, nullptr);
  EXPECT_EQ(bar_connector->aliases, (Strings{"BarConnector"}));
}

TEST(PluginRegistryTest, AllTestPluginsTogether) {
  PluginRegistry registry;
  registry.ScanPluginPath({TestPluginDir()});
  auto file = [](const std::string& name) {
    return fs::absolute(TestPlugin(name)).lexically_normal().string();
  };
  const Strings& problems = registry.Problems();
  const std::string all = ::testing::PrintToString(problems);
  EXPECT_TRUE(HasProblem(
      problems, file("wrongabi") + ": plugin ABI version 999 does not match the worker's 1"))
      << all;
  EXPECT_TRUE(HasProblem(problems, file("wrongtoolchain") +
                                       ": plugin toolchain tag 'other-toolchain' does not match "
                                       "the worker's '" KCONNECT_TOOLCHAIN_TAG "'"))
      << all;
  EXPECT_TRUE(HasProblem(problems, file("nomanifest") +
                                       ": no kconnect manifest (section .kconnect_manifest "
                                       "missing)"))
      << all;
  EXPECT_TRUE(HasProblem(problems, file("notalib") + ": not a shared library (bad ELF magic)"))
      << all;
  EXPECT_TRUE(std::any_of(problems.begin(), problems.end(), [&](const std::string& p) {
    return StartsWith(p, file("missingsymbol") + ": cannot load library: ") &&
           Contains(p, "undefined symbol: kconnect_test_function_that_does_not_exist");
  })) << all;
  // dupalias/ sorts before good/, so its copy of GoodTransformation wins.
  EXPECT_TRUE(HasProblem(problems, file("good") +
                                       ": transformation com.example.test.GoodTransformation is "
                                       "already provided by " +
                                       file("dupalias") + "; the later one is ignored"))
      << all;
  EXPECT_EQ(problems.size(), 6u) << all;

  // Refused before loading: none of their code ever ran.
  EXPECT_FALSE(IsLoaded(file("wrongabi")));
  EXPECT_FALSE(IsLoaded(file("wrongtoolchain")));
  EXPECT_FALSE(IsLoaded(file("nomanifest")));
  for (const char* refused : {"com.example.test.WrongAbiSourceConnector",
                              "com.example.test.WrongToolchainSourceConnector",
                              "com.example.test.NoManifestSourceConnector",
                              "com.example.test.MissingSymbolSourceConnector"}) {
    EXPECT_FALSE(registry.ResolveConnector(refused).Ok()) << refused;
  }

  // The good ones are all there.
  for (const char* name :
       {"GoodSource", "GoodSink", "test-sink", "Bar", "com.example.test.ThrowingSourceConnector"}) {
    EXPECT_TRUE(registry.ResolveConnector(name).Ok()) << name;
  }
  util::Result<std::unique_ptr<Connector>> source = registry.NewConnector("GoodSourceConnector");
  ASSERT_TRUE(source.Ok()) << ErrorOf(source);
  EXPECT_EQ(source.Value()->Version(), "1.0.0");
  util::Result<PluginInfo> transformation =
      registry.Resolve(PluginKind::kTransformation, "GoodTransformation");
  ASSERT_TRUE(transformation.Ok()) << ErrorOf(transformation);
  EXPECT_EQ(transformation.Value().version, "0.0.0-duplicate");
}

TEST(PluginRegistryTest, ThrowingFactoryIsAnErrorAndTheWorkerCarriesOn) {
  PluginRegistry registry;
  registry.ScanPluginPath({PluginDir("throwing"), PluginDir("good")});
  EXPECT_TRUE(registry.Problems().empty()) << ::testing::PrintToString(registry.Problems());
  util::Result<std::unique_ptr<Connector>> connector = registry.NewConnector("ThrowingSource");
  ASSERT_FALSE(connector.Ok());
  EXPECT_EQ(connector.Error().status, 500);
  EXPECT_EQ(connector.Error().message,
            "Instantiation error: cannot create source com.example.test.ThrowingSourceConnector: "
            "ThrowingSourceConnector always fails in its constructor");
  EXPECT_TRUE(registry.NewConnector("GoodSource").Ok());
}

TEST(PluginRegistryTest, MissingAndUnreadablePathsAreReportedNotFatal) {
  TempDir dir;
  const std::string missing = dir.File("does-not-exist");
  const std::string locked = dir.File("locked");
  fs::create_directory(locked);
  fs::copy_file(TestPlugin("good"), locked + "/good.so");
  ASSERT_EQ(::chmod(locked.c_str(), 0), 0);

  PluginRegistry registry;
  registry.ScanPluginPath({missing, dir.Path(), PluginDir("good")});
  EXPECT_TRUE(HasProblem(registry.Problems(),
                         missing + ": cannot read plugin path entry (No such file or directory); "
                                   "ignoring it"))
      << ::testing::PrintToString(registry.Problems());
  // The scan carried on to the next entry.
  EXPECT_TRUE(registry.NewConnector("GoodSource").Ok());

  if (::access(locked.c_str(), R_OK) == 0) {
    GTEST_SKIP() << "running with privileges that can read a mode-000 directory";
  }
  EXPECT_TRUE(
      HasProblem(registry.Problems(),
                 locked + ": cannot list plugin directory (Permission denied); ignoring it"))
      << ::testing::PrintToString(registry.Problems());
  EXPECT_EQ(registry.Problems().size(), 2u) << ::testing::PrintToString(registry.Problems());
}

TEST(PluginRegistryTest, SymlinkLoopIsReportedNotFatal) {
  // Unlike a mode-000 directory, this fails for root too.
  TempDir dir;
  const std::string loop = dir.File("loop");
  fs::create_symlink(loop, loop);
  PluginRegistry registry;
  registry.ScanPluginPath({loop, PluginDir("good")});
  EXPECT_EQ(registry.Problems(),
            (Strings{loop + ": cannot read plugin path entry (Too many levels of symbolic links); "
                            "ignoring it"}));
  EXPECT_TRUE(registry.NewConnector("GoodSource").Ok());
}

TEST(PluginRegistryTest, FilesDirectoriesAndOneLevelOfSubdirectories) {
  TempDir dir;
  fs::create_directories(dir.File("one/two"));
  fs::copy_file(TestPlugin("good"), dir.File("one/good.so"));
  fs::copy_file(TestPlugin("throwing"), dir.File("one/two/throwing.so"));
  fs::copy_file(TestPlugin("dupalias"), dir.File("dupalias.so.disabled"));
  WriteFile(dir.File("README"), "not a plugin");

  PluginRegistry registry;
  registry.ScanPluginPath({dir.Path()});
  EXPECT_TRUE(registry.Problems().empty()) << ::testing::PrintToString(registry.Problems());
  EXPECT_TRUE(registry.ResolveConnector("GoodSource").Ok());
  // Two levels down, and files not named *.so, are not scanned.
  EXPECT_FALSE(registry.ResolveConnector("ThrowingSource").Ok());
  EXPECT_FALSE(registry.ResolveConnector("Bar").Ok());

  // A library named directly, and the same library again through another
  // entry, are scanned once.
  PluginRegistry direct;
  direct.ScanPluginPath({TestPlugin("good"), PluginDir("good"), TestPlugin("good")});
  EXPECT_TRUE(direct.Problems().empty()) << ::testing::PrintToString(direct.Problems());
  EXPECT_EQ(direct.Plugins().size(), 4u);
  // A file named directly is checked whatever its name.
  PluginRegistry odd;
  odd.ScanPluginPath({dir.File("README")});
  EXPECT_EQ(odd.Problems(), (Strings{fs::absolute(dir.File("README")).string() +
                                     ": not a shared library (bad ELF magic)"}));
}

class TestConverter : public Converter {
 public:
  static std::atomic<int> instances;
  TestConverter() { ++instances; }
  void Configure(const Props& /*configs*/, bool /*is_key*/) override {}
  std::optional<std::string> FromConnectData(const std::string& /*topic*/,
                                             const Headers* /*headers*/,
                                             const SchemaPtr& /*schema*/,
                                             const Value& value) override {
    return value.ToJavaString();
  }
  SchemaAndValue ToConnectData(const std::string& /*topic*/, const Headers* /*headers*/,
                               std::optional<std::string_view> data) override {
    SchemaAndValue out;
    if (data) out.value = Value(std::string(*data));
    return out;
  }
};
std::atomic<int> TestConverter::instances{0};

TEST(PluginRegistryTest, BuiltinsLiveAlongsidePlugins) {
  PluginRegistry registry;
  registry.RegisterBuiltin(PluginKind::kConverter,
                           "org.apache.kafka.connect.storage.StringConverter", "3.9.0",
                           [] { return static_cast<Converter*>(new TestConverter()); });
  registry.RegisterBuiltin(PluginKind::kConverter, "com.example.NullConverter", "1",
                           [] { return nullptr; });
  registry.RegisterBuiltin(PluginKind::kConverter, "com.example.BrokenConverter", "1",
                           []() -> void* { throw std::runtime_error("no converter today"); });
  registry.RegisterBuiltin(PluginKind::kConverter,
                           "org.apache.kafka.connect.storage.StringConverter", "0.0.1",
                           [] { return nullptr; });
  registry.ScanPluginPath({PluginDir("good")});
  EXPECT_EQ(registry.Problems(),
            (Strings{"builtin: converter org.apache.kafka.connect.storage.StringConverter is "
                     "already provided by builtin; the later one is ignored"}));

  const int before = TestConverter::instances;
  for (const char* name :
       {"org.apache.kafka.connect.storage.StringConverter", "StringConverter", "String"}) {
    util::Result<std::unique_ptr<Converter>> converter = registry.NewConverter(name);
    ASSERT_TRUE(converter.Ok()) << name << ": " << ErrorOf(converter);
    EXPECT_EQ(converter.Value()->FromConnectData("t", nullptr, nullptr, Value("x")), "x");
  }
  EXPECT_EQ(TestConverter::instances - before, 3);

  util::Result<std::unique_ptr<Converter>> null = registry.NewConverter("NullConverter");
  ASSERT_FALSE(null.Ok());
  EXPECT_TRUE(StartsWith(null.Error().message,
                         "Instantiation error: cannot create converter com.example.NullConverter: "
                         "the plugin's factory returned no instance"))
      << null.Error().message;
  util::Result<std::unique_ptr<Converter>> broken = registry.NewConverter("Broken");
  ASSERT_FALSE(broken.Ok());
  EXPECT_EQ(broken.Error().message,
            "Instantiation error: cannot create converter com.example.BrokenConverter: "
            "no converter today");

  std::vector<PluginInfo> plugins = registry.Plugins();
  std::vector<std::string> order;
  for (const PluginInfo& info : plugins) order.push_back(info.class_name);
  EXPECT_EQ(order,
            (Strings{"com.example.test.GoodSinkConnector", "com.example.test.GoodSourceConnector",
                     "com.example.BrokenConverter", "com.example.NullConverter",
                     "org.apache.kafka.connect.storage.StringConverter",
                     "com.example.test.GoodTransformation", "com.example.test.GoodPredicate"}));
  const PluginInfo* string_converter =
      FindInfo(plugins, "org.apache.kafka.connect.storage.StringConverter", PluginKind::kConverter);
  ASSERT_NE(string_converter, nullptr);
  EXPECT_EQ(string_converter->location, "builtin");
  EXPECT_EQ(string_converter->version, "3.9.0");
  EXPECT_EQ(string_converter->aliases, (Strings{"StringConverter", "String"}));
}

TEST(PluginRegistryTest, SameClassUnderTwoKindsKeepsItsAliases) {
  // Java's StringConverter is both a Converter and a HeaderConverter; that is
  // one class, so its aliases are not ambiguous.
  PluginRegistry registry;
  registry.RegisterBuiltin(PluginKind::kConverter, "x.StringConverter", "1",
                           [] { return static_cast<Converter*>(new TestConverter()); });
  registry.RegisterBuiltin(PluginKind::kHeaderConverter, "x.StringConverter", "1",
                           [] { return nullptr; });
  EXPECT_TRUE(registry.Problems().empty()) << ::testing::PrintToString(registry.Problems());
  EXPECT_TRUE(registry.NewConverter("StringConverter").Ok());
  EXPECT_TRUE(registry.NewConverter("String").Ok());
  util::Result<PluginInfo> header =
      registry.Resolve(PluginKind::kHeaderConverter, "StringConverter");
  ASSERT_TRUE(header.Ok()) << ErrorOf(header);
  EXPECT_EQ(header.Value().kind, PluginKind::kHeaderConverter);
}

TEST(PluginRegistryTest, ConcurrentLookups) {
  PluginRegistry registry;
  registry.ScanPluginPath({PluginDir("good")});
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        if (!registry.NewConnector(i % 2 == 0 ? "GoodSource" : "GoodSink").Ok()) ++failures;
        if (registry.Plugins().size() != 4u) ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures, 0);
}

}  // namespace
}  // namespace kconnect::worker::plugins
