// kc_protocol_gen: reads broker/protocol/schema/*.schema and writes the C++
// message codecs. Run by the build (add_custom_command), never at runtime.
//
// Usage: kc_protocol_gen <output-dir> <schema-file>...
// Writes <output-dir>/include/broker/protocol/<stem>.h and <output-dir>/src/<stem>.cc
// per schema, plus apis.h/apis.cc/messages.h. A file whose content is
// unchanged is not rewritten, so an edit to one schema recompiles one file.

#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "broker/protocol/gen/cpp_emitter.h"
#include "broker/protocol/gen/schema_parser.h"

namespace fs = std::filesystem;
using kconnect::broker::protocol::gen::ApiDef;
using kconnect::broker::protocol::gen::CppEmitter;
using kconnect::broker::protocol::gen::GeneratedFile;
using kconnect::broker::protocol::gen::SchemaParser;

namespace {

bool ReadFile(const fs::path& p, std::string* out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

bool WriteIfChanged(const fs::path& p, const std::string& text) {
  std::string old;
  if (ReadFile(p, &old) && old == text) return true;
  std::error_code ec;
  fs::create_directories(p.parent_path(), ec);
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: kc_protocol_gen <output-dir> <schema-file>...\n";
    return 2;
  }
  const fs::path out_dir = argv[1];
  std::vector<ApiDef> apis;
  std::set<int> keys;
  std::set<std::string> names;
  for (int i = 2; i < argc; ++i) {
    const fs::path path = argv[i];
    std::string text;
    if (!ReadFile(path, &text)) {
      std::cerr << path.string() << ": cannot read\n";
      return 1;
    }
    ApiDef api;
    std::string error;
    if (!SchemaParser().Parse(path.string(), text, &api, &error)) {
      std::cerr << error << "\n";
      return 1;
    }
    api.file_stem = path.stem().string();
    if ((!api.is_header && !keys.insert(api.key).second) || !names.insert(api.name).second) {
      std::cerr << path.string() << ": duplicate api key or name\n";
      return 1;
    }
    apis.push_back(std::move(api));
  }
  CppEmitter emitter;
  std::vector<GeneratedFile> files;
  for (const ApiDef& api : apis) {
    for (GeneratedFile& f : emitter.EmitApi(api)) files.push_back(std::move(f));
  }
  for (GeneratedFile& f : emitter.EmitRegistry(apis)) files.push_back(std::move(f));
  for (const GeneratedFile& f : files) {
    if (!WriteIfChanged(out_dir / f.path, f.text)) {
      std::cerr << (out_dir / f.path).string() << ": cannot write\n";
      return 1;
    }
  }
  return 0;
}
