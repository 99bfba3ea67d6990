#pragma once
// The version reported by every FileStream plugin: the Kafka release whose
// connectors they mirror (Java reports AppInfoParser.getVersion()). The build
// sets it from KCONNECT_KAFKA_VERSION; only this library's .cc files include it.

#ifndef KC_FILE_CONNECTORS_VERSION
#error "KC_FILE_CONNECTORS_VERSION must be defined by the build"
#endif

namespace kconnect::file {
inline constexpr const char* kVersion = KC_FILE_CONNECTORS_VERSION;
}  // namespace kconnect::file
