#include "connectors/file/file_stream_sink_task.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "connectors/file/file_stream_sink_connector.h"
#include "connectors/file/log.h"
#include "connectors/file/version.h"
#include "kconnect/errors.h"

namespace kconnect::file {

namespace {
// Large enough that a typical batch of records costs one write(2).
constexpr size_t kOutputBuffer = 1 << 20;
}  // namespace

FileStreamSinkTask::FileStreamSinkTask(std::FILE* standard_output)
    : standard_output_(standard_output) {}

FileStreamSinkTask::~FileStreamSinkTask() { CloseOutput(); }

std::string FileStreamSinkTask::Version() const { return kVersion; }

void FileStreamSinkTask::Start(const Props& props) {
  const AbstractConfig config(FileStreamSinkConnector::ConfigDefinition(), props);
  CloseOutput();
  filename_ = config.GetString(FileStreamSinkConnector::kFileConfig).value_or("");
  if (filename_.empty()) {
    out_ = standard_output_;
    return;
  }
  const int fd = ::open(filename_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    const int err = errno;
    throw ConnectException("Couldn't find or create file '" + filename_ +
                           "' for FileStreamSinkTask: " + std::strerror(err));
  }
  std::FILE* out = ::fdopen(fd, "a");
  if (out == nullptr) {
    const int err = errno;
    ::close(fd);
    throw ConnectException("Couldn't open file '" + filename_ +
                           "' for FileStreamSinkTask: " + std::strerror(err));
  }
  buffer_.resize(kOutputBuffer);
  std::setvbuf(out, buffer_.data(), _IOFBF, buffer_.size());
  out_ = out;
}

void FileStreamSinkTask::Put(std::vector<SinkRecord>& records) {
  if (out_ == nullptr || records.empty()) return;
  // One lock for the whole batch; standard output may be shared with other
  // writers in the process.
  ::flockfile(out_);
  for (const SinkRecord& record : records) {
    const std::string line = record.value.ToJavaString();
    ::fwrite_unlocked(line.data(), 1, line.size(), out_);
    ::fputc_unlocked('\n', out_);
  }
  // Lines become visible at the end of each batch (Java leaves them in its
  // stream buffer until the next offset commit): one write per batch, so a
  // user tailing the file sees records as they arrive.
  ::fflush_unlocked(out_);
  const bool failed = ::ferror_unlocked(out_) != 0;
  const int err = errno;
  ::funlockfile(out_);
  // A full buffer is written out inside fwrite; if that failed, later lines
  // would be lost silently, so fail now.
  if (failed) {
    std::clearerr(out_);
    throw ConnectException("Error writing to " + Describe() + ": " + std::strerror(err));
  }
}

void FileStreamSinkTask::Flush(const std::map<TopicPartition, OffsetAndMetadata>& /*offsets*/) {
  if (out_ == nullptr) return;
  if (std::fflush(out_) != 0) {
    const int err = errno;
    std::clearerr(out_);
    throw ConnectException("Error writing to " + Describe() + ": " + std::strerror(err));
  }
}

void FileStreamSinkTask::Stop() { CloseOutput(); }

void FileStreamSinkTask::CloseOutput() {
  if (out_ == nullptr) return;
  if (out_ == standard_output_) {
    std::fflush(out_);
  } else if (std::fclose(out_) != 0) {
    Log(LogLevel::kError, "FileStreamSinkTask",
        "Error closing " + Describe() + ": " + std::strerror(errno));
  }
  out_ = nullptr;
}

std::string FileStreamSinkTask::Describe() const {
  return filename_.empty() ? std::string("standard output") : "file '" + filename_ + "'";
}

}  // namespace kconnect::file
