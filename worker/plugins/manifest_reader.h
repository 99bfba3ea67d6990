#pragma once
// Reading a plugin library's manifest straight from the file.
//
// A plugin .so carries a `kconnect_manifest_t` in the ELF section
// `.kconnect_manifest` (plugins/include/kconnect/plugin.h). The worker reads it
// from the file bytes *before* loading the library, so that a library built
// for another ABI or toolchain is refused without running any of its code
// (static initialisers included). The parser trusts nothing in the file: every
// offset and size is bounds-checked, and garbage or truncated input yields an
// error, never a crash or an oversized allocation.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "worker/util/result.h"

namespace kconnect::worker::plugins {

// One plugin declared by a library.
struct ManifestEntry {
  std::string kind;                  // "source", "sink", "converter", ... (not validated here)
  std::string class_name;            // fully-qualified class name
  std::vector<std::string> aliases;  // explicit aliases: split on ',', trimmed, empties dropped
  std::string version;
};

// The decoded manifest of one library.
struct PluginManifest {
  uint32_t abi_version = 0;
  std::string toolchain;
  // ELF e_machine of the library (EM_X86_64, EM_AARCH64, ...).
  uint16_t elf_machine = 0;
  std::vector<ManifestEntry> entries;  // entry_count entries, in manifest order
};

// Random-access bytes the parser reads from: a file, or memory in tests.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual uint64_t Size() const = 0;
  // Copies `length` bytes starting at `offset` into `out`. REQUIRES:
  // offset + length <= Size(). Returns false on an I/O error.
  virtual bool ReadAt(uint64_t offset, size_t length, char* out) = 0;
};

// Parses the manifest out of the ELF image in `source`.
// Errors (status 400, message without the file name), for example:
//   "not a shared library (bad ELF magic)"
//   "not a shared library (ELF type 2 is not ET_DYN)"
//   "unsupported ELF file (32-bit)"
//   "malformed ELF file (section headers beyond the end of the file)"
//   "no kconnect manifest (section .kconnect_manifest missing)"
//   "bad kconnect manifest (section has 12 bytes, expected 14936) ..."
// Thread-compatible: the source is used by one call at a time.
util::Result<PluginManifest> ParsePluginManifest(ByteSource& source);

// Convenience overload for bytes in memory.
util::Result<PluginManifest> ParsePluginManifest(std::string_view elf_image);

// Opens `path` and parses its manifest, reading only the parts of the file it
// needs (headers, section-name table and the manifest section). An unreadable
// file gives "cannot read file: <strerror>".
util::Result<PluginManifest> ReadPluginManifest(const std::string& path);

}  // namespace kconnect::worker::plugins
