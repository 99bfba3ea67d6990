#include "kconnect/converter.h"

namespace kconnect {
namespace {

// Converters without options of their own share one empty definition.
const ConfigDef& EmptyConfigDef() {
  static const ConfigDef def;
  return def;
}

}  // namespace

const ConfigDef& Converter::Config() const { return EmptyConfigDef(); }

const ConfigDef& HeaderConverter::Config() const { return EmptyConfigDef(); }

}  // namespace kconnect
