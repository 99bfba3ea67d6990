#pragma once

#include <string>

namespace kconnect::common {

// Reads the whole file at `path` into `*contents`.
// Returns 0 on success, otherwise the errno value of the failing call (for
// example ENOENT for a missing file, EISDIR for a directory); `*contents` is
// then unspecified.
int ReadWholeFile(const std::string& path, std::string* contents);

// Replaces the file at `path` with `contents` so that a reader (or a restart
// after a crash) sees either the old or the new file, never a mix: the bytes
// go to a fresh temporary file in the same directory, which is fsync'ed and
// renamed over `path`, and then the directory is fsync'ed so that the rename
// itself is durable. An existing file's permission bits are kept; a new file
// gets 0644 minus the umask.
// Returns true on success. On failure returns false, fills `*error` with a
// message naming `path` and the reason, and leaves no temporary file behind;
// `path` then still holds its previous content, unless only the final
// directory fsync failed (the new content is in place but may not survive a
// power loss).
// Thread-safe for distinct paths; callers serialise writes to one path.
bool WriteFileAtomically(const std::string& path, const std::string& contents, std::string* error);

}  // namespace kconnect::common
