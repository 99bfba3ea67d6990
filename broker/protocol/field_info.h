#pragma once
// FieldInfo: what the schema says about one field of a generated message,
// passed to VisitFields visitors (tests, debug printing). Versions are
// inclusive; an open range ("N+") ends at 32767.

#include <cstdint>
#include <string_view>

namespace kconnect::broker::protocol {

// kFirstFlexibleVersion of a message none of whose versions is flexible.
inline constexpr int16_t kNoFlexibleVersion = 32767;

struct FieldInfo {
  std::string_view name;
  int16_t min_version;
  int16_t max_version;
  // Empty (min > max) when the field is never nullable.
  int16_t nullable_min;
  int16_t nullable_max;
  // >= 0 for a tagged field (KIP-482), else -1.
  int32_t tag;

  bool PresentIn(int16_t version) const { return version >= min_version && version <= max_version; }
  bool NullableIn(int16_t version) const {
    return version >= nullable_min && version <= nullable_max;
  }
};

}  // namespace kconnect::broker::protocol
