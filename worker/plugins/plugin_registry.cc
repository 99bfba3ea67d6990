#include "worker/plugins/plugin_registry.h"

#include <dlfcn.h>
#include <elf.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/dll/shared_library.hpp>
#include <exception>
#include <filesystem>
#include <system_error>
#include <tuple>

#include "kconnect/plugin.h"
#include "worker/plugins/manifest_reader.h"

namespace kconnect::worker::plugins {
namespace fs = std::filesystem;

namespace {

constexpr const char* kBuiltinLocation = "builtin";

#if defined(__x86_64__)
constexpr uint16_t kWorkerMachine = EM_X86_64;
#elif defined(__aarch64__)
constexpr uint16_t kWorkerMachine = EM_AARCH64;
#else
constexpr uint16_t kWorkerMachine = 0;  // unknown: leave the check to dlopen
#endif

// Java's Class.getSimpleName: after the package and, for a nested class
// (Outer$Inner), after the enclosing class.
std::string SimpleName(const std::string& class_name) {
  size_t cut = class_name.find_last_of(".$");
  return cut == std::string::npos ? class_name : class_name.substr(cut + 1);
}

// The Java type name a kind's instances must extend (PluginType.simpleName()).
const char* KindBaseClass(PluginKind kind) {
  switch (kind) {
    case PluginKind::kSource:
      return "SourceConnector";
    case PluginKind::kSink:
      return "SinkConnector";
    case PluginKind::kConverter:
      return "Converter";
    case PluginKind::kHeaderConverter:
      return "HeaderConverter";
    case PluginKind::kTransformation:
      return "Transformation";
    case PluginKind::kPredicate:
      return "Predicate";
  }
  return "?";
}

// PluginUtils.prunedName: the simple name minus the kind's suffix, when the
// suffix occurs after the first character (lastIndexOf(suffix) > 0).
std::string PrunedName(PluginKind kind, const std::string& simple) {
  const std::string suffix =
      kind == PluginKind::kSource || kind == PluginKind::kSink ? "Connector" : KindBaseClass(kind);
  size_t pos = simple.rfind(suffix);
  if (pos != std::string::npos && pos > 0) return simple.substr(0, pos);
  return simple;
}

bool IsConnector(PluginKind kind) {
  return kind == PluginKind::kSource || kind == PluginKind::kSink;
}

// Sort rank of Plugins(): sinks, sources, then the other kinds.
int KindRank(PluginKind kind) {
  switch (kind) {
    case PluginKind::kSink:
      return 0;
    case PluginKind::kSource:
      return 1;
    default:
      return 2 + static_cast<int>(kind);
  }
}

// Java's PluginDesc.toString(), used in the connector error messages so that
// they read as the Java worker's do.
std::string PluginDescString(const PluginInfo& info) {
  const std::string location =
      info.location == kBuiltinLocation ? "classpath" : "file:" + info.location;
  const char* type = PluginKindName(info.kind);
  return "PluginDesc{klass=class " + info.class_name + ", name='" + info.class_name +
         "', version='" + info.version + "', encodedVersion=" + info.version + ", type=" + type +
         ", typeName='" + type + "', location='" + location + "'}";
}

std::string Join(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

bool HasSoSuffix(const fs::path& path) {
  const std::string name = path.filename().string();
  return name.size() > 3 && name.compare(name.size() - 3, 3, ".so") == 0;
}

}  // namespace

const char* PluginKindName(PluginKind kind) {
  switch (kind) {
    case PluginKind::kSource:
      return "source";
    case PluginKind::kSink:
      return "sink";
    case PluginKind::kConverter:
      return "converter";
    case PluginKind::kHeaderConverter:
      return "header_converter";
    case PluginKind::kTransformation:
      return "transformation";
    case PluginKind::kPredicate:
      return "predicate";
  }
  return "unknown";
}

std::optional<PluginKind> ParsePluginKind(std::string_view name) {
  for (PluginKind kind :
       {PluginKind::kSource, PluginKind::kSink, PluginKind::kConverter,
        PluginKind::kHeaderConverter, PluginKind::kTransformation, PluginKind::kPredicate}) {
    if (name == PluginKindName(kind)) return kind;
  }
  return std::nullopt;
}

struct PluginRegistry::LoadedLibrary {
  boost::dll::shared_library library;
};

PluginRegistry::PluginRegistry() = default;
PluginRegistry::~PluginRegistry() = default;

void PluginRegistry::Problem(std::string message) {
  spdlog::error("{}", message);
  problems_.push_back(std::move(message));
}

const std::vector<std::string>& PluginRegistry::Problems() const { return problems_; }

void PluginRegistry::RegisterBuiltin(PluginKind kind, std::string class_name, std::string version,
                                     std::function<void*()> factory) {
  PluginInfo info{kind, std::move(class_name), {}, std::move(version), kBuiltinLocation};
  if (Add(std::move(info), {}, std::move(factory))) RecomputeAliases();
}

bool PluginRegistry::Add(PluginInfo info, std::vector<std::string> explicit_aliases,
                         std::function<void*()> factory) {
  auto key = std::make_pair(info.kind, info.class_name);
  auto existing = by_class_.find(key);
  if (existing != by_class_.end()) {
    Problem(info.location + ": " + PluginKindName(info.kind) + " " + info.class_name +
            " is already provided by " + plugins_[existing->second].info.location +
            "; the later one is ignored");
    return false;
  }
  if (info.location != kBuiltinLocation) {
    spdlog::info("Added plugin '{}'", info.class_name);
  }
  std::vector<std::string>& known = explicit_aliases_[info.class_name];
  for (std::string& alias : explicit_aliases) {
    if (std::find(known.begin(), known.end(), alias) == known.end()) {
      known.push_back(std::move(alias));
    }
  }
  by_class_.emplace(std::move(key), plugins_.size());
  plugins_.push_back(Registered{std::move(info), std::move(factory)});
  return true;
}

void PluginRegistry::RecomputeAliases() {
  // alias -> the distinct classes claiming it (PluginUtils.computeAliases),
  // over all kinds at once, as Java does.
  std::map<std::string, std::set<std::string>> claims;
  std::map<std::string, std::vector<std::string>> candidates;  // per FQCN, in order
  for (const Registered& plugin : plugins_) {
    const std::string& fqcn = plugin.info.class_name;
    const std::string simple = SimpleName(fqcn);
    std::vector<std::string>& mine = candidates[fqcn];
    auto claim = [&](const std::string& alias) {
      if (alias.empty() || alias == fqcn) return;
      claims[alias].insert(fqcn);
      if (std::find(mine.begin(), mine.end(), alias) == mine.end()) mine.push_back(alias);
    };
    claim(simple);
    claim(PrunedName(plugin.info.kind, simple));
    auto extra = explicit_aliases_.find(fqcn);
    if (extra != explicit_aliases_.end()) {
      for (const std::string& alias : extra->second) claim(alias);
    }
  }
  aliases_.clear();
  for (const auto& [alias, classes] : claims) {
    if (classes.size() == 1) {
      aliases_.emplace(alias, *classes.begin());
    } else if (warned_aliases_.insert(alias).second) {
      spdlog::warn(
          "Ignoring duplicate alias '{}' since it refers to multiple distinct plugins [{}]", alias,
          Join(std::vector<std::string>(classes.begin(), classes.end()), ", "));
    }
  }
  for (Registered& plugin : plugins_) {
    plugin.info.aliases.clear();
    for (const std::string& alias : candidates[plugin.info.class_name]) {
      if (aliases_.count(alias) != 0) plugin.info.aliases.push_back(alias);
    }
  }
}

void PluginRegistry::ScanPluginPath(const std::vector<std::string>& entries) {
  for (const std::string& raw : entries) {
    const size_t begin = raw.find_first_not_of(" \t");
    if (begin == std::string::npos) continue;
    const std::string entry = raw.substr(begin, raw.find_last_not_of(" \t") - begin + 1);
    std::error_code ec;
    const fs::file_status status = fs::status(entry, ec);
    if (ec || !fs::exists(status)) {
      Problem(entry + ": cannot read plugin path entry (" +
              (ec ? ec.message() : std::string("No such file or directory")) + "); ignoring it");
      continue;
    }
    if (fs::is_directory(status)) {
      ScanDirectory(entry, 0);
    } else {
      // A file named explicitly is tried whatever its name; the manifest
      // check tells a library from anything else.
      ScanLibrary(entry);
    }
  }
  RecomputeAliases();
}

void PluginRegistry::ScanDirectory(const std::string& dir, int depth) {
  spdlog::debug("Scanning plugin directory {}", dir);
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  std::vector<fs::path> children;
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    children.push_back(it->path());
  }
  if (ec) {
    // Java logs "Could not get listing for plugin path" and carries on.
    Problem(dir + ": cannot list plugin directory (" + ec.message() + "); ignoring it");
    return;
  }
  std::sort(children.begin(), children.end());
  for (const fs::path& child : children) {
    std::error_code child_ec;
    const fs::file_status status = fs::status(child, child_ec);
    if (child_ec) {
      if (HasSoSuffix(child)) {
        Problem(child.string() + ": cannot read file (" + child_ec.message() + ")");
      }
      continue;
    }
    if (fs::is_directory(status)) {
      if (depth == 0) ScanDirectory(child.string(), depth + 1);
    } else if (fs::is_regular_file(status) && HasSoSuffix(child)) {
      ScanLibrary(child.string());
    }
  }
}

void PluginRegistry::ScanLibrary(const std::string& path) {
  std::error_code ec;
  const std::string location = fs::absolute(path, ec).lexically_normal().string();
  const fs::path canonical = fs::canonical(path, ec);
  if (!scanned_files_.insert(ec ? location : canonical.string()).second) {
    spdlog::debug("Plugin library {} was already scanned", location);
    return;
  }
  spdlog::info("Loading plugin from: {}", location);

  util::Result<PluginManifest> read = ReadPluginManifest(location);
  if (!read.Ok()) {
    Problem(location + ": " + read.Error().message);
    return;
  }
  const PluginManifest& manifest = read.Value();
  if (manifest.abi_version != KCONNECT_ABI_VERSION) {
    Problem(location + ": plugin ABI version " + std::to_string(manifest.abi_version) +
            " does not match the worker's " + std::to_string(KCONNECT_ABI_VERSION));
    return;
  }
  if (manifest.toolchain != KCONNECT_TOOLCHAIN_TAG) {
    Problem(location + ": plugin toolchain tag '" + manifest.toolchain +
            "' does not match the worker's '" + KCONNECT_TOOLCHAIN_TAG + "'");
    return;
  }
  if (kWorkerMachine != 0 && manifest.elf_machine != kWorkerMachine) {
    Problem(location + ": library is built for another machine (ELF machine " +
            std::to_string(manifest.elf_machine) + ", the worker's is " +
            std::to_string(kWorkerMachine) + ")");
    return;
  }

  struct Accepted {
    PluginKind kind;
    const ManifestEntry* entry;
  };
  std::vector<Accepted> accepted;
  for (const ManifestEntry& entry : manifest.entries) {
    std::optional<PluginKind> kind = ParsePluginKind(entry.kind);
    if (!kind) {
      Problem(location + ": unknown plugin kind '" + entry.kind + "' for class " +
              entry.class_name + "; the entry is ignored");
    } else if (entry.class_name.empty()) {
      Problem(location + ": manifest entry of kind " + entry.kind +
              " has no class name; the entry is ignored");
    } else {
      accepted.push_back({*kind, &entry});
    }
  }
  if (accepted.empty()) {
    Problem(location + ": the library declares no usable plugins; it is not loaded");
    return;
  }

  auto loaded = std::make_unique<LoadedLibrary>();
  // RTLD_LOCAL keeps each library's symbols to itself (the analogue of Java's
  // per-plugin class loader); RTLD_NOW turns an unresolved symbol into a load
  // error now instead of a crash later; RTLD_NODELETE keeps the code mapped
  // even if the handle is closed, because instances may outlive the registry.
  namespace mode = boost::dll::load_mode;
  const mode::type flags =
      mode::rtld_local | mode::rtld_now | static_cast<mode::type>(RTLD_NODELETE);
  boost::dll::fs::error_code load_ec;
  dlerror();  // clear any stale message
  loaded->library.load(boost::dll::fs::path(location), flags, load_ec);
  if (load_ec || !loaded->library.is_loaded()) {
    const char* detail = dlerror();
    Problem(location + ": cannot load library: " + (detail ? detail : load_ec.message()));
    return;
  }
  if (!loaded->library.has("kconnect_create")) {
    Problem(location + ": the library does not export kconnect_create");
    return;
  }
  kconnect_create_fn create =
      &loaded->library.get<void*(const char*, const char*)>("kconnect_create");

  for (const Accepted& a : accepted) {
    PluginInfo info{a.kind, a.entry->class_name, {}, a.entry->version, location};
    std::function<void*()> factory = [create, class_name = a.entry->class_name, kind = a.kind]() {
      return create(class_name.c_str(), PluginKindName(kind));
    };
    Add(std::move(info), a.entry->aliases, std::move(factory));
  }
  libraries_.push_back(std::move(loaded));
}

const PluginRegistry::Registered* PluginRegistry::Find(PluginKind kind,
                                                       const std::string& class_name) const {
  auto it = by_class_.find(std::make_pair(kind, class_name));
  return it == by_class_.end() ? nullptr : &plugins_[it->second];
}

util::Result<const PluginRegistry::Registered*> PluginRegistry::ResolveConnectorEntry(
    const std::string& name) const {
  // A FQCN first, then an alias (DelegatingClassLoader.loadClass with the
  // alias table).
  std::vector<const std::string*> candidates = {&name};
  auto alias = aliases_.find(name);
  if (alias != aliases_.end()) candidates.push_back(&alias->second);
  for (const std::string* fqcn : candidates) {
    if (const Registered* r = Find(PluginKind::kSource, *fqcn)) return r;
    if (const Registered* r = Find(PluginKind::kSink, *fqcn)) return r;
  }
  // Plugins.connectorClass's fallback: compare simple names with X and
  // X + "Connector", over all connectors in class-name order.
  std::vector<const Registered*> connectors;
  for (const Registered& plugin : plugins_) {
    if (IsConnector(plugin.info.kind)) connectors.push_back(&plugin);
  }
  std::sort(connectors.begin(), connectors.end(), [](const Registered* a, const Registered* b) {
    return std::tie(a->info.class_name, a->info.kind) < std::tie(b->info.class_name, b->info.kind);
  });
  std::vector<const Registered*> matches;
  for (const Registered* plugin : connectors) {
    const std::string simple = SimpleName(plugin->info.class_name);
    if (simple == name || simple == name + "Connector") matches.push_back(plugin);
  }
  auto describe = [](const std::vector<const Registered*>& list) {
    std::vector<std::string> descs;
    descs.reserve(list.size());
    for (const Registered* plugin : list) descs.push_back(PluginDescString(plugin->info));
    return Join(descs, ", ");
  };
  if (matches.empty()) {
    return util::Internal(
        "Failed to find any class that implements Connector and which name matches " + name +
        ", available connectors are: " + describe(connectors));
  }
  if (matches.size() > 1) {
    // Java lists every connector here; the matching ones are what the user
    // needs to pick from.
    return util::Internal(
        "More than one connector matches alias " + name +
        ". Please use full package and class name instead. Classes found: " + describe(matches));
  }
  return matches.front();
}

util::Result<const PluginRegistry::Registered*> PluginRegistry::ResolveEntry(
    PluginKind kind, const std::string& name) const {
  if (IsConnector(kind)) return ResolveConnectorEntry(name);
  std::string fqcn = name;
  if (Find(kind, fqcn) == nullptr) {
    auto alias = aliases_.find(name);
    if (alias != aliases_.end()) fqcn = alias->second;
  }
  if (const Registered* r = Find(kind, fqcn)) return r;
  // The class exists but is something else: Plugins.pluginClass's message.
  for (const Registered& plugin : plugins_) {
    if (plugin.info.class_name == fqcn) {
      return util::BadRequest("Requested class: " + name + " does not extend " +
                              KindBaseClass(kind));
    }
  }
  return util::BadRequest("Class " + name + " could not be found.");
}

util::Result<PluginInfo> PluginRegistry::ResolveConnector(const std::string& name) const {
  return Resolve(PluginKind::kSource, name);
}

util::Result<PluginInfo> PluginRegistry::Resolve(PluginKind kind, const std::string& name) const {
  util::Result<const Registered*> entry = ResolveEntry(kind, name);
  if (!entry.Ok()) return entry.Error();
  return entry.Value()->info;
}

util::Result<void*> PluginRegistry::Create(const Registered& plugin) const {
  const std::string what = std::string("Instantiation error: cannot create ") +
                           PluginKindName(plugin.info.kind) + " " + plugin.info.class_name + ": ";
  void* instance = nullptr;
  try {
    instance = plugin.factory();
  } catch (const std::exception& e) {
    return util::Internal(what + e.what());
  } catch (...) {
    return util::Internal(what + "unknown exception");
  }
  if (instance == nullptr) {
    return util::Internal(what + "the plugin's factory returned no instance (location " +
                          plugin.info.location + ")");
  }
  return instance;
}

template <typename T>
util::Result<std::unique_ptr<T>> PluginRegistry::NewInstance(PluginKind kind,
                                                             const std::string& name) const {
  util::Result<const Registered*> entry = ResolveEntry(kind, name);
  if (!entry.Ok()) return entry.Error();
  util::Result<void*> raw = Create(*entry.Value());
  if (!raw.Ok()) return raw.Error();
  return std::unique_ptr<T>(static_cast<T*>(raw.Value()));
}

util::Result<std::unique_ptr<kconnect::Connector>> PluginRegistry::NewConnector(
    const std::string& name) const {
  util::Result<const Registered*> entry = ResolveConnectorEntry(name);
  if (!entry.Ok()) return entry.Error();
  const PluginInfo& info = entry.Value()->info;
  util::Result<void*> raw = Create(*entry.Value());
  if (!raw.Ok()) return raw.Error();
  std::unique_ptr<kconnect::Connector> connector(static_cast<kconnect::Connector*>(raw.Value()));
  // A manifest that calls a sink a source (or the reverse) would make the
  // worker drive the connector through the wrong interface.
  const bool right_kind = info.kind == PluginKind::kSource
                              ? dynamic_cast<kconnect::SourceConnector*>(connector.get()) != nullptr
                              : dynamic_cast<kconnect::SinkConnector*>(connector.get()) != nullptr;
  if (!right_kind) {
    return util::Internal("Instantiation error: cannot create " +
                          std::string(PluginKindName(info.kind)) + " " + info.class_name +
                          ": the class does not extend " + KindBaseClass(info.kind) +
                          " (location " + info.location + ")");
  }
  return connector;
}

util::Result<std::unique_ptr<kconnect::Converter>> PluginRegistry::NewConverter(
    const std::string& name) const {
  return NewInstance<kconnect::Converter>(PluginKind::kConverter, name);
}

util::Result<std::unique_ptr<kconnect::HeaderConverter>> PluginRegistry::NewHeaderConverter(
    const std::string& name) const {
  return NewInstance<kconnect::HeaderConverter>(PluginKind::kHeaderConverter, name);
}

util::Result<std::unique_ptr<kconnect::Transformation>> PluginRegistry::NewTransformation(
    const std::string& name) const {
  return NewInstance<kconnect::Transformation>(PluginKind::kTransformation, name);
}

util::Result<std::unique_ptr<kconnect::Predicate>> PluginRegistry::NewPredicate(
    const std::string& name) const {
  return NewInstance<kconnect::Predicate>(PluginKind::kPredicate, name);
}

std::vector<PluginInfo> PluginRegistry::Plugins() const {
  std::vector<PluginInfo> out;
  out.reserve(plugins_.size());
  for (const Registered& plugin : plugins_) out.push_back(plugin.info);
  std::sort(out.begin(), out.end(), [](const PluginInfo& a, const PluginInfo& b) {
    const int rank_a = KindRank(a.kind);
    const int rank_b = KindRank(b.kind);
    return std::tie(rank_a, a.class_name) < std::tie(rank_b, b.class_name);
  });
  return out;
}

}  // namespace kconnect::worker::plugins
