#include "worker/plugins/manifest_reader.h"

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <fstream>
#include <string>
#include <type_traits>
#include <utility>

#include "kconnect/plugin.h"

namespace kconnect::worker::plugins {
namespace {

// ELF64 layout (System V gABI, "ELF Header" and "Sections"). Fields are
// decoded from explicit little-endian offsets rather than by overlaying
// <elf.h> structs, so that the parser is independent of host alignment and
// byte order.
constexpr size_t kEhdrSize = 64;
constexpr size_t kShdrSize = 64;
constexpr uint8_t kElfClass64 = 2;
constexpr uint8_t kElfData2Lsb = 1;
constexpr uint16_t kEtDyn = 3;
constexpr uint32_t kShtNobits = 8;
constexpr uint16_t kShnXindex = 0xffff;
constexpr const char kManifestSection[] = ".kconnect_manifest";
// A real section-name table holds a few hundred bytes; this only bounds what
// a hostile file can make us allocate.
constexpr uint64_t kMaxShstrtabSize = 16u << 20;

uint16_t Le16(const char* p) {
  const auto* b = reinterpret_cast<const unsigned char*>(p);
  return static_cast<uint16_t>(b[0] | (b[1] << 8));
}
uint32_t Le32(const char* p) {
  const auto* b = reinterpret_cast<const unsigned char*>(p);
  return static_cast<uint32_t>(b[0]) | (static_cast<uint32_t>(b[1]) << 8) |
         (static_cast<uint32_t>(b[2]) << 16) | (static_cast<uint32_t>(b[3]) << 24);
}
uint64_t Le64(const char* p) {
  return static_cast<uint64_t>(Le32(p)) | (static_cast<uint64_t>(Le32(p + 4)) << 32);
}

util::Error Fail(std::string message) { return util::BadRequest(std::move(message)); }

// True if [offset, offset + length) lies within a file of `size` bytes,
// without overflowing.
bool InBounds(uint64_t offset, uint64_t length, uint64_t size) {
  return offset <= size && length <= size - offset;
}

struct SectionHeader {
  uint32_t name = 0;
  uint32_t type = 0;
  uint64_t offset = 0;
  uint64_t size = 0;
  uint32_t link = 0;
};

SectionHeader DecodeSectionHeader(const char* p) {
  SectionHeader h;
  h.name = Le32(p);
  h.type = Le32(p + 4);
  h.offset = Le64(p + 24);
  h.size = Le64(p + 32);
  h.link = Le32(p + 40);
  return h;
}

// A fixed-size char field is valid only if it holds a NUL within its bounds;
// otherwise reading it as a C string would run past the field.
bool Terminated(const char* field, size_t size) { return std::memchr(field, 0, size) != nullptr; }

std::vector<std::string> SplitAliases(const char* list) {
  std::vector<std::string> out;
  std::string_view rest(list);
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    size_t begin = item.find_first_not_of(" \t");
    if (begin == std::string_view::npos) continue;
    size_t end = item.find_last_not_of(" \t");
    out.emplace_back(item.substr(begin, end - begin + 1));
  }
  return out;
}

util::Result<PluginManifest> DecodeManifest(const std::string& bytes, uint16_t machine) {
  kconnect_manifest_t raw;
  static_assert(std::is_trivially_copyable_v<kconnect_manifest_t>);
  std::memcpy(&raw, bytes.data(), sizeof(raw));

  char expected_magic[sizeof(raw.magic)] = {};
  std::memcpy(expected_magic, KCONNECT_MANIFEST_MAGIC, sizeof(KCONNECT_MANIFEST_MAGIC));
  if (std::memcmp(raw.magic, expected_magic, sizeof(raw.magic)) != 0) {
    return Fail("bad kconnect manifest (wrong magic)");
  }
  PluginManifest manifest;
  manifest.elf_machine = machine;
  // The integer fields are stored in the library's (little-endian) byte order.
  manifest.abi_version = Le32(bytes.data() + offsetof(kconnect_manifest_t, abi_version));
  uint32_t count = Le32(bytes.data() + offsetof(kconnect_manifest_t, entry_count));
  if (!Terminated(raw.toolchain, sizeof(raw.toolchain))) {
    return Fail("bad kconnect manifest (toolchain tag is not NUL-terminated)");
  }
  manifest.toolchain = raw.toolchain;
  if (count > KCONNECT_MANIFEST_MAX_ENTRIES) {
    return Fail("bad kconnect manifest (entry_count " + std::to_string(count) + " exceeds " +
                std::to_string(KCONNECT_MANIFEST_MAX_ENTRIES) + ")");
  }
  for (uint32_t i = 0; i < KCONNECT_MANIFEST_MAX_ENTRIES; ++i) {
    const kconnect_manifest_entry& e = raw.entries[i];
    if (!Terminated(e.kind, sizeof(e.kind)) || !Terminated(e.class_name, sizeof(e.class_name)) ||
        !Terminated(e.aliases, sizeof(e.aliases)) || !Terminated(e.version, sizeof(e.version))) {
      return Fail("bad kconnect manifest (entry " + std::to_string(i) +
                  " has a field that is not NUL-terminated)");
    }
    if (i < count) {
      manifest.entries.push_back(
          ManifestEntry{e.kind, e.class_name, SplitAliases(e.aliases), e.version});
    }
  }
  return manifest;
}

class MemorySource : public ByteSource {
 public:
  explicit MemorySource(std::string_view data) : data_(data) {}
  uint64_t Size() const override { return data_.size(); }
  bool ReadAt(uint64_t offset, size_t length, char* out) override {
    std::memcpy(out, data_.data() + offset, length);
    return true;
  }

 private:
  std::string_view data_;
};

class FileSource : public ByteSource {
 public:
  FileSource(std::ifstream& in, uint64_t size) : in_(in), size_(size) {}
  uint64_t Size() const override { return size_; }
  bool ReadAt(uint64_t offset, size_t length, char* out) override {
    in_.clear();
    in_.seekg(static_cast<std::streamoff>(offset));
    in_.read(out, static_cast<std::streamsize>(length));
    return static_cast<size_t>(in_.gcount()) == length;
  }

 private:
  std::ifstream& in_;
  uint64_t size_;
};

}  // namespace

util::Result<PluginManifest> ParsePluginManifest(ByteSource& source) {
  const uint64_t size = source.Size();
  const util::Error io_error = Fail("cannot read file (I/O error)");

  char ehdr[kEhdrSize];
  const size_t ident_len = size < kEhdrSize ? static_cast<size_t>(size) : kEhdrSize;
  if (!source.ReadAt(0, ident_len, ehdr)) return io_error;
  if (ident_len < 4 || std::memcmp(ehdr,
                                   "\x7f"
                                   "ELF",
                                   4) != 0) {
    return Fail("not a shared library (bad ELF magic)");
  }
  if (ident_len < kEhdrSize) return Fail("malformed ELF file (truncated ELF header)");
  if (static_cast<uint8_t>(ehdr[4]) != kElfClass64) {
    return Fail("unsupported ELF file (" +
                std::string(ehdr[4] == 1 ? "32-bit" : "unknown ELF class") +
                "); only 64-bit libraries are supported");
  }
  if (static_cast<uint8_t>(ehdr[5]) != kElfData2Lsb) {
    return Fail("unsupported ELF file (not little-endian)");
  }
  const uint16_t type = Le16(ehdr + 16);
  if (type != kEtDyn) {
    return Fail("not a shared library (ELF type " + std::to_string(type) + " is not ET_DYN)");
  }
  const uint16_t machine = Le16(ehdr + 18);
  const uint64_t shoff = Le64(ehdr + 0x28);
  const uint16_t shentsize = Le16(ehdr + 0x3a);
  uint64_t shnum = Le16(ehdr + 0x3c);
  uint32_t shstrndx = Le16(ehdr + 0x3e);
  const util::Error no_manifest = Fail("no kconnect manifest (section .kconnect_manifest missing)");
  if (shoff == 0) return no_manifest;  // a library stripped of its section headers
  if (shentsize != kShdrSize) {
    return Fail("malformed ELF file (section header size " + std::to_string(shentsize) + ")");
  }
  if (!InBounds(shoff, kShdrSize, size)) {
    return Fail("malformed ELF file (section headers beyond the end of the file)");
  }
  // Extended numbering (gABI): with 0xff00 or more sections the real count
  // and string-table index live in section header 0.
  if (shnum == 0 || shstrndx == kShnXindex) {
    char first[kShdrSize];
    if (!source.ReadAt(shoff, kShdrSize, first)) return io_error;
    SectionHeader zero = DecodeSectionHeader(first);
    if (shnum == 0) shnum = zero.size;
    if (shstrndx == kShnXindex) shstrndx = zero.link;
  }
  if (shnum == 0 || shnum > (size - shoff) / kShdrSize) {
    return Fail("malformed ELF file (section headers beyond the end of the file)");
  }
  if (shstrndx == 0 || shstrndx >= shnum) return no_manifest;  // no section names at all

  std::string headers(static_cast<size_t>(shnum * kShdrSize), '\0');
  if (!source.ReadAt(shoff, headers.size(), headers.data())) return io_error;
  const SectionHeader strtab = DecodeSectionHeader(headers.data() + shstrndx * kShdrSize);
  if (strtab.type == kShtNobits || !InBounds(strtab.offset, strtab.size, size) ||
      strtab.size > kMaxShstrtabSize) {
    return Fail("malformed ELF file (section name table out of bounds)");
  }
  std::string names(static_cast<size_t>(strtab.size), '\0');
  if (!names.empty() && !source.ReadAt(strtab.offset, names.size(), names.data())) return io_error;

  for (uint64_t i = 1; i < shnum; ++i) {
    const SectionHeader section = DecodeSectionHeader(headers.data() + i * kShdrSize);
    if (section.name >= names.size()) continue;  // name outside the table: not ours
    // Names are NUL-terminated; one running off the end of the table matches nothing.
    const std::string_view rest = std::string_view(names).substr(section.name);
    const size_t end = rest.find('\0');
    if (end == std::string_view::npos || rest.substr(0, end) != kManifestSection) continue;

    if (section.type == kShtNobits) {
      return Fail("bad kconnect manifest (section .kconnect_manifest has no data)");
    }
    if (section.size != sizeof(kconnect_manifest_t)) {
      return Fail("bad kconnect manifest (section has " + std::to_string(section.size) +
                  " bytes, expected " + std::to_string(sizeof(kconnect_manifest_t)) +
                  "; built against a different SDK, or more than one manifest in the library?)");
    }
    if (!InBounds(section.offset, section.size, size)) {
      return Fail("malformed ELF file (manifest section beyond the end of the file)");
    }
    std::string bytes(sizeof(kconnect_manifest_t), '\0');
    if (!source.ReadAt(section.offset, bytes.size(), bytes.data())) return io_error;
    return DecodeManifest(bytes, machine);
  }
  return no_manifest;
}

util::Result<PluginManifest> ParsePluginManifest(std::string_view elf_image) {
  MemorySource source(elf_image);
  return ParsePluginManifest(source);
}

util::Result<PluginManifest> ReadPluginManifest(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(std::string("cannot read file: ") + std::strerror(errno));
  in.seekg(0, std::ios::end);
  const std::streamoff end = in.tellg();
  if (end < 0) return Fail("cannot read file (cannot determine its size)");
  in.seekg(0);
  FileSource source(in, static_cast<uint64_t>(end));
  return ParsePluginManifest(source);
}

}  // namespace kconnect::worker::plugins
