// missingsymbol.so: calls a function that no library defines. It links
// (undefined symbols are allowed in the module), but loading it with
// RTLD_NOW fails, which the worker must report instead of crashing later.

#include <string>

#include "common/minimal_plugins.h"
#include "kconnect/plugin.h"

extern "C" int kconnect_test_function_that_does_not_exist(int value);

namespace kconnect::test_plugins {

class MissingSymbolSourceConnector : public MinimalSourceConnector {
 public:
  std::string Version() const override {
    return std::to_string(kconnect_test_function_that_does_not_exist(1));
  }
};

}  // namespace kconnect::test_plugins

#define KC_MISSINGSYMBOL_PLUGINS(X)                               \
  X(source, kconnect::test_plugins::MissingSymbolSourceConnector, \
    "com.example.test.MissingSymbolSourceConnector", "0.1.0")

KCONNECT_DECLARE_PLUGINS(KC_MISSINGSYMBOL_PLUGINS)
