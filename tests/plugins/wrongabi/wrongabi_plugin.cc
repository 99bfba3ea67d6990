// wrongabi.so: a complete plugin whose hand-written manifest declares plugin ABI version 999,
// so the worker must refuse it from the manifest alone, without loading it.

#include <cstring>

#include "common/minimal_plugins.h"
#include "kconnect/plugin.h"

namespace kconnect::test_plugins {

class WrongAbiSourceConnector : public MinimalSourceConnector {};

}  // namespace kconnect::test_plugins

extern "C" __attribute__((visibility("default"), used, section(".kconnect_manifest")))
const kconnect_manifest_t kconnect_manifest = {
    KCONNECT_MANIFEST_MAGIC,
    999,
    1,
    KCONNECT_TOOLCHAIN_TAG,
    {{"source", "com.example.test.WrongAbiSourceConnector", "", "0.1.0"}}};

extern "C" __attribute__((visibility("default"))) void* kconnect_create(const char* class_name,
                                                                        const char* kind) {
  if (std::strcmp(class_name, "com.example.test.WrongAbiSourceConnector") == 0 &&
      std::strcmp(kind, "source") == 0) {
    return static_cast<kconnect::Connector*>(new kconnect::test_plugins::WrongAbiSourceConnector());
  }
  return nullptr;
}
