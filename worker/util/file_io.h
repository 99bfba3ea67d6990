#pragma once
// File helpers live in common/ (shared with the broker); worker code keeps
// using them under worker::util.
#include "common/file_io.h"

namespace kconnect::worker::util {
using common::ReadWholeFile;
using common::WriteFileAtomically;
}  // namespace kconnect::worker::util
