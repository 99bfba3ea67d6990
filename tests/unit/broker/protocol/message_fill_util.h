#pragma once
// Test helper: fills every field of a generated message with a deterministic,
// non-default value (derived from the field's name), optionally only the
// fields present in one version and optionally null where nullable.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "broker/protocol/field_info.h"

namespace kconnect::broker::protocol::testing {

struct FillOptions {
  int16_t version = 0;
  // Fill fields absent in `version` too (to prove they are not encoded).
  bool all_versions = false;
  // Use null for fields nullable in `version`.
  bool nulls = false;
};

class Filler {
 public:
  explicit Filler(FillOptions options, uint64_t salt = 0) : o_(options), salt_(salt) {}

  template <typename T>
  void operator()(const FieldInfo& f, T& value) {
    if (!o_.all_versions && !f.PresentIn(o_.version)) return;
    Fill(f, Seed(f.name), value);
  }

 private:
  uint64_t Seed(std::string_view name) const {
    return std::hash<std::string_view>()(name) ^ (salt_ * 0x9e3779b97f4a7c15ULL);
  }

  void Fill(const FieldInfo&, uint64_t, bool& v) { v = !v; }

  template <typename T>
  requires std::is_integral_v<T>
  void Fill(const FieldInfo&, uint64_t seed, T& v) {
    T next = static_cast<T>(seed % 100000 + 2);
    if (next == v) ++next;
    v = next;
  }

  void Fill(const FieldInfo&, uint64_t seed, std::string& v) {
    v = "v" + std::to_string(seed % 9973);
  }

  void Fill(const FieldInfo&, uint64_t seed, std::vector<uint8_t>& v) {
    v = {1, 2, static_cast<uint8_t>(seed), 0xff};
  }

  template <typename T>
  void Fill(const FieldInfo& f, uint64_t seed, std::optional<T>& v) {
    if (o_.nulls && f.NullableIn(o_.version)) {
      v.reset();
      return;
    }
    Fill(f, seed, v.emplace());
  }

  template <typename T>
  void Fill(const FieldInfo& f, uint64_t seed, std::vector<T>& v) {
    v.clear();
    for (uint64_t i = 0; i < 2; ++i) {
      T& e = v.emplace_back();
      if constexpr (requires { e.VisitFields(std::declval<Filler&>()); }) {
        Filler nested(o_, salt_ * 31 + i + 1);
        e.VisitFields(nested);
      } else {
        Fill(f, seed + i, e);
      }
    }
  }

  FillOptions o_;
  uint64_t salt_;
};

// Fills `m` in place.
template <typename Message>
void FillMessage(Message& m, FillOptions options) {
  Filler filler(options);
  m.VisitFields(filler);
}

}  // namespace kconnect::broker::protocol::testing
