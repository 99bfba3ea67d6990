#include "worker/herder/herder.h"

namespace kconnect::worker::herder {

const char* ConnectorTypeName(ConnectorType type) {
  switch (type) {
    case ConnectorType::kSource:
      return "source";
    case ConnectorType::kSink:
      return "sink";
    default:
      return "unknown";
  }
}

Props PatchConfig(const Props& config, const ConfigPatch& patch) {
  Props merged = config;
  for (const auto& [key, value] : patch) {
    if (value) {
      merged[key] = *value;
    } else {
      merged.erase(key);
    }
  }
  return merged;
}

}  // namespace kconnect::worker::herder
