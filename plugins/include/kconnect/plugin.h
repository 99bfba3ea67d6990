#pragma once
// Declaring a plugin library.
//
// A plugin .so exports two things (see plugins/README.md, "ABI rules"):
//  1. `kconnect_manifest`: a C-layout struct with no pointers, placed in the ELF
//     section `.kconnect_manifest`. The worker reads it straight from the file,
//     before the library is loaded, so a library built for another ABI or
//     toolchain is refused without running any of its code.
//  2. `kconnect_create(class_name, type)`: an extern "C" factory returning a new
//     instance cast to the SDK base class of `type` (Connector*,
//     Converter*, HeaderConverter*, Transformation*, Predicate*) as void*, or
//     nullptr for an unknown class. Ownership passes to the caller.
//
// Usage, once per library (an X-macro list of the plugins it contains):
//
//   #define MY_PLUGINS(X) X(source, MySourceConnector, "com.example.MySourceConnector", "1.0.0") X(converter, MyConverter, "com.example.MyConverter", "1.0.0")
//   KCONNECT_DECLARE_PLUGINS(MY_PLUGINS)
//
// Kinds: source, sink, converter, header_converter, transformation, predicate.
// Aliases are derived by the worker as in Java (simple class name, and the
// simple name minus the kind's suffix); extra aliases can be given with
// KCONNECT_DECLARE_PLUGINS_WITH_ALIASES and a 5th column.

#include <cstdint>
#include <cstring>
#include <type_traits>

#include "kconnect/connector.h"
#include "kconnect/converter.h"
#include "kconnect/transformation.h"

// Bumped whenever a change to the SDK headers breaks binary compatibility of
// plugins (class layout, virtual tables, value types).
#define KCONNECT_ABI_VERSION 1

#define KCONNECT_STR2_(x) #x
#define KCONNECT_STR_(x) KCONNECT_STR2_(x)

// Everything that must match between the worker and a plugin for C++ objects
// to cross the boundary: the standard library, its ABI flavour, and the
// language level used for the SDK's inline code.
#if defined(_GLIBCXX_RELEASE)
#define KCONNECT_STDLIB_TAG_ \
  "libstdc++" KCONNECT_STR_(_GLIBCXX_RELEASE) "-cxx11abi" KCONNECT_STR_(_GLIBCXX_USE_CXX11_ABI)
#elif defined(_LIBCPP_VERSION)
#define KCONNECT_STDLIB_TAG_ "libc++" KCONNECT_STR_(_LIBCPP_VERSION)
#else
#define KCONNECT_STDLIB_TAG_ "unknown-stdlib"
#endif
#define KCONNECT_TOOLCHAIN_TAG KCONNECT_STDLIB_TAG_ "-cxx20"

#define KCONNECT_MANIFEST_MAGIC "KCONNECT-PLUGIN"
#define KCONNECT_MANIFEST_MAX_ENTRIES 32

extern "C" {
struct kconnect_manifest_entry {
  char kind[24];         // "source", "sink", "converter", ...
  char class_name[200];  // fully-qualified name, e.g. "org.apache.kafka.connect.file.FileStreamSourceConnector"
  char aliases[200];     // extra aliases, comma-separated (may be empty)
  char version[40];
};
struct kconnect_manifest_t {
  char magic[16];  // KCONNECT_MANIFEST_MAGIC, NUL-padded
  uint32_t abi_version;
  uint32_t entry_count;
  char toolchain[64];
  kconnect_manifest_entry entries[KCONNECT_MANIFEST_MAX_ENTRIES];
};
typedef void* (*kconnect_create_fn)(const char* class_name, const char* kind);
}

namespace kconnect::detail {
template <typename T>
void* CreateAs(const char* kind) {
  // Each branch is compiled only for classes of that kind, so one library can
  // declare connectors next to converters, transformations and predicates.
  if constexpr (std::is_base_of_v<Connector, T>) {
    if (std::strcmp(kind, "source") == 0 || std::strcmp(kind, "sink") == 0) {
      return static_cast<Connector*>(new T());
    }
  }
  if constexpr (std::is_base_of_v<Converter, T>) {
    if (std::strcmp(kind, "converter") == 0) return static_cast<Converter*>(new T());
  }
  if constexpr (std::is_base_of_v<HeaderConverter, T>) {
    if (std::strcmp(kind, "header_converter") == 0) return static_cast<HeaderConverter*>(new T());
  }
  if constexpr (std::is_base_of_v<Transformation, T>) {
    if (std::strcmp(kind, "transformation") == 0) return static_cast<Transformation*>(new T());
  }
  if constexpr (std::is_base_of_v<Predicate, T>) {
    if (std::strcmp(kind, "predicate") == 0) return static_cast<Predicate*>(new T());
  }
  return nullptr;
}
template <typename T>
constexpr bool IsConnectorType() {
  return std::is_base_of_v<Connector, T>;
}
}  // namespace kconnect::detail

#define KCONNECT_MANIFEST_ENTRY_(kind, Class, fqcn, version) {#kind, fqcn, "", version},
#define KCONNECT_MANIFEST_ENTRY_A_(kind, Class, fqcn, version, aliases) {#kind, fqcn, aliases, version},
#define KCONNECT_COUNT_(...) +1
#define KCONNECT_FACTORY_CASE_(kind, Class, fqcn, ...)                           \
  if (std::strcmp(class_name, fqcn) == 0 && std::strcmp(kind_name, #kind) == 0) \
    return ::kconnect::detail::CreateAs<Class>(kind_name);

#define KCONNECT_DECLARE_PLUGINS_IMPL_(LIST, ENTRY)                                            \
  extern "C" __attribute__((visibility("default"), used,                                      \
                            section(".kconnect_manifest"))) const kconnect_manifest_t          \
      kconnect_manifest = {KCONNECT_MANIFEST_MAGIC, KCONNECT_ABI_VERSION, 0 LIST(KCONNECT_COUNT_), \
                           KCONNECT_TOOLCHAIN_TAG, {LIST(ENTRY)}};                            \
  static_assert((0 LIST(KCONNECT_COUNT_)) <= KCONNECT_MANIFEST_MAX_ENTRIES,                   \
                "too many plugins in one library");                                           \
  extern "C" __attribute__((visibility("default"))) void* kconnect_create(                    \
      const char* class_name, const char* kind_name) {                                        \
    LIST(KCONNECT_FACTORY_CASE_)                                                              \
    return nullptr;                                                                           \
  }

#define KCONNECT_DECLARE_PLUGINS(LIST) KCONNECT_DECLARE_PLUGINS_IMPL_(LIST, KCONNECT_MANIFEST_ENTRY_)
#define KCONNECT_DECLARE_PLUGINS_WITH_ALIASES(LIST) \
  KCONNECT_DECLARE_PLUGINS_IMPL_(LIST, KCONNECT_MANIFEST_ENTRY_A_)
