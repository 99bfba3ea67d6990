#pragma once

#include <string>

namespace kconnect::worker::plugins::testing {

// A fresh directory under $TMPDIR (or /tmp), removed with its contents on
// destruction (permissions are restored first, so locked subdirectories go
// too).
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& Path() const { return path_; }
  // Path() + "/" + name.
  std::string File(const std::string& name) const;

 private:
  std::string path_;
};

// The directory the test plugins are built into (KC_TEST_PLUGIN_DIR).
std::string TestPluginDir();
// TestPluginDir() + "/<name>/<name>.so".
std::string TestPlugin(const std::string& name);

// Whole-file helpers; they throw std::runtime_error on I/O errors.
std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& contents);

}  // namespace kconnect::worker::plugins::testing
