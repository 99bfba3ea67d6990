#pragma once
// ConfigDef: declarative configuration definitions, parsing and per-key
// validation, mirroring org.apache.kafka.common.config.ConfigDef and
// AbstractConfig. The per-key results of Validate() are what the REST
// endpoint PUT /connector-plugins/{plugin}/config/validate serves.
//
// Thread-safety: a ConfigDef is immutable after it has been built and may be
// shared; AbstractConfig is immutable.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "kconnect/errors.h"

// SDK types keep default visibility even when the including code is built with
// -fvisibility=hidden: the SDK library exports them, and plugins and the worker
// share one identity for their type_info (exceptions, dynamic_cast).
#pragma GCC visibility push(default)
namespace kconnect {

using Props = std::map<std::string, std::string>;

class ConfigDef {
 public:
  enum class Type { kBoolean, kString, kInt, kShort, kLong, kDouble, kList, kClass, kPassword };
  enum class Importance { kHigh, kMedium, kLow };
  enum class Width { kNone, kShort, kMedium, kLong };

  // A parsed value. monostate is Java null. INT -> int32_t, SHORT -> int16_t,
  // LONG -> int64_t, DOUBLE -> double, BOOLEAN -> bool, STRING/CLASS/PASSWORD ->
  // std::string, LIST -> vector<string>.
  using Parsed = std::variant<std::monostate, bool, int32_t, int16_t, int64_t, double,
                              std::string, std::vector<std::string>>;

  // Validates a parsed value; throws ConfigException (use the 3-argument
  // constructor so the message reads "Invalid value X for configuration Y: ...").
  class Validator {
   public:
    virtual ~Validator() = default;
    virtual void EnsureValid(const std::string& name, const Parsed& value) const = 0;
    // Human-readable description, e.g. "[1,...]" (shown in generated docs).
    virtual std::string ToString() const { return ""; }
  };
  using ValidatorPtr = std::shared_ptr<const Validator>;

  // Supplies recommended values and visibility for the validate endpoint.
  class Recommender {
   public:
    virtual ~Recommender() = default;
    virtual std::vector<Parsed> ValidValues(const std::string& name,
                                            const std::map<std::string, Parsed>& parsed) const = 0;
    virtual bool Visible(const std::string& name,
                         const std::map<std::string, Parsed>& parsed) const = 0;
  };
  using RecommenderPtr = std::shared_ptr<const Recommender>;

  // One configuration key. Designed for C++20 designated initializers:
  //   def.Define({.name = "file", .type = Type::kString, .default_value = Parsed{},
  //               .importance = Importance::kHigh, .documentation = "..."});
  struct ConfigKey {
    // Every member has a default member initializer, so designated
    // initializers that leave members out compile under -Wextra -Werror
    // (-Wmissing-field-initializers).
    std::string name{};
    Type type = Type::kString;
    // nullopt: no default, the key is required. Parsed{} (monostate): default null.
    std::optional<Parsed> default_value{};
    ValidatorPtr validator{};
    Importance importance = Importance::kMedium;
    std::string documentation{};
    std::optional<std::string> group{};
    int order_in_group = -1;
    Width width = Width::kNone;
    std::string display_name{};  // empty: Define() sets it to the name, as Java's define()
    std::vector<std::string> dependents{};
    RecommenderPtr recommender{};
    bool internal = false;

    bool HasDefault() const { return default_value.has_value(); }
  };

  // Per-key validation result (ConfigValue).
  struct ConfigValue {
    std::string name{};
    Parsed value{};
    std::vector<Parsed> recommended_values{};
    std::vector<std::string> error_messages{};
    bool visible = true;
  };

  ConfigDef() = default;

  // Adds a key; throws ConfigException "Configuration <name> is defined twice."
  // on a duplicate. Returns *this for chaining.
  ConfigDef& Define(ConfigKey key);
  // Adds every key of `other` not already defined here (ConfigDef(base) + defines).
  ConfigDef& Merge(const ConfigDef& other);

  const std::vector<ConfigKey>& Keys() const { return keys_; }
  const ConfigKey* Find(const std::string& name) const;
  // Groups in order of first appearance.
  const std::vector<std::string>& Groups() const { return groups_; }

  // Parses and validates every defined key; throws ConfigException on the first
  // problem (missing required: `Missing required configuration "<name>" which
  // has no default value.`). Keys not defined are ignored.
  std::map<std::string, Parsed> Parse(const Props& props) const;

  // Validates every defined key without throwing: one ConfigValue per key, in
  // definition order, with error messages collected (ConfigDef.validate).
  std::vector<ConfigValue> Validate(const Props& props) const;

  // ConfigDef.parseType: string -> typed value. `value` nullopt means "absent
  // or null". Throws ConfigException with Java's texts ("Expected value to be
  // either true or false", "Not a number of type INT", ...).
  static Parsed ParseType(const std::string& name, const std::optional<std::string>& value,
                          Type type);
  // ConfigDef.convertToString: LIST joined with ",", null -> nullopt, PASSWORD
  // as given (masking is the REST layer's business).
  static std::optional<std::string> ConvertToString(const Parsed& value, Type type);
  // "STRING", "INT", ... as Java's Type.name().
  static const char* TypeName(Type type);
  static const char* ImportanceName(Importance importance);
  static const char* WidthName(Width width);

  // Validators with Java's messages.
  static ValidatorPtr AtLeast(int64_t min);                   // "Value must be at least N"
  static ValidatorPtr Between(int64_t min, int64_t max);      // "... no more than N"
  static ValidatorPtr AtLeastDouble(double min);
  static ValidatorPtr ValidString(std::vector<std::string> allowed);  // "String must be one of: a, b"
  static ValidatorPtr CaseInsensitiveValidString(std::vector<std::string> allowed);
  static ValidatorPtr NonEmptyString();                       // "String must be non-empty"
  static ValidatorPtr NonEmptyStringWithoutControlChars();
  static ValidatorPtr NonNullValidator();
  // Every list element must pass `element`.
  static ValidatorPtr ValidList(ValidatorPtr element);
  // Runs each validator in turn.
  static ValidatorPtr CompositeValidator(std::vector<ValidatorPtr> validators);

 private:
  std::vector<ConfigKey> keys_;
  std::map<std::string, size_t> index_;
  std::vector<std::string> groups_;
};

// Parsed configuration (AbstractConfig). Construction parses and validates
// `originals` against `def` and throws ConfigException on the first error.
class AbstractConfig {
 public:
  AbstractConfig(const ConfigDef& def, Props originals);

  // Typed getters. Throw ConfigException "Unknown configuration '<key>'" for an
  // undefined key and ConfigException if the stored type differs.
  bool GetBoolean(const std::string& key) const;
  int32_t GetInt(const std::string& key) const;
  int16_t GetShort(const std::string& key) const;
  int64_t GetLong(const std::string& key) const;
  double GetDouble(const std::string& key) const;
  // STRING, CLASS and PASSWORD; nullopt for a null value.
  std::optional<std::string> GetString(const std::string& key) const;
  std::vector<std::string> GetList(const std::string& key) const;  // null -> empty
  const ConfigDef::Parsed& Get(const std::string& key) const;

  const Props& Originals() const { return originals_; }
  // Original keys starting with prefix; the prefix is removed when strip is true.
  Props OriginalsWithPrefix(const std::string& prefix, bool strip = true) const;

 private:
  Props originals_;
  std::map<std::string, ConfigDef::Parsed> values_;
};

}  // namespace kconnect
#pragma GCC visibility pop
