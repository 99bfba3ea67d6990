#pragma once
// FileStreamSinkTask: appends String.valueOf(record.value) plus "\n" for every
// record to a file, or to standard output (runtime.md §9.2, Kafka's
// FileStreamSinkTask).
//
// Output is buffered (1 MiB); Flush() hands the buffer to the kernel (fflush),
// like Java's PrintStream.flush(). It does not fsync: the data survives a crash
// of the worker but not of the machine, exactly as with Kafka's connector.
// Unlike Java's PrintStream, which swallows I/O errors, a failed write is
// reported by Put() or Flush() as a ConnectException, so the worker does not
// commit offsets of records that never reached the file.
//
// Thread-safety: all methods run on the task thread.

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "kconnect/config_def.h"
#include "kconnect/records.h"
#include "kconnect/task.h"

namespace kconnect::file {

class FileStreamSinkTask : public SinkTask {
 public:
  static constexpr const char* kClassName = "org.apache.kafka.connect.file.FileStreamSinkTask";

  // `standard_output` is the stream written when no file is configured; the
  // task flushes it but never closes it. Tests pass a temporary file.
  explicit FileStreamSinkTask(std::FILE* standard_output = stdout);
  ~FileStreamSinkTask() override;

  FileStreamSinkTask(const FileStreamSinkTask&) = delete;
  FileStreamSinkTask& operator=(const FileStreamSinkTask&) = delete;

  std::string Version() const override;
  // Opens `file` for appending, creating it (mode 0644 before umask) if needed.
  // Throws ConfigException on a bad config and ConnectException naming the file
  // and the OS error if it cannot be opened.
  void Start(const Props& props) override;
  // Buffers one line per record: Value::ToJavaString() of the value, then "\n".
  // Throws ConnectException if writing out a full buffer failed.
  void Put(std::vector<SinkRecord>& records) override;
  // Writes the buffered lines out (fflush). Throws ConnectException if that fails.
  void Flush(const std::map<TopicPartition, OffsetAndMetadata>& offsets) override;
  // Flushes and closes the file (standard output is only flushed).
  void Stop() override;

 private:
  void CloseOutput();
  std::string Describe() const;

  std::FILE* const standard_output_;
  std::string filename_;      // empty: standard output
  std::FILE* out_ = nullptr;  // owned unless it is standard_output_
  std::vector<char> buffer_;  // stdio buffer of out_ when it is our own file
};

}  // namespace kconnect::file
