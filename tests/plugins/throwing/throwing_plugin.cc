// throwing.so: a valid library whose connector's constructor throws. The
// scan accepts it; creating an instance must fail cleanly, with the reason.

#include <stdexcept>

#include "common/minimal_plugins.h"
#include "kconnect/plugin.h"

namespace kconnect::test_plugins {

class ThrowingSourceConnector : public MinimalSourceConnector {
 public:
  ThrowingSourceConnector() {
    throw std::runtime_error("ThrowingSourceConnector always fails in its constructor");
  }
};

}  // namespace kconnect::test_plugins

#define KC_THROWING_PLUGINS(X)                               \
  X(source, kconnect::test_plugins::ThrowingSourceConnector, \
    "com.example.test.ThrowingSourceConnector", "0.1.0")

KCONNECT_DECLARE_PLUGINS(KC_THROWING_PLUGINS)
