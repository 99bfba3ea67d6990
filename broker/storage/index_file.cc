#include "broker/storage/index_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "broker/storage/file_util.h"

namespace kconnect::broker::storage {

IndexFile::~IndexFile() {
  if (fd_ >= 0) ::close(fd_);
}

Result<std::string> IndexFile::OpenAndRead() {
  if (fd_ < 0) {
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) return StorageError("open " + path_ + ": " + std::strerror(errno));
  }
  return ReadWholeFile(path_);
}

Result<Ok> IndexFile::WriteAt(std::span<const uint8_t> bytes, uint64_t position) {
  return PWriteFully(fd_, bytes, position, path_);
}

Result<Ok> IndexFile::Truncate() {
  if (::ftruncate(fd_, 0) != 0) return StorageError("truncate " + path_ + ": " + std::strerror(errno));
  return Ok{};
}

Result<Ok> IndexFile::Sync() {
  if (fd_ >= 0 && ::fdatasync(fd_) != 0) return StorageError("fsync " + path_ + ": " + std::strerror(errno));
  return Ok{};
}

Result<Ok> IndexFile::Remove() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (::unlink(path_.c_str()) != 0 && errno != ENOENT) {
    return StorageError("delete " + path_ + ": " + std::strerror(errno));
  }
  return Ok{};
}

}  // namespace kconnect::broker::storage
