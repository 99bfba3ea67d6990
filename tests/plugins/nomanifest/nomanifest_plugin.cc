// nomanifest.so: exports a working kconnect_create but no manifest section, so
// the worker must refuse it without loading it.

#include <cstring>

#include "common/minimal_plugins.h"

namespace kconnect::test_plugins {

class NoManifestSourceConnector : public MinimalSourceConnector {};

}  // namespace kconnect::test_plugins

extern "C" __attribute__((visibility("default"))) void* kconnect_create(const char* class_name,
                                                                        const char* kind) {
  if (std::strcmp(class_name, "com.example.test.NoManifestSourceConnector") == 0 &&
      std::strcmp(kind, "source") == 0) {
    return static_cast<kconnect::Connector*>(
        new kconnect::test_plugins::NoManifestSourceConnector());
  }
  return nullptr;
}
