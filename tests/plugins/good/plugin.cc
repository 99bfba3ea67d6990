// The manifest and factory of good.so. GoodSinkConnector has an explicit
// alias on top of the derived ones, so that tests can check manifest aliases.

#include "kconnect/plugin.h"

#include "good/good_plugins.h"

using kconnect::test_plugins::GoodPredicate;
using kconnect::test_plugins::GoodSinkConnector;
using kconnect::test_plugins::GoodSourceConnector;
using kconnect::test_plugins::GoodTransformation;

#define KC_GOOD_PLUGINS(X)                                                                  \
  X(source, GoodSourceConnector, "com.example.test.GoodSourceConnector", "1.0.0", "")       \
  X(sink, GoodSinkConnector, "com.example.test.GoodSinkConnector", "1.0.0", "test-sink")    \
  X(transformation, GoodTransformation, "com.example.test.GoodTransformation", "1.0.0", "") \
  X(predicate, GoodPredicate, "com.example.test.GoodPredicate", "1.0.0", "")

KCONNECT_DECLARE_PLUGINS_WITH_ALIASES(KC_GOOD_PLUGINS)
