#pragma once
// Small POSIX file helpers for storage: whole writes and reads at an offset,
// durable atomic replacement of small metadata files, directory fsync.
// Every failure is a KAFKA_STORAGE_ERROR value carrying errno's text.

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "broker/storage/storage_result.h"

namespace kconnect::broker::storage {

// Writes all of `data` at `offset` with pwrite(2), retrying short writes and EINTR.
Result<Ok> PWriteFully(int fd, std::span<const uint8_t> data, uint64_t offset, const std::string& what);
// Reads exactly `len` bytes at `offset`, or fewer only at end of file (returns the count).
Result<size_t> PReadFully(int fd, uint8_t* buf, size_t len, uint64_t offset, const std::string& what);
// fsync(2) of a directory, so that created/renamed/removed entries survive a crash.
Result<Ok> FsyncDir(const std::string& dir);
// Replaces `path` with `content` atomically and durably: write a temp file in
// the same directory, fsync it, rename over `path`, fsync the directory.
Result<Ok> AtomicWriteFile(const std::string& path, const std::string& content);
// Whole file as a string; NotFound-style error (code KAFKA_STORAGE_ERROR) if missing.
Result<std::string> ReadWholeFile(const std::string& path);
// The 20-digit zero-padded file name prefix of a segment base offset.
std::string SegmentFilePrefix(int64_t base_offset);

}  // namespace kconnect::broker::storage
