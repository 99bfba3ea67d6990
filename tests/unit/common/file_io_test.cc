#include "common/file_io.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace kconnect::common {
namespace {

namespace fs = std::filesystem;

class FileIoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/kc_file_io_test_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }
  size_t DirSize() {
    return static_cast<size_t>(
        std::distance(fs::directory_iterator(dir_), fs::directory_iterator()));
  }
  std::string dir_;
};

TEST_F(FileIoTest, WriteThenReadBack) {
  const std::string path = dir_ + "/f";
  std::string contents(200000, '\0');
  for (size_t i = 0; i < contents.size(); ++i) contents[i] = static_cast<char>(i * 7);
  std::string error;
  ASSERT_TRUE(WriteFileAtomically(path, contents, &error)) << error;
  std::string read;
  ASSERT_EQ(ReadWholeFile(path, &read), 0);
  EXPECT_EQ(read, contents);
  EXPECT_EQ(DirSize(), 1u);
}

TEST_F(FileIoTest, ReplacesExistingFileAndKeepsItsMode) {
  const std::string path = dir_ + "/f";
  std::ofstream(path) << "old content that is longer";
  ASSERT_EQ(::chmod(path.c_str(), 0640), 0);
  std::string error;
  ASSERT_TRUE(WriteFileAtomically(path, "new", &error)) << error;
  std::string read;
  ASSERT_EQ(ReadWholeFile(path, &read), 0);
  EXPECT_EQ(read, "new");
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
  EXPECT_EQ(DirSize(), 1u);
}

TEST_F(FileIoTest, RelativePathInCurrentDirectory) {
  const fs::path saved = fs::current_path();
  fs::current_path(dir_);
  std::string error;
  const bool ok = WriteFileAtomically("relative.txt", "x", &error);
  fs::current_path(saved);
  ASSERT_TRUE(ok) << error;
  EXPECT_TRUE(fs::exists(dir_ + "/relative.txt"));
}

TEST_F(FileIoTest, FailureNamesThePathAndLeavesOldContent) {
  const std::string target = dir_ + "/taken";
  ASSERT_TRUE(fs::create_directory(target));
  ASSERT_TRUE(fs::create_directory(target + "/child"));  // rename over a non-empty dir fails
  std::string error;
  EXPECT_FALSE(WriteFileAtomically(target, "data", &error));
  EXPECT_NE(error.find("Could not write file " + target + ": rename temporary file"),
            std::string::npos)
      << error;
  EXPECT_TRUE(fs::is_directory(target));
  EXPECT_EQ(DirSize(), 1u);  // the temporary file was removed
}

TEST_F(FileIoTest, MissingDirectory) {
  std::string error;
  EXPECT_FALSE(WriteFileAtomically(dir_ + "/nope/f", "data", &error));
  EXPECT_NE(error.find("No such file or directory"), std::string::npos) << error;
}

TEST_F(FileIoTest, ReadErrorsAreErrnoValues) {
  std::string read;
  EXPECT_EQ(ReadWholeFile(dir_ + "/missing", &read), ENOENT);
  EXPECT_EQ(ReadWholeFile(dir_, &read), EISDIR);
}

}  // namespace
}  // namespace kconnect::common
