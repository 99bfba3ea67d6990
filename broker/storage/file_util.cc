#include "broker/storage/file_util.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "common/file_io.h"

namespace kconnect::broker::storage {
namespace {

Error Errno(const std::string& what) { return StorageError(what + ": " + std::strerror(errno)); }

}  // namespace

Result<Ok> PWriteFully(int fd, std::span<const uint8_t> data, uint64_t offset, const std::string& what) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::pwrite(fd, data.data() + done, data.size() - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return Errno("write " + what);
    }
    done += static_cast<size_t>(n);
  }
  return Ok{};
}

Result<size_t> PReadFully(int fd, uint8_t* buf, size_t len, uint64_t offset, const std::string& what) {
  size_t done = 0;
  while (done < len) {
    ssize_t n = ::pread(fd, buf + done, len - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return Errno("read " + what);
    }
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  return done;
}

Result<Ok> FsyncDir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Errno("open directory " + dir);
  int rc = ::fsync(fd);
  int saved = errno;
  ::close(fd);
  errno = saved;
  if (rc != 0) return Errno("fsync directory " + dir);
  return Ok{};
}

// Both delegate to common/file_io, which the worker uses for the same jobs;
// only the error is turned into a storage error value here.
Result<Ok> AtomicWriteFile(const std::string& path, const std::string& content) {
  std::string error;
  if (!common::WriteFileAtomically(path, content, &error)) return StorageError(error);
  return Ok{};
}

Result<std::string> ReadWholeFile(const std::string& path) {
  std::string out;
  if (const int err = common::ReadWholeFile(path, &out); err != 0) {
    return StorageError("read " + path + ": " + std::strerror(err));
  }
  return out;
}

std::string SegmentFilePrefix(int64_t base_offset) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%020lld", static_cast<long long>(base_offset));
  return buf;
}

}  // namespace kconnect::broker::storage
