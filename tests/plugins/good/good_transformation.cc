#include <string>
#include <variant>

#include "good/good_plugins.h"

namespace kconnect::test_plugins {
namespace {

constexpr const char* kSuffix = "suffix";
constexpr const char* kPrefix = "prefix";

}  // namespace

void GoodTransformation::Configure(const Props& configs) {
  const AbstractConfig config(Config(), configs);
  suffix_ = config.GetString(kSuffix).value_or("");
}

bool GoodTransformation::Apply(ConnectRecord& record) {
  if (auto* value = std::get_if<std::string>(&record.value.variant())) *value += suffix_;
  return true;
}

const ConfigDef& GoodTransformation::Config() const {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.Define(MakeKey(kSuffix, ConfigDef::Type::kString, ConfigDef::Parsed{std::string("!")},
                     "Text appended to string values"));
    return d;
  }();
  return def;
}

void GoodPredicate::Configure(const Props& configs) {
  const AbstractConfig config(Config(), configs);
  prefix_ = config.GetString(kPrefix).value_or("");
}

bool GoodPredicate::Test(const ConnectRecord& record) const {
  const std::string* value = record.value.Get<std::string>();
  return value != nullptr && value->compare(0, prefix_.size(), prefix_) == 0;
}

const ConfigDef& GoodPredicate::Config() const {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.Define(MakeKey(kPrefix, ConfigDef::Type::kString, ConfigDef::Parsed{std::string()},
                     "The prefix string values must start with"));
    return d;
  }();
  return def;
}

}  // namespace kconnect::test_plugins
