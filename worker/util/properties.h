#pragma once
// The Java .properties parser lives in common/ (the broker reads its config
// with it too); worker code keeps using it under worker::util.
#include "common/properties.h"

namespace kconnect::worker::util {
using common::LoadPropertiesFile;
using common::ParseProperties;
using common::Properties;
using common::StripPrefix;
}  // namespace kconnect::worker::util
