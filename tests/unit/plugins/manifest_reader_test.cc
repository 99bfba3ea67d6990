#include "worker/plugins/manifest_reader.h"

#include <elf.h>
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "kconnect/plugin.h"
#include "unit/plugins/plugin_test_util.h"

namespace kconnect::worker::plugins {
namespace {

using testing::ReadFile;
using testing::TempDir;
using testing::TestPlugin;
using testing::WriteFile;

// The offset of the manifest inside a library image: the magic followed by
// the ABI version and the toolchain tag this test was built with.
size_t ManifestOffset(const std::string& image) {
  std::string needle(16, '\0');
  std::memcpy(needle.data(), KCONNECT_MANIFEST_MAGIC, sizeof(KCONNECT_MANIFEST_MAGIC));
  for (size_t at = image.find(needle); at != std::string::npos; at = image.find(needle, at + 1)) {
    if (at + sizeof(kconnect_manifest_t) <= image.size() &&
        std::strcmp(image.data() + at + offsetof(kconnect_manifest_t, toolchain),
                    KCONNECT_TOOLCHAIN_TAG) == 0) {
      return at;
    }
  }
  ADD_FAILURE() << "manifest not found in the image";
  return std::string::npos;
}

std::string ErrorOf(const util::Result<PluginManifest>& result) {
  return result.Ok() ? std::string("<ok>") : result.Error().message;
}

TEST(ManifestReaderTest, ReadsTheGoodPluginWithoutLoadingIt) {
  util::Result<PluginManifest> result = ReadPluginManifest(TestPlugin("good"));
  ASSERT_TRUE(result.Ok()) << ErrorOf(result);
  const PluginManifest& m = result.Value();
  EXPECT_EQ(m.abi_version, static_cast<uint32_t>(KCONNECT_ABI_VERSION));
  EXPECT_EQ(m.toolchain, KCONNECT_TOOLCHAIN_TAG);
#if defined(__x86_64__)
  EXPECT_EQ(m.elf_machine, EM_X86_64);
#endif
  ASSERT_EQ(m.entries.size(), 4u);
  EXPECT_EQ(m.entries[0].kind, "source");
  EXPECT_EQ(m.entries[0].class_name, "com.example.test.GoodSourceConnector");
  EXPECT_EQ(m.entries[0].version, "1.0.0");
  EXPECT_TRUE(m.entries[0].aliases.empty());
  EXPECT_EQ(m.entries[1].kind, "sink");
  EXPECT_EQ(m.entries[1].class_name, "com.example.test.GoodSinkConnector");
  EXPECT_EQ(m.entries[1].aliases, std::vector<std::string>{"test-sink"});
  EXPECT_EQ(m.entries[2].kind, "transformation");
  EXPECT_EQ(m.entries[3].kind, "predicate");
  EXPECT_EQ(m.entries[3].class_name, "com.example.test.GoodPredicate");
}

TEST(ManifestReaderTest, ReportsTheDeclaredAbiAndToolchainAsTheyAre) {
  // Judging them is the registry's job; the reader only decodes.
  util::Result<PluginManifest> abi = ReadPluginManifest(TestPlugin("wrongabi"));
  ASSERT_TRUE(abi.Ok()) << ErrorOf(abi);
  EXPECT_EQ(abi.Value().abi_version, 999u);
  ASSERT_EQ(abi.Value().entries.size(), 1u);
  EXPECT_EQ(abi.Value().entries[0].class_name, "com.example.test.WrongAbiSourceConnector");

  util::Result<PluginManifest> toolchain = ReadPluginManifest(TestPlugin("wrongtoolchain"));
  ASSERT_TRUE(toolchain.Ok()) << ErrorOf(toolchain);
  EXPECT_EQ(toolchain.Value().toolchain, "other-toolchain");
}

TEST(ManifestReaderTest, ReadsEveryOtherTestPluginThatHasAManifest) {
  for (const char* name : {"throwing", "missingsymbol"}) {
    util::Result<PluginManifest> result = ReadPluginManifest(TestPlugin(name));
    ASSERT_TRUE(result.Ok()) << name << ": " << ErrorOf(result);
    EXPECT_EQ(result.Value().entries.size(), 1u) << name;
  }
  util::Result<PluginManifest> dup = ReadPluginManifest(TestPlugin("dupalias"));
  ASSERT_TRUE(dup.Ok()) << ErrorOf(dup);
  ASSERT_EQ(dup.Value().entries.size(), 5u);
  EXPECT_EQ(dup.Value().entries[0].aliases, std::vector<std::string>{"shared-alias"});
}

TEST(ManifestReaderTest, LibraryWithoutManifestSection) {
  EXPECT_EQ(ErrorOf(ReadPluginManifest(TestPlugin("nomanifest"))),
            "no kconnect manifest (section .kconnect_manifest missing)");
}

TEST(ManifestReaderTest, TextFileNamedLikeALibrary) {
  EXPECT_EQ(ErrorOf(ReadPluginManifest(TestPlugin("notalib"))),
            "not a shared library (bad ELF magic)");
}

TEST(ManifestReaderTest, MissingAndEmptyFiles) {
  TempDir dir;
  util::Result<PluginManifest> missing = ReadPluginManifest(dir.File("absent.so"));
  ASSERT_FALSE(missing.Ok());
  EXPECT_EQ(missing.Error().message, "cannot read file: No such file or directory");

  WriteFile(dir.File("empty.so"), "");
  EXPECT_EQ(ErrorOf(ReadPluginManifest(dir.File("empty.so"))),
            "not a shared library (bad ELF magic)");
}

TEST(ManifestReaderTest, NonLibraryElfFilesAreRefused) {
  std::string image = ReadFile(TestPlugin("good"));
  std::string exec = image;
  exec[16] = ET_EXEC;
  EXPECT_EQ(ErrorOf(ParsePluginManifest(exec)), "not a shared library (ELF type 2 is not ET_DYN)");

  std::string elf32 = image;
  elf32[EI_CLASS] = ELFCLASS32;
  EXPECT_EQ(ErrorOf(ParsePluginManifest(elf32)),
            "unsupported ELF file (32-bit); only 64-bit libraries are supported");

  std::string big_endian = image;
  big_endian[EI_DATA] = ELFDATA2MSB;
  EXPECT_EQ(ErrorOf(ParsePluginManifest(big_endian)), "unsupported ELF file (not little-endian)");
}

TEST(ManifestReaderTest, EveryTruncationOfALibraryIsAnError) {
  const std::string image = ReadFile(TestPlugin("good"));
  ASSERT_TRUE(ParsePluginManifest(image).Ok());
  // Section headers sit at the end of the file, so any truncation loses them.
  std::vector<size_t> lengths = {1,
                                 3,
                                 4,
                                 5,
                                 16,
                                 63,
                                 64,
                                 65,
                                 1000,
                                 4096,
                                 image.size() / 2,
                                 image.size() - 64,
                                 image.size() - 1};
  lengths.push_back(ManifestOffset(image) + 100);
  for (size_t length : lengths) {
    util::Result<PluginManifest> result =
        ParsePluginManifest(std::string_view(image).substr(0, length));
    EXPECT_FALSE(result.Ok()) << "truncated to " << length;
  }
  // The same through a real file.
  TempDir dir;
  WriteFile(dir.File("truncated.so"), image.substr(0, image.size() / 2));
  util::Result<PluginManifest> from_file = ReadPluginManifest(dir.File("truncated.so"));
  ASSERT_FALSE(from_file.Ok());
  EXPECT_EQ(from_file.Error().message,
            "malformed ELF file (section headers beyond the end of the file)");
}

TEST(ManifestReaderTest, RandomBytesAreErrorsNotCrashes) {
  std::mt19937 rng(20240611);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<size_t> length(0, 8192);
  const std::string header = ReadFile(TestPlugin("good")).substr(0, 64);
  for (int round = 0; round < 300; ++round) {
    std::string data(length(rng), '\0');
    for (char& c : data) c = static_cast<char>(byte(rng));
    EXPECT_FALSE(ParsePluginManifest(data).Ok());
    // A valid ELF header in front of garbage: the section table it points to
    // is garbage or out of bounds.
    std::string with_header = header + data;
    EXPECT_FALSE(ParsePluginManifest(with_header).Ok());
  }
}

TEST(ManifestReaderTest, CorruptedHeadersNeverCrash) {
  // Flip bytes in the ELF header and the section header table of a real
  // library; the parser must stay within bounds whatever they say (run
  // under ASan to make this bite).
  const std::string image = ReadFile(TestPlugin("good"));
  const uint64_t shoff = [&] {
    uint64_t v;
    std::memcpy(&v, image.data() + 0x28, 8);
    return v;
  }();
  ASSERT_LT(shoff, image.size());
  std::mt19937 rng(7);
  std::uniform_int_distribution<size_t> header_pos(0, 63);
  std::uniform_int_distribution<size_t> table_pos(shoff, image.size() - 1);
  std::uniform_int_distribution<int> byte(0, 255);
  std::string copy = image;
  int parsed = 0;
  for (int round = 0; round < 3000; ++round) {
    size_t flipped[4];
    for (size_t& at : flipped) {
      at = (round % 2 == 0) ? header_pos(rng) : table_pos(rng);
      copy[at] = static_cast<char>(byte(rng));
    }
    if (ParsePluginManifest(copy).Ok()) ++parsed;
    for (size_t at : flipped) copy[at] = image[at];
  }
  // Some corruptions hit fields the parser does not use; most do not.
  EXPECT_GT(parsed, 0);
}

class ManifestCorruptionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    image_ = ReadFile(TestPlugin("good"));
    at_ = ManifestOffset(image_);
    ASSERT_NE(at_, std::string::npos);
  }
  char* Manifest() { return image_.data() + at_; }
  std::string Parse() { return ErrorOf(ParsePluginManifest(image_)); }

  std::string image_;
  size_t at_ = 0;
};

TEST_F(ManifestCorruptionTest, WrongMagic) {
  Manifest()[0] = 'X';
  EXPECT_EQ(Parse(), "bad kconnect manifest (wrong magic)");
}

TEST_F(ManifestCorruptionTest, TooManyEntries) {
  uint32_t count = KCONNECT_MANIFEST_MAX_ENTRIES + 1;
  std::memcpy(Manifest() + offsetof(kconnect_manifest_t, entry_count), &count, 4);
  EXPECT_EQ(Parse(), "bad kconnect manifest (entry_count 33 exceeds 32)");
}

TEST_F(ManifestCorruptionTest, UnterminatedToolchain) {
  std::memset(Manifest() + offsetof(kconnect_manifest_t, toolchain), 'x', 64);
  EXPECT_EQ(Parse(), "bad kconnect manifest (toolchain tag is not NUL-terminated)");
}

TEST_F(ManifestCorruptionTest, UnterminatedClassNameEvenInAnUnusedEntry) {
  const size_t entry =
      offsetof(kconnect_manifest_t, entries) + 31 * sizeof(kconnect_manifest_entry);
  std::memset(Manifest() + entry + offsetof(kconnect_manifest_entry, class_name), 'c', 200);
  EXPECT_EQ(Parse(), "bad kconnect manifest (entry 31 has a field that is not NUL-terminated)");
}

TEST_F(ManifestCorruptionTest, AliasesAreSplitAndTrimmed) {
  char* aliases = Manifest() + offsetof(kconnect_manifest_t, entries) +
                  offsetof(kconnect_manifest_entry, aliases);
  std::memset(aliases, 0, 200);
  std::strcpy(aliases, " a, ,b ,,c");
  util::Result<PluginManifest> result = ParsePluginManifest(image_);
  ASSERT_TRUE(result.Ok()) << ErrorOf(result);
  EXPECT_EQ(result.Value().entries[0].aliases, (std::vector<std::string>{"a", "b", "c"}));
}

TEST_F(ManifestCorruptionTest, ManifestOfTheWrongSize) {
  // Grow the manifest section's recorded size, as a library built against an
  // SDK with a different struct (or with two manifests) would have it.
  uint64_t shoff;
  uint16_t shnum;
  std::memcpy(&shoff, image_.data() + 0x28, 8);
  std::memcpy(&shnum, image_.data() + 0x3c, 2);
  bool found = false;
  for (uint16_t i = 0; i < shnum; ++i) {
    char* header = image_.data() + shoff + i * 64u;
    uint64_t offset;
    std::memcpy(&offset, header + 24, 8);
    if (offset != at_) continue;
    uint64_t size = sizeof(kconnect_manifest_t) * 2;
    std::memcpy(header + 32, &size, 8);
    found = true;
  }
  ASSERT_TRUE(found);
  EXPECT_EQ(Parse(),
            "bad kconnect manifest (section has 29872 bytes, expected 14936; built "
            "against a different SDK, or more than one manifest in the library?)");
}

TEST_F(ManifestCorruptionTest, RenamedSectionIsNotAManifest) {
  size_t name = image_.rfind(".kconnect_manifest");  // in .shstrtab, near the end
  ASSERT_NE(name, std::string::npos);
  image_[name + 1] = 'K';
  EXPECT_EQ(Parse(), "no kconnect manifest (section .kconnect_manifest missing)");
}

}  // namespace
}  // namespace kconnect::worker::plugins
