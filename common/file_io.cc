#include "common/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

namespace kconnect::common {
namespace {

// Closes a descriptor on every exit path.
class FdCloser {
 public:
  explicit FdCloser(int fd) : fd_(fd) {}
  ~FdCloser() {
    if (fd_ >= 0) ::close(fd_);
  }
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;
  // Closes now and reports the result, for writes whose close must be checked.
  int Close() {
    const int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

std::string DirectoryOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string TempPathFor(const std::string& path) {
  // pid + counter keeps concurrent writers (threads or processes) apart.
  static std::atomic<unsigned long> counter{0};
  return path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
}

bool Fail(std::string* error, const std::string& path, const char* what, int err) {
  *error = "Could not write file " + path + ": " + what + ": " + std::strerror(err);
  return false;
}

}  // namespace

int ReadWholeFile(const std::string& path, std::string* contents) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno;
  FdCloser closer(fd);
  contents->clear();
  char buf[1 << 16];
  while (true) {
    const ssize_t n = ::read(fd, buf, sizeof(buf));
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (n == 0) return 0;
    contents->append(buf, static_cast<size_t>(n));
  }
}

bool WriteFileAtomically(const std::string& path, const std::string& contents, std::string* error) {
  mode_t mode = 0644;
  struct stat existing {};
  const bool keep_mode = ::stat(path.c_str(), &existing) == 0;
  if (keep_mode) mode = existing.st_mode & 07777;

  const std::string tmp = TempPathFor(path);
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return Fail(error, path, "create temporary file", errno);
  FdCloser closer(fd);
  auto abandon = [&](const char* what, int err) {
    closer.Close();
    ::unlink(tmp.c_str());
    return Fail(error, path, what, err);
  };
  // open() applied the umask; an existing file's exact bits are restored.
  if (keep_mode && ::fchmod(fd, mode) != 0) return abandon("chmod temporary file", errno);
  size_t written = 0;
  while (written < contents.size()) {
    const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return abandon("write temporary file", errno);
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) return abandon("fsync temporary file", errno);
  if (closer.Close() != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return Fail(error, path, "close temporary file", err);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return Fail(error, path, "rename temporary file", err);
  }
  // Without this the rename may be lost on power failure even though the
  // data blocks are on disk.
  const std::string dir = DirectoryOf(path);
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) return Fail(error, path, "open directory", errno);
  FdCloser dir_closer(dir_fd);
  if (::fsync(dir_fd) != 0) return Fail(error, path, "fsync directory", errno);
  return true;
}

}  // namespace kconnect::common
