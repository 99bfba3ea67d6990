#pragma once
// FileStreamSourceTask: tails a file (or reads standard input) and turns every
// line into a SourceRecord (runtime.md §9.1, Kafka's FileStreamSourceTask).
//
// Behaviour, in short:
//  * The file is opened lazily by the first Poll(). If it does not exist yet,
//    Poll() waits about a second and returns nothing; later polls try again.
//  * On open, the committed offset of partition {"filename": <file>} is read and
//    that many bytes are skipped.
//  * Lines end at "\n", "\r\n" or "\r"; a "\r" that is the last byte read so far
//    is held until the next byte shows whether "\n" follows. Terminators are
//    stripped; invalid UTF-8 is replaced by U+FFFD, as Java's decoder does.
//  * Each record: partition {"filename": <file>}, offset {"position": <bytes
//    consumed up to and including the terminator>} (int64), value schema
//    STRING, value the line, no key, Kafka partition unset, timestamp = now.
//  * Reaching end of file means "no data now": appended data is picked up by
//    later polls. A file that shrinks below the read position (truncated) or
//    whose path now names another inode (replaced, e.g. by log rotation) is
//    read again from byte 0, with a warning.
//  * Standard input (no `file`, or an empty one) is read without blocking;
//    its partition is {"filename": null} and its offset {"position": null}, since
//    a pipe cannot be replayed.
//
// Deviation from Kafka: `position` counts bytes, not UTF-16 code units, so a
// restart resumes exactly after the last delivered line in non-ASCII files too
// (Java counts chars but skips bytes on restart).
//
// Thread-safety: Start() and Poll() run on the task thread. Stop() may be called
// from any thread, also while Poll() is waiting; the waiting Poll() then returns
// promptly, and every later Poll() returns an empty batch at once.

#include <sys/types.h>
#include <unistd.h>

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "kconnect/config_def.h"
#include "kconnect/records.h"
#include "kconnect/task.h"

namespace kconnect::file {

class FileStreamSourceTask : public SourceTask {
 public:
  static constexpr const char* kClassName = "org.apache.kafka.connect.file.FileStreamSourceTask";

  // `stdin_fd` is the descriptor read when no file is configured; it is never
  // closed by the task. Tests pass the read end of a pipe.
  explicit FileStreamSourceTask(int stdin_fd = STDIN_FILENO);
  ~FileStreamSourceTask() override;

  FileStreamSourceTask(const FileStreamSourceTask&) = delete;
  FileStreamSourceTask& operator=(const FileStreamSourceTask&) = delete;

  std::string Version() const override;
  // Parses the task config (file, topic, batch.size); throws ConfigException on
  // a bad value. Does not open the file.
  void Start(const Props& props) override;
  // Up to batch.size records. Returns early with what it has once no more data
  // is ready; with nothing at all, waits up to ~1 s for data first.
  // Throws ConnectException when the stored offset is not an int64 ("Offset
  // position is the incorrect type") or the file cannot be opened or read.
  // REQUIRES: Initialize() was called with a context (for the offset reader).
  std::vector<SourceRecord> Poll() override;
  // Closes the file (never the stdin descriptor) and wakes a waiting Poll().
  void Stop() override;

 private:
  enum class ReadResult { kData, kNoData };

  // Opens the file and seeks to the committed position. Returns false (after
  // logging) if the file does not exist. REQUIRES: mu_ held.
  bool OpenFile();
  // Reads the next chunk into the buffer. For a file at EOF, checks for
  // truncation or replacement. REQUIRES: mu_ held and the input open.
  ReadResult ReadChunk();
  ReadResult ReadStdin();
  // Reopens from byte 0 if the file was truncated or replaced; true if it did.
  bool ReopenIfRotated();
  // Appends complete lines from the buffer to `records`, up to batch_size_.
  void ExtractLines(std::vector<SourceRecord>& records);
  void CloseFile();
  void ResetBuffer();

  const int stdin_fd_;

  // Immutable after Start().
  std::string filename_;  // empty: standard input
  std::string topic_;
  size_t batch_size_ = 0;
  OffsetMap partition_;

  // Guards every field below. Poll() holds it except while waiting for data, so
  // Stop() can close the descriptor without racing a read.
  std::mutex mu_;
  std::condition_variable wakeup_;  // notified by Stop()
  bool stopped_ = false;
  bool missing_warned_ = false;  // the "waiting for the file" warning was logged
  int fd_ = -1;                  // the open file; -1 when not open (or when reading stdin)
  dev_t dev_ = 0;                // identity of the open file, to detect replacement
  ino_t ino_ = 0;
  int64_t read_pos_ = 0;  // bytes read from the file so far (its file offset)
  // Position after the last emitted line; nullopt for stdin.
  std::optional<int64_t> stream_offset_;
  // Bytes read but not yet emitted live in buffer_[begin_, end_); scan_ marks
  // how far the pending bytes are known to hold no terminator.
  std::vector<char> buffer_;
  size_t begin_ = 0;
  size_t end_ = 0;
  size_t scan_ = 0;
};

}  // namespace kconnect::file
