#pragma once
// SchemaParser: reads the line-oriented schema format described in
// broker/protocol/README.md into an ApiDef. Errors name the file and line.

#include <string>

#include "broker/protocol/gen/schema.h"

namespace kconnect::broker::protocol::gen {

class SchemaParser {
 public:
  // Parses `text` (the contents of `path`, used in messages). Returns false and
  // sets *error on the first problem.
  bool Parse(const std::string& path, const std::string& text, ApiDef* out, std::string* error);
};

}  // namespace kconnect::broker::protocol::gen
