// Declares what this library contains. KCONNECT_DECLARE_PLUGINS emits:
//  * `kconnect_manifest`, placed in the ELF section `.kconnect_manifest`, which
//    the worker reads from the file before loading it (SDK ABI version,
//    toolchain, and one entry per plugin: kind, class name, version);
//  * `kconnect_create(class_name, kind)`, the factory the worker calls.
// Exactly one file per library uses the macro.

#include "kconnect/plugin.h"

#include "counter_source_connector.h"

// One X(...) line per plugin: kind (source, sink, converter, header_converter,
// transformation, predicate), C++ class, fully-qualified name, version.
#define EXAMPLE_PLUGINS(X) \
  X(source, example::CounterSourceConnector, "com.example.CounterSourceConnector", "1.0.0")

KCONNECT_DECLARE_PLUGINS(EXAMPLE_PLUGINS)
