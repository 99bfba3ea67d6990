#pragma once
// In-memory model of one broker/protocol/schema/*.schema file, as read by
// SchemaParser and turned into C++ by CppEmitter. Build-time tool only; the
// broker never links it.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kconnect::broker::protocol::gen {

// An inclusive version range; empty when hi < lo. "N+" is open-ended: hi = kOpen.
struct VersionRange {
  static constexpr int kOpen = 32767;
  int lo = 1;
  int hi = 0;

  bool Empty() const { return hi < lo; }
  bool Contains(int v) const { return v >= lo && v <= hi; }
  bool Covers(const VersionRange& o) const { return o.Empty() || (lo <= o.lo && hi >= o.hi); }
  VersionRange Intersect(const VersionRange& o) const {
    return VersionRange{lo > o.lo ? lo : o.lo, hi < o.hi ? hi : o.hi};
  }
};

struct StructDef;

struct FieldDef {
  std::string name;  // snake_case member name
  std::string type;  // scalar type, or the element type of an array
  bool is_array = false;
  bool element_is_struct = false;
  VersionRange versions;
  VersionRange nullable;                     // empty when never nullable
  std::optional<std::string> default_value;  // as written: -1, 0x7f, true, null, "text"
  int tag = -1;          // >= 0: a KIP-482 tagged field (flexible versions only)
  bool classic = false;  // keeps classic (non-compact) encoding in flexible versions
  std::shared_ptr<StructDef> struct_def;  // for arrays of structs
  int line = 0;
};

struct StructDef {
  std::string name;  // PascalCase
  std::vector<FieldDef> fields;
};

struct MessageDef {
  std::string name;  // e.g. FetchRequest
  bool is_request = false;
  bool is_header = false;
  StructDef root;
};

// One schema file: an API (request + response) or a protocol header.
struct ApiDef {
  std::string name;       // e.g. Fetch, or RequestHeader for a header file
  std::string file_stem;  // e.g. fetch
  int key = -1;           // -1 for header files
  bool is_header = false;
  VersionRange versions;
  VersionRange flexible;            // empty when no version is flexible
  bool response_header_v0 = false;  // response header stays v0 in flexible versions
  std::vector<MessageDef> messages;
};

}  // namespace kconnect::broker::protocol::gen
