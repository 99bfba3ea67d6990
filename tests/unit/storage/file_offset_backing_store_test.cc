#include "worker/storage/file_offset_backing_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>

#include "offset_store_test_util.h"

namespace kconnect::worker::storage {
namespace {

using Entries = std::vector<std::pair<std::string, std::optional<std::string>>>;
namespace fs = std::filesystem;

// True when `text` contains `part`; the failure message shows both.
::testing::AssertionResult Contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "\"" << text << "\" does not contain \"" << part << "\"";
}

const std::string kKey = R"(["local-file-source",{"filename":"test.txt"}])";
const std::string kOtherKey = R"(["local-file-source",{"filename":"other.txt"}])";
const std::string kValue = R"({"position":75})";

class FileOffsetBackingStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/kc_offsets_test_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    path_ = dir_ + "/connect.offsets";
  }
  void TearDown() override { fs::remove_all(dir_); }

  void WriteRaw(const std::string& bytes) {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out << bytes;
  }
  std::string ReadRaw() {
    std::ifstream in(path_, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
  }
  // Start()s a fresh store on path_ and returns the exception text, or "" if
  // it started.
  std::string StartError() {
    FileOffsetBackingStore store(path_);
    try {
      store.Start();
    } catch (const std::runtime_error& e) {
      return e.what();
    }
    return "";
  }
  Entries Reload() {
    FileOffsetBackingStore store(path_);
    store.Start();
    return store.All();
  }
  std::vector<std::string> DirEntries() {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir_)) names.push_back(entry.path().filename());
    return names;
  }

  std::string dir_;
  std::string path_;
};

TEST_F(FileOffsetBackingStoreTest, MissingFileIsAnEmptyStore) {
  FileOffsetBackingStore store(path_);
  store.Start();
  EXPECT_TRUE(store.All().empty());
  EXPECT_TRUE(store.Get({kKey}).empty());
  EXPECT_FALSE(fs::exists(path_));  // nothing written until the first Set()
}

TEST_F(FileOffsetBackingStoreTest, RoundTripAcrossRestart) {
  {
    FileOffsetBackingStore store(path_);
    store.Start();
    std::string error;
    ASSERT_TRUE(store.Set({{kKey, kValue}, {kOtherKey, R"({"position":3})"}}, &error)) << error;
    EXPECT_EQ(store.Get({kKey}).at(kKey), kValue);
    store.Stop();
  }
  FileOffsetBackingStore store(path_);
  store.Start();
  const auto got = store.Get({kKey, kOtherKey, "absent"});
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got.at(kKey), kValue);
  EXPECT_EQ(got.at(kOtherKey), R"({"position":3})");
}

TEST_F(FileOffsetBackingStoreTest, TombstonesSurviveRestart) {
  FileOffsetBackingStore store(path_);
  store.Start();
  std::string error;
  ASSERT_TRUE(store.Set({{kKey, kValue}}, &error));
  ASSERT_TRUE(store.Set({{kKey, std::nullopt}}, &error));
  EXPECT_EQ(Reload(), (Entries{{kKey, std::nullopt}}));
}

TEST_F(FileOffsetBackingStoreTest, KeyBytesAreKeptExactly) {
  std::string binary;
  for (int i = 0; i < 256; ++i) binary.push_back(static_cast<char>(i));
  // Same JSON meaning, different bytes: must stay two distinct keys.
  const std::string a = R"(["c",{"a":1,"b":2}])";
  const std::string b = R"(["c",{"b":2,"a":1}])";
  FileOffsetBackingStore store(path_);
  store.Start();
  std::string error;
  ASSERT_TRUE(store.Set({{binary, binary}, {a, "1"}, {b, "2"}, {"", ""}}, &error));
  const Entries reloaded = Reload();
  EXPECT_EQ(reloaded, (Entries{{"", ""}, {binary, binary}, {a, "1"}, {b, "2"}}));
}

TEST_F(FileOffsetBackingStoreTest, WritesDocumentedFormat) {
  FileOffsetBackingStore store(path_);
  store.Start();
  std::string error;
  ASSERT_TRUE(store.Set({{"k", "v"}, {"t", std::nullopt}}, &error));
  EXPECT_EQ(ReadRaw(),
            "{\"format\":\"kconnect-offsets\",\"version\":1,\"entries\":[\n"
            "{\"key\":\"aw==\",\"value\":\"dg==\"},\n"
            "{\"key\":\"dA==\",\"value\":null}\n"
            "]}\n");
}

TEST_F(FileOffsetBackingStoreTest, ReadsEmptyEntryList) {
  WriteRaw(R"({"format":"kconnect-offsets","version":1,"entries":[]})");
  EXPECT_EQ(StartError(), "");
}

TEST_F(FileOffsetBackingStoreTest, RewriteLeavesNoTemporaryFile) {
  FileOffsetBackingStore store(path_);
  store.Start();
  std::string error;
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(store.Set({{kKey, "{\"position\":" + std::to_string(i) + "}"}}, &error));
  }
  EXPECT_EQ(DirEntries(), std::vector<std::string>{"connect.offsets"});
  EXPECT_EQ(Reload(), (Entries{{kKey, R"({"position":4})"}}));
}

TEST_F(FileOffsetBackingStoreTest, ConcurrentReaderAlwaysSeesACompleteFile) {
  FileOffsetBackingStore store(path_);
  store.Start();
  std::string error;
  ASSERT_TRUE(store.Set({{kKey, kValue}}, &error));
  std::atomic<bool> done{false};
  std::atomic<int> reads{0};
  std::string reader_failure;
  std::thread reader([&] {
    while (!done.load()) {
      const std::string err = StartError();
      if (!err.empty()) {
        reader_failure = err;
        return;
      }
      ++reads;
    }
  });
  // A large value makes a non-atomic rewrite observable as a short file.
  const std::string big(size_t{64} * 1024, 'x');
  for (int i = 0; i < 40; ++i) {
    ASSERT_TRUE(store.Set({{kKey, big + std::to_string(i)}}, &error)) << error;
  }
  done = true;
  reader.join();
  EXPECT_EQ(reader_failure, "");
  EXPECT_GT(reads.load(), 0);
  EXPECT_EQ(DirEntries(), std::vector<std::string>{"connect.offsets"});
}

TEST_F(FileOffsetBackingStoreTest, KeepsPermissionsOfExistingFile) {
  FileOffsetBackingStore store(path_);
  store.Start();
  std::string error;
  ASSERT_TRUE(store.Set({{kKey, kValue}}, &error));
  ASSERT_EQ(::chmod(path_.c_str(), 0600), 0);
  ASSERT_TRUE(store.Set({{kKey, "{}"}}, &error));
  struct stat st {};
  ASSERT_EQ(::stat(path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(FileOffsetBackingStoreTest, FailedSetReportsTheFileAndKeepsOldOffsets) {
  const std::string path = dir_ + "/no-such-dir/connect.offsets";
  FileOffsetBackingStore store(path);
  store.Start();
  std::string error;
  EXPECT_FALSE(store.Set({{kKey, kValue}}, &error));
  EXPECT_TRUE(Contains(error, path));
  EXPECT_TRUE(Contains(error, "No such file or directory"));
  // A failed flush must not make uncommitted offsets visible.
  EXPECT_TRUE(store.Get({kKey}).empty());
  EXPECT_TRUE(store.All().empty());
}

TEST_F(FileOffsetBackingStoreTest, UnreadablePathFailsStart) {
  ASSERT_TRUE(fs::create_directory(path_));  // reading a directory fails
  EXPECT_EQ(StartError(), "Could not read offsets file " + path_ + ": Is a directory");
}

TEST_F(FileOffsetBackingStoreTest, EmptyFileFailsStart) {
  WriteRaw("");
  const std::string err = StartError();
  EXPECT_TRUE(Contains(err, path_));
  EXPECT_TRUE(Contains(err, "is empty"));
}

TEST_F(FileOffsetBackingStoreTest, TruncatedFileFailsStart) {
  {
    FileOffsetBackingStore store(path_);
    store.Start();
    std::string error;
    ASSERT_TRUE(store.Set({{kKey, kValue}, {kOtherKey, kValue}}, &error));
  }
  const std::string full = ReadRaw();
  for (size_t len : {full.size() - 2, full.size() / 2, size_t{1}}) {
    WriteRaw(full.substr(0, len));
    const std::string err = StartError();
    EXPECT_EQ(err.rfind("Offsets file " + path_ + " is truncated", 0), 0u) << len << ": " << err;
  }
}

TEST_F(FileOffsetBackingStoreTest, CorruptFilesFailStart) {
  const struct {
    std::string content;
    std::string message;
  } cases[] = {
      {"hello", "invalid JSON at byte"},
      {"{\"format\":\"kconnect-offsets\",\"version\":1,\"entries\":[]} trailing",
       "invalid JSON at byte"},
      {"[1,2]", "not a kconnect offsets file"},
      {R"({"format":"other","version":1,"entries":[]})", "not a kconnect offsets file"},
      {R"({"format":"kconnect-offsets","entries":[]})", "non-integer \"version\""},
      {R"({"format":"kconnect-offsets","version":1})", "missing \"entries\" array"},
      {R"({"format":"kconnect-offsets","version":1,"entries":[1]})", "entry 0 is not an object"},
      {R"({"format":"kconnect-offsets","version":1,"entries":[{"value":null}]})",
       "entry 0 has no \"key\" string"},
      {R"({"format":"kconnect-offsets","version":1,"entries":[{"key":"*!","value":null}]})",
       "entry 0 has a \"key\" that is not valid base64"},
      {R"({"format":"kconnect-offsets","version":1,"entries":[{"key":"aw=="}]})",
       "entry 0 has no \"value\""},
      {R"({"format":"kconnect-offsets","version":1,"entries":[{"key":"aw==","value":5}]})",
       "entry 0 has no \"value\""},
      {R"({"format":"kconnect-offsets","version":1,"entries":[{"key":"aw==","value":"%"}]})",
       "entry 0 has a \"value\" that is not valid base64"},
      {R"({"format":"kconnect-offsets","version":1,"entries":[{"key":"aw==","value":null},)"
       R"({"key":"aw==","value":null}]})",
       "entry 1 repeats an earlier key"},
  };
  for (const auto& c : cases) {
    WriteRaw(c.content);
    const std::string err = StartError();
    EXPECT_EQ(err.rfind("Offsets file " + path_ + " is corrupt: ", 0), 0u)
        << c.content << ": " << err;
    EXPECT_TRUE(Contains(err, c.message)) << c.content;
  }
}

TEST_F(FileOffsetBackingStoreTest, NewerFormatVersionFailsStart) {
  WriteRaw(R"({"format":"kconnect-offsets","version":2,"entries":[]})");
  EXPECT_EQ(StartError(), "Offsets file " + path_ +
                              " has format version 2, but this worker reads only version 1");
}

TEST_F(FileOffsetBackingStoreTest, ImportsJavaFileWithOneEntry) {
  WriteRaw(testing::JavaSerializedOffsets({{kKey, kValue}}));
  FileOffsetBackingStore store(path_);
  store.Start();
  EXPECT_EQ(store.All(), (Entries{{kKey, kValue}}));
}

TEST_F(FileOffsetBackingStoreTest, ImportsJavaFileWithNullValue) {
  WriteRaw(testing::JavaSerializedOffsets({{kOtherKey, std::nullopt}, {kKey, kValue}}));
  FileOffsetBackingStore store(path_);
  store.Start();
  EXPECT_EQ(store.All(), (Entries{{kOtherKey, std::nullopt}, {kKey, kValue}}));
}

TEST_F(FileOffsetBackingStoreTest, ImportsEmptyJavaMap) {
  WriteRaw(testing::JavaSerializedOffsets({}));
  FileOffsetBackingStore store(path_);
  store.Start();
  EXPECT_TRUE(store.All().empty());
}

// The same map as ImportsJavaFileWithNullValue, as written by OpenJDK 17's
// ObjectOutputStream; pins the hand-built layout to a real JDK's bytes.
TEST_F(FileOffsetBackingStoreTest, ImportsBytesWrittenByTheJdk) {
  const std::string jdk = testing::FromHex(
      "aced0005737200116a6176612e7574696c2e486173684d61700507dac1c31660d103000246000a6c"
      "6f6164466163746f724900097468726573686f6c6478703f4000000000000c770800000010000000"
      "02757200025b42acf317f8060854e002000078700000002e5b226c6f63616c2d66696c652d736f75"
      "726365222c7b2266696c656e616d65223a226f746865722e747874227d5d707571007e0002000000"
      "2d5b226c6f63616c2d66696c652d736f75726365222c7b2266696c656e616d65223a22746573742e"
      "747874227d5d7571007e00020000000f7b22706f736974696f6e223a37357d78");
  EXPECT_EQ(jdk, testing::JavaSerializedOffsets({{kOtherKey, std::nullopt}, {kKey, kValue}}));
  WriteRaw(jdk);
  EXPECT_EQ(Reload(), (Entries{{kOtherKey, std::nullopt}, {kKey, kValue}}));
}

TEST_F(FileOffsetBackingStoreTest, NextSetRewritesImportedJavaFileInOwnFormat) {
  WriteRaw(testing::JavaSerializedOffsets({{kKey, kValue}, {kOtherKey, std::nullopt}}));
  {
    FileOffsetBackingStore store(path_);
    store.Start();
    // Start() alone leaves the Java file untouched.
    EXPECT_EQ(static_cast<unsigned char>(ReadRaw()[0]), 0xAC);
    std::string error;
    ASSERT_TRUE(store.Set({{kKey, R"({"position":80})"}}, &error)) << error;
  }
  EXPECT_EQ(ReadRaw().rfind("{\"format\":\"kconnect-offsets\"", 0), 0u);
  EXPECT_EQ(Reload(), (Entries{{kOtherKey, std::nullopt}, {kKey, R"({"position":80})"}}));
}

TEST_F(FileOffsetBackingStoreTest, TruncatedJavaFileFailsStart) {
  const std::string full = testing::JavaSerializedOffsets({{kKey, kValue}});
  for (size_t len : {full.size() - 1, full.size() - 10, size_t{40}, size_t{5}, size_t{2}}) {
    WriteRaw(full.substr(0, len));
    const std::string err = StartError();
    EXPECT_EQ(err.rfind("Offsets file " + path_ +
                            " is a Java-serialized offsets file that cannot be imported: ",
                        0),
              0u)
        << len << ": " << err;
    EXPECT_TRUE(Contains(err, "truncated")) << len;
  }
}

TEST_F(FileOffsetBackingStoreTest, UnsupportedJavaContentFailsStart) {
  const std::string good = testing::JavaSerializedOffsets({{kKey, kValue}});
  auto replace = [&](const std::string& from, const std::string& to) {
    std::string s = good;
    s.replace(s.find(from), from.size(), to);
    return s;
  };
  const struct {
    std::string bytes;
    std::string message;
  } cases[] = {
      // A TreeMap has a different class name (same length keeps the layout).
      {replace("java.util.HashMap", "java.util.TreeMap"), "java.util.TreeMap"},
      // A String[] instead of a byte[].
      {replace(std::string("\x00\x02[B", 4), std::string("\x00\x02[C", 4)), "expected byte[]"},
      // A null key.
      {replace(std::string("\x75\x72\x00\x02", 4), std::string("\x70", 1)), "null key"},
      // Trailing garbage after the map.
      {good + "x", "unexpected data after the HashMap"},
      // loadFactor 0.
      {replace(testing::FromHex("3f400000"), testing::FromHex("00000000")), "load factor"},
  };
  for (const auto& c : cases) {
    WriteRaw(c.bytes);
    const std::string err = StartError();
    EXPECT_TRUE(Contains(err, path_));
    EXPECT_TRUE(Contains(err, "Java-serialized offsets file that cannot be imported"));
    EXPECT_TRUE(Contains(err, c.message)) << err;
  }
}

}  // namespace
}  // namespace kconnect::worker::storage
