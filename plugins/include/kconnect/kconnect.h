#pragma once
// Umbrella header of the kconnect plugin SDK.
#include "kconnect/config_def.h"
#include "kconnect/connector.h"
#include "kconnect/converter.h"
#include "kconnect/data/schema.h"
#include "kconnect/data/struct.h"
#include "kconnect/data/value.h"
#include "kconnect/errors.h"
#include "kconnect/header.h"
#include "kconnect/plugin.h"
#include "kconnect/records.h"
#include "kconnect/task.h"
#include "kconnect/transformation.h"
