#include "broker/protocol/error_code.h"

namespace kconnect::broker::protocol {

std::string_view ErrorCodeName(int16_t code) {
  switch (code) {
#define KC_X(name, value, str) \
  case value:                  \
    return str;
    KC_KAFKA_ERROR_CODES(KC_X)
#undef KC_X
    default:
      return "UNKNOWN";
  }
}

}  // namespace kconnect::broker::protocol
