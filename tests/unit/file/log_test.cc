// The FileStream connectors' stderr lines have the worker's console layout:
// "[yyyy-MM-dd HH:mm:ss,SSS] LEVEL message (component)".

#include "connectors/file/log.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <regex>
#include <string>

namespace kconnect::file {
namespace {

// What `write` sent to standard error, captured through a temp file.
template <typename Fn>
std::string CaptureStderr(Fn write) {
  std::FILE* tmp = std::tmpfile();
  EXPECT_NE(tmp, nullptr);
  const int saved = ::dup(STDERR_FILENO);
  ::dup2(::fileno(tmp), STDERR_FILENO);
  write();
  ::dup2(saved, STDERR_FILENO);
  ::close(saved);
  std::rewind(tmp);
  std::string out;
  char buf[512];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), tmp)) > 0) out.append(buf, n);
  std::fclose(tmp);
  return out;
}

TEST(FileConnectorLogTest, LinesHaveTheWorkersConsoleLayout) {
  const std::string out = CaptureStderr([] {
    Log(LogLevel::kWarn, "FileStreamSourceTask", "File a.txt was truncated");
    Log(LogLevel::kInfo, "FileStreamSinkTask", "opened b.txt");
    Log(LogLevel::kError, "FileStreamSinkTask", "disk full");
  });
  const std::regex stamp(R"(\[[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2},[0-9]{3}\])");
  EXPECT_EQ(std::regex_replace(out, stamp, "[T]"),
            "[T] WARN File a.txt was truncated (FileStreamSourceTask)\n"
            "[T] INFO opened b.txt (FileStreamSinkTask)\n"
            "[T] ERROR disk full (FileStreamSinkTask)\n");
}

}  // namespace
}  // namespace kconnect::file
