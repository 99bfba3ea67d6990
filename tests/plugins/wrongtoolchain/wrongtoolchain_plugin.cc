// wrongtoolchain.so: a complete plugin whose hand-written manifest declares the toolchain tag
// "other-toolchain", so the worker must refuse it from the manifest alone, without loading it.

#include <cstring>

#include "common/minimal_plugins.h"
#include "kconnect/plugin.h"

namespace kconnect::test_plugins {

class WrongToolchainSourceConnector : public MinimalSourceConnector {};

}  // namespace kconnect::test_plugins

extern "C" __attribute__((visibility("default"), used, section(".kconnect_manifest")))
const kconnect_manifest_t kconnect_manifest = {
    KCONNECT_MANIFEST_MAGIC,
    KCONNECT_ABI_VERSION,
    1,
    "other-toolchain",
    {{"source", "com.example.test.WrongToolchainSourceConnector", "", "0.1.0"}}};

extern "C" __attribute__((visibility("default"))) void* kconnect_create(const char* class_name,
                                                                        const char* kind) {
  if (std::strcmp(class_name, "com.example.test.WrongToolchainSourceConnector") == 0 &&
      std::strcmp(kind, "source") == 0) {
    return static_cast<kconnect::Connector*>(
        new kconnect::test_plugins::WrongToolchainSourceConnector());
  }
  return nullptr;
}
