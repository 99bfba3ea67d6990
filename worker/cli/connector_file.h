#pragma once
// Connector configuration files given to connect-standalone on the command
// line (ConnectStandalone.parseConnectorConfigurationFile, runtime.md §0):
// a JSON object of strings, a JSON CreateConnectorRequest, or a Java
// .properties file.

#include <optional>
#include <string>

#include "kconnect/config_def.h"
#include "worker/herder/herder.h"
#include "worker/util/result.h"

namespace kconnect::worker::cli {

struct ConnectorFile {
  std::string name;
  Props config;  // contains "name"
  std::optional<herder::TargetState> initial_state;
};

// Errors name the file: "Connector configuration at '<file>' is missing the
// mandatory 'name' configuration", unreadable file, bad JSON shapes.
util::Result<ConnectorFile> ParseConnectorFile(const std::string& path);

}  // namespace kconnect::worker::cli
