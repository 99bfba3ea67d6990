#pragma once
// CppEmitter: turns parsed schemas into C++ sources (one header + one source
// per schema file, plus the API registry and an umbrella header). Build-time
// tool only.

#include <string>
#include <vector>

#include "broker/protocol/gen/schema.h"

namespace kconnect::broker::protocol::gen {

struct GeneratedFile {
  std::string path;  // relative to the output directory
  std::string text;
};

class CppEmitter {
 public:
  // Files for one schema: include/broker/protocol/<stem>.h and src/<stem>.cc.
  std::vector<GeneratedFile> EmitApi(const ApiDef& api) const;
  // include/broker/protocol/apis.h, src/apis.cc and include/broker/protocol/messages.h.
  std::vector<GeneratedFile> EmitRegistry(const std::vector<ApiDef>& apis) const;
};

}  // namespace kconnect::broker::protocol::gen
