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

}  // namespace kconnect::worker::herder
