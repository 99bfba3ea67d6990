#pragma once
// The worker's catalogue of plugins: built-ins compiled into the worker and
// the plugin libraries found on `plugin.path`, looked up by fully-qualified
// class name or alias (runtime.md §2.2, §11).

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kconnect/connector.h"
#include "kconnect/converter.h"
#include "kconnect/transformation.h"
#include "worker/util/result.h"

namespace kconnect::worker::plugins {

enum class PluginKind { kSource, kSink, kConverter, kHeaderConverter, kTransformation, kPredicate };

// "source", "sink", "converter", "header_converter", "transformation",
// "predicate": the manifest's kind strings, and Java's PluginType.toString().
const char* PluginKindName(PluginKind kind);
// The inverse of PluginKindName; nullopt for anything else.
std::optional<PluginKind> ParsePluginKind(std::string_view name);

struct PluginInfo {
  PluginKind kind;
  std::string class_name;            // FQCN
  std::vector<std::string> aliases;  // effective aliases (ambiguous ones removed)
  std::string version;
  std::string location;  // absolute .so path, or "builtin"
};

// Holds every known plugin and creates instances of them.
//
// Name resolution follows Java's DelegatingClassLoader and Plugins: a name is
// a fully-qualified class name or an alias. Every plugin gets two candidate
// aliases (PluginUtils.computeAliases), its simple class name (after the last
// '.' and, for nested classes, the last '$') and its pruned name (the simple
// name minus the kind's suffix: "Connector" for sources and sinks, otherwise
// "Converter", "HeaderConverter", "Transformation", "Predicate"; removed only
// when it does not start the name), plus any explicit aliases from the
// library's manifest. An alias claimed by more than one class is ambiguous and
// dropped for all of them. Connectors additionally fall back to comparing the
// simple name with X and X + "Connector" (Plugins.connectorClass).
//
// Plugin libraries are loaded with RTLD_LOCAL | RTLD_NOW | RTLD_NODELETE and
// never unloaded, so instances and their code stay valid even after the
// registry is gone.
//
// Thread-safety: RegisterBuiltin and ScanPluginPath are start-up calls that
// must not run concurrently with anything else on the same registry. After
// that, all const methods may be called concurrently from any thread.
class PluginRegistry {
 public:
  PluginRegistry();
  ~PluginRegistry();
  PluginRegistry(const PluginRegistry&) = delete;
  PluginRegistry& operator=(const PluginRegistry&) = delete;

  // Adds a plugin compiled into the worker (converters, SMTs, ...). `factory`
  // returns a new instance cast to the kind's SDK base class (Connector*,
  // Converter*, HeaderConverter*, Transformation*, Predicate*) as void*;
  // ownership passes to the caller. A class already registered for the same
  // kind keeps its first registration; the duplicate is recorded in Problems().
  void RegisterBuiltin(PluginKind kind, std::string class_name, std::string version,
                       std::function<void*()> factory);

  // Scans plugin.path entries: directories (every *.so inside, and the *.so
  // files of their immediate subdirectories) and individual library files.
  // Files are visited in name order, so "first wins" between duplicates is
  // deterministic. For each library the manifest is read from the file first;
  // a library whose ABI version, toolchain tag or machine differs from the
  // worker's is refused without being loaded. Accepted libraries are loaded
  // (a missing symbol shows as a load error) and their kconnect_create
  // resolved. A library already scanned (same canonical path) is skipped.
  // Never throws; every problem is logged with the file and the reason and
  // appended to Problems().
  void ScanPluginPath(const std::vector<std::string>& entries);

  // Everything that went wrong while scanning or registering, one message per
  // problem, each starting with the file or path concerned.
  const std::vector<std::string>& Problems() const;

  // New instances; ownership passes to the caller. `name` is a FQCN or an
  // alias; for connectors also a simple name X or X + "Connector".
  // Errors (Java's texts):
  //   connector, unknown (500): "Failed to find any class that implements
  //     Connector and which name matches X, available connectors are: <PluginDesc{...}, ...>"
  //   connector, ambiguous (500): "More than one connector matches alias X.
  //     Please use full package and class name instead. Classes found: <the matches>"
  //   other kinds, unknown (400): "Class X could not be found."
  //   other kinds, a class of another kind (400): "Requested class: X does not extend Converter"
  //   factory threw or returned nothing (500): "Instantiation error: cannot create
  //     <kind> <FQCN>: <reason>"
  util::Result<std::unique_ptr<kconnect::Connector>> NewConnector(const std::string& name) const;
  util::Result<std::unique_ptr<kconnect::Converter>> NewConverter(const std::string& name) const;
  util::Result<std::unique_ptr<kconnect::HeaderConverter>> NewHeaderConverter(
      const std::string& name) const;
  util::Result<std::unique_ptr<kconnect::Transformation>> NewTransformation(
      const std::string& name) const;
  util::Result<std::unique_ptr<kconnect::Predicate>> NewPredicate(const std::string& name) const;

  // Resolves a connector class name or alias (same rules and errors as
  // NewConnector) without creating an instance.
  util::Result<PluginInfo> ResolveConnector(const std::string& name) const;
  // Resolves a name of the given kind (for sources and sinks: exactly as
  // ResolveConnector, whichever of the two it turns out to be).
  util::Result<PluginInfo> Resolve(PluginKind kind, const std::string& name) const;

  // Everything registered: sinks, sources, then converters, header
  // converters, transformations and predicates, each group by class name.
  std::vector<PluginInfo> Plugins() const;

 private:
  struct Registered {
    PluginInfo info;
    std::function<void*()> factory;
  };
  struct LoadedLibrary;  // a boost::dll::shared_library, kept alive

  // Registers one plugin; false (and a problem) if (kind, class) exists.
  bool Add(PluginInfo info, std::vector<std::string> explicit_aliases,
           std::function<void*()> factory);
  void ScanLibrary(const std::string& path);
  void ScanDirectory(const std::string& dir, int depth);
  void Problem(std::string message);
  // Recomputes every plugin's effective aliases after a registration.
  void RecomputeAliases();
  const Registered* Find(PluginKind kind, const std::string& class_name) const;
  util::Result<const Registered*> ResolveConnectorEntry(const std::string& name) const;
  util::Result<const Registered*> ResolveEntry(PluginKind kind, const std::string& name) const;
  util::Result<void*> Create(const Registered& plugin) const;
  template <typename T>
  util::Result<std::unique_ptr<T>> NewInstance(PluginKind kind, const std::string& name) const;

  std::vector<Registered> plugins_;  // registration order
  std::map<std::pair<PluginKind, std::string>, size_t> by_class_;
  // Explicit aliases per FQCN, from manifests.
  std::map<std::string, std::vector<std::string>> explicit_aliases_;
  // Effective alias -> FQCN.
  std::map<std::string, std::string> aliases_;
  std::set<std::string> warned_aliases_;
  std::set<std::string> scanned_files_;  // canonical paths
  std::vector<std::unique_ptr<LoadedLibrary>> libraries_;
  std::vector<std::string> problems_;
};

}  // namespace kconnect::worker::plugins
