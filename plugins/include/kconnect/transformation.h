#pragma once
// Single Message Transformations and predicates
// (org.apache.kafka.connect.transforms.Transformation / predicates.Predicate).
// A transformation edits a record in place; returning false drops it. One
// instance is used by one task thread.

#include "kconnect/config_def.h"
#include "kconnect/records.h"

// SDK types keep default visibility even when the including code is built with
// -fvisibility=hidden: the SDK library exports them, and plugins and the worker
// share one identity for their type_info (exceptions, dynamic_cast).
#pragma GCC visibility push(default)
namespace kconnect {

class Transformation {
 public:
  virtual ~Transformation() = default;
  virtual void Configure(const Props& configs) = 0;
  // Returns false to drop the record (Java: apply() returned null).
  virtual bool Apply(ConnectRecord& record) = 0;
  virtual const ConfigDef& Config() const = 0;
  virtual void Close() {}
};

class Predicate {
 public:
  virtual ~Predicate() = default;
  virtual void Configure(const Props& configs) = 0;
  virtual bool Test(const ConnectRecord& record) const = 0;
  virtual const ConfigDef& Config() const = 0;
  virtual void Close() {}
};

}  // namespace kconnect
#pragma GCC visibility pop
