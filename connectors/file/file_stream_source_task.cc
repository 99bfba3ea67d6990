#include "connectors/file/file_stream_source_task.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <utility>

#include "connectors/file/file_stream_source_connector.h"
#include "connectors/file/log.h"
#include "connectors/file/version.h"
#include "kconnect/data/schema.h"
#include "kconnect/errors.h"

namespace kconnect::file {

namespace {

constexpr const char* kComponent = "FileStreamSourceTask";
// How long Poll() waits when there is no data at all (Java waits 1 s).
constexpr std::chrono::milliseconds kIdleWait{1000};
// How often a waiting Poll() looks for appended data; keeps tailing latency low
// without busy-polling the file.
constexpr std::chrono::milliseconds kTailInterval{50};
// Read size: large reads keep the syscall count low when a big file is ingested.
constexpr size_t kReadChunk = size_t{64} * 1024;

std::string ErrnoText(int err) { return std::strerror(err); }

// Length of the valid UTF-8 sequence starting at p (at most n bytes available),
// or 0 if the bytes there are not valid UTF-8 (Unicode 15, table 3-7: no
// overlong forms, no surrogates, nothing above U+10FFFF).
size_t Utf8SequenceLength(const unsigned char* p, size_t n) {
  const unsigned char c = p[0];
  if (c < 0x80) return 1;
  auto cont = [&](size_t i, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    return i < n && p[i] >= lo && p[i] <= hi;
  };
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return cont(1) && cont(2) ? 3 : 0;
  if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
  if (c == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

// The line as UTF-8 text. Java decodes the file with a replacing UTF-8 decoder,
// so malformed bytes become U+FFFD; doing the same keeps every record value
// valid UTF-8 for the converters. Valid input (the normal case) is copied as is.
std::string DecodeUtf8Lossy(const char* data, size_t size) {
  const auto* p = reinterpret_cast<const unsigned char*>(data);
  size_t i = 0;
  while (i < size) {
    // ASCII fast path, eight bytes at a time.
    uint64_t word;
    if (size - i >= sizeof(word)) {
      std::memcpy(&word, p + i, sizeof(word));
      if ((word & 0x8080808080808080ULL) == 0) {
        i += sizeof(word);
        continue;
      }
    }
    const size_t len = Utf8SequenceLength(p + i, size - i);
    if (len == 0) break;
    i += len;
  }
  if (i == size) return std::string(data, size);

  std::string out(data, i);
  while (i < size) {
    const size_t len = Utf8SequenceLength(p + i, size - i);
    if (len > 0) {
      out.append(data + i, len);
      i += len;
    } else {
      out.append("\xEF\xBF\xBD");
      ++i;
    }
  }
  return out;
}

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

FileStreamSourceTask::FileStreamSourceTask(int stdin_fd) : stdin_fd_(stdin_fd) {}

FileStreamSourceTask::~FileStreamSourceTask() { CloseFile(); }

std::string FileStreamSourceTask::Version() const { return kVersion; }

void FileStreamSourceTask::Start(const Props& props) {
  AbstractConfig config(FileStreamSourceConnector::ConfigDefinition(), props);
  std::lock_guard lock(mu_);
  filename_ = config.GetString(FileStreamSourceConnector::kFileConfig).value_or("");
  topic_ = config.GetString(FileStreamSourceConnector::kTopicConfig).value_or("");
  // Java returns after the first record when batch.size <= 0; so does max(1, n).
  batch_size_ = static_cast<size_t>(
      std::max<int32_t>(1, config.GetInt(FileStreamSourceConnector::kTaskBatchSizeConfig)));
  partition_ = {
      {FileStreamSourceConnector::kFilenameField, filename_.empty() ? Value() : Value(filename_)}};
  stopped_ = false;
  missing_warned_ = false;
  CloseFile();
  ResetBuffer();
  read_pos_ = 0;
  // Offsets of stdin are meaningless (a pipe cannot be replayed): Java sends
  // {"position": null} for it.
  stream_offset_.reset();
}

std::vector<SourceRecord> FileStreamSourceTask::Poll() {
  std::unique_lock lock(mu_);
  if (stopped_) return {};
  const bool use_stdin = filename_.empty();
  if (!use_stdin && fd_ < 0 && !OpenFile()) {
    wakeup_.wait_for(lock, kIdleWait, [this] { return stopped_; });
    return {};
  }

  std::vector<SourceRecord> records;
  // Lines left over when the previous batch filled up go first, without
  // waiting for more input (Java only drains them once the file grows).
  ExtractLines(records);
  const auto deadline = std::chrono::steady_clock::now() + kIdleWait;
  while (records.size() < batch_size_ && !stopped_) {
    const ReadResult result = use_stdin ? ReadStdin() : ReadChunk();
    if (result == ReadResult::kData) {
      ExtractLines(records);
      continue;
    }
    // Nothing more right now: hand over what we have, or wait a little for
    // more so that an idle task does not spin.
    if (!records.empty()) break;
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) break;
    wakeup_.wait_for(lock,
                     std::min<std::chrono::steady_clock::duration>(kTailInterval, deadline - now),
                     [this] { return stopped_; });
  }
  return records;
}

void FileStreamSourceTask::Stop() {
  std::lock_guard lock(mu_);
  stopped_ = true;
  CloseFile();
  wakeup_.notify_all();
}

bool FileStreamSourceTask::OpenFile() {
  const int fd = ::open(filename_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT) {
      if (!missing_warned_) {
        Log(LogLevel::kWarn, kComponent,
            "Couldn't find file " + filename_ +
                " for FileStreamSourceTask, sleeping to wait for it to be created");
        missing_warned_ = true;
      }
      return false;
    }
    throw ConnectException("Error while trying to open file " + filename_ + ": " + ErrnoText(err));
  }
  missing_warned_ = false;

  int64_t position = 0;
  try {
    std::optional<OffsetMap> offset;
    if (SourceTaskContext* context = Context()) {
      offset = context->GetOffsetStorageReader().Offset(partition_);
    }
    if (offset) {
      const Value* stored = FindOffsetField(*offset, FileStreamSourceConnector::kPositionField);
      if (stored != nullptr && !stored->IsNull()) {
        if (!stored->Is<int64_t>()) throw ConnectException("Offset position is the incorrect type");
        position = stored->As<int64_t>();
      }
    }
  } catch (...) {
    ::close(fd);
    throw;
  }
  if (position < 0) {
    Log(LogLevel::kWarn, kComponent,
        "Ignoring negative stored position " + std::to_string(position) + " for file " + filename_);
    position = 0;
  }
  if (position > 0 && ::lseek(fd, static_cast<off_t>(position), SEEK_SET) < 0) {
    const int err = errno;
    ::close(fd);
    throw ConnectException("Error while trying to seek to previous offset " +
                           std::to_string(position) + " in file " + filename_ + ": " +
                           ErrnoText(err));
  }
  struct stat st {};
  if (::fstat(fd, &st) == 0) {
    dev_ = st.st_dev;
    ino_ = st.st_ino;
  }
  fd_ = fd;
  read_pos_ = position;
  stream_offset_ = position;
  ResetBuffer();
  return true;
}

FileStreamSourceTask::ReadResult FileStreamSourceTask::ReadChunk() {
  // Keep only the pending partial line, then make room for a full chunk.
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    scan_ -= begin_;
    begin_ = 0;
  }
  if (buffer_.size() - end_ < kReadChunk)
    buffer_.resize(std::max(buffer_.size() * 2, end_ + kReadChunk));

  ssize_t n;
  do {
    n = ::read(fd_, buffer_.data() + end_, buffer_.size() - end_);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    throw ConnectException("Error while reading file " + filename_ + ": " + ErrnoText(errno));
  }
  if (n > 0) {
    end_ += static_cast<size_t>(n);
    read_pos_ += n;
    return ReadResult::kData;
  }
  // End of file: no data now, unless the file was rotated under us.
  return ReopenIfRotated() ? ReadChunk() : ReadResult::kNoData;
}

FileStreamSourceTask::ReadResult FileStreamSourceTask::ReadStdin() {
  // Never block: Poll() must return regularly and Stop() must not wait for
  // input. poll(2) first instead of O_NONBLOCK, which would change the flags
  // of a descriptor shared with the rest of the process.
  pollfd pfd{stdin_fd_, POLLIN, 0};
  if (::poll(&pfd, 1, 0) <= 0 || (pfd.revents & (POLLIN | POLLHUP)) == 0)
    return ReadResult::kNoData;
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    scan_ -= begin_;
    begin_ = 0;
  }
  if (buffer_.size() - end_ < kReadChunk)
    buffer_.resize(std::max(buffer_.size() * 2, end_ + kReadChunk));
  const ssize_t n = ::read(stdin_fd_, buffer_.data() + end_, buffer_.size() - end_);
  if (n > 0) {
    end_ += static_cast<size_t>(n);
    return ReadResult::kData;
  }
  if (n == 0 || errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
    return ReadResult::kNoData;
  throw ConnectException(std::string("Error while reading standard input: ") + ErrnoText(errno));
}

bool FileStreamSourceTask::ReopenIfRotated() {
  struct stat path_st {};
  if (::stat(filename_.c_str(), &path_st) == 0 &&
      (path_st.st_dev != dev_ || path_st.st_ino != ino_)) {
    const int fd = ::open(filename_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;  // gone again in between: keep the old file
    std::string discarded;
    if (end_ > begin_) {
      discarded =
          "; discarding " + std::to_string(end_ - begin_) + " bytes of an unterminated last line";
    }
    Log(LogLevel::kWarn, kComponent,
        "File " + filename_ + " was replaced; reading the new file from the beginning" + discarded);
    CloseFile();
    struct stat st {};
    if (::fstat(fd, &st) == 0) {
      dev_ = st.st_dev;
      ino_ = st.st_ino;
    }
    fd_ = fd;
    read_pos_ = 0;
    stream_offset_ = 0;
    ResetBuffer();
    return true;
  }
  struct stat fd_st {};
  if (::fstat(fd_, &fd_st) == 0 && fd_st.st_size < read_pos_) {
    Log(LogLevel::kWarn, kComponent,
        "File " + filename_ + " was truncated to " + std::to_string(fd_st.st_size) +
            " bytes below the read position " + std::to_string(read_pos_) +
            "; reading it again from the beginning");
    if (::lseek(fd_, 0, SEEK_SET) < 0) {
      throw ConnectException("Error while trying to rewind file " + filename_ + ": " +
                             ErrnoText(errno));
    }
    read_pos_ = 0;
    stream_offset_ = 0;
    ResetBuffer();
    return true;
  }
  return false;
}

void FileStreamSourceTask::ExtractLines(std::vector<SourceRecord>& records) {
  if (begin_ == end_) return;
  const int64_t timestamp = NowMillis();
  const char* data = buffer_.data();
  while (records.size() < batch_size_) {
    // The first "\n", then a "\r" before it if any: two memchr calls beat a
    // byte loop, and files without "\r" scan each line only twice.
    const size_t from = std::max(scan_, begin_);
    const void* lf = std::memchr(data + from, '\n', end_ - from);
    const size_t lf_at = lf ? static_cast<const char*>(lf) - data : end_;
    const void* cr = std::memchr(data + from, '\r', lf_at - from);
    const size_t i = cr ? static_cast<const char*>(cr) - data : lf_at;
    if (i == end_) {
      scan_ = end_;
      return;
    }
    size_t next = i + 1;
    if (data[i] == '\r') {
      // Whether this "\r" is a "\r\n" can only be told by the next byte.
      if (next == end_) {
        scan_ = i;
        return;
      }
      if (data[next] == '\n') ++next;
    }
    if (records.capacity() == 0) records.reserve(std::min<size_t>(batch_size_, 4096));
    std::optional<int64_t> position;
    if (stream_offset_) {
      *stream_offset_ += static_cast<int64_t>(next - begin_);
      position = *stream_offset_;
    }
    SourceRecord record(partition_,
                        OffsetMap{{FileStreamSourceConnector::kPositionField,
                                   position ? Value(*position) : Value()}},
                        topic_, std::nullopt, Schema::String(),
                        Value(DecodeUtf8Lossy(data + begin_, i - begin_)));
    record.timestamp = timestamp;
    records.push_back(std::move(record));
    begin_ = next;
    scan_ = next;
  }
}

void FileStreamSourceTask::CloseFile() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

void FileStreamSourceTask::ResetBuffer() {
  begin_ = end_ = scan_ = 0;
  // Give back the memory of an unusually long line.
  if (buffer_.size() > 4 * kReadChunk) std::vector<char>().swap(buffer_);
}

}  // namespace kconnect::file
