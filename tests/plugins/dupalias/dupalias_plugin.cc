// dupalias.so: plugins whose aliases collide.
//  - com.example.a.FooConnector (source) and com.example.b.FooConnector (sink)
//    share the simple name FooConnector and the pruned name Foo, and both
//    claim the explicit alias "shared-alias": all three aliases are dropped,
//    and the connector fallback for "Foo" is ambiguous.
//  - com.example.dup.BarConnector (source) and com.example.dup.Bar
//    (transformation) share the pruned name Bar: the alias is dropped, but the
//    connector fallback finds exactly one connector for "Bar".
//  - com.example.test.GoodTransformation duplicates a class of good.so; the
//    worker keeps whichever it scans first and reports the other.

#include "common/minimal_plugins.h"
#include "kconnect/plugin.h"

namespace kconnect::test_plugins {

class FooSourceConnector : public MinimalSourceConnector {};
class FooSinkConnector : public MinimalSinkConnector {};
class BarConnector : public MinimalSourceConnector {};
class Bar : public IdentityTransformation {};
class DuplicateGoodTransformation : public IdentityTransformation {};

}  // namespace kconnect::test_plugins

#define KC_DUPALIAS_PLUGINS(X)                                                                 \
  X(source, kconnect::test_plugins::FooSourceConnector, "com.example.a.FooConnector", "0.1.0", \
    "shared-alias")                                                                            \
  X(sink, kconnect::test_plugins::FooSinkConnector, "com.example.b.FooConnector", "0.1.0",     \
    "shared-alias")                                                                            \
  X(source, kconnect::test_plugins::BarConnector, "com.example.dup.BarConnector", "0.1.0", "") \
  X(transformation, kconnect::test_plugins::Bar, "com.example.dup.Bar", "0.1.0", "")           \
  X(transformation, kconnect::test_plugins::DuplicateGoodTransformation,                       \
    "com.example.test.GoodTransformation", "0.0.0-duplicate", "")

KCONNECT_DECLARE_PLUGINS_WITH_ALIASES(KC_DUPALIAS_PLUGINS)
