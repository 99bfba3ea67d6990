#include "worker/runtime/converters/builtin_converters.h"

#include "worker/runtime/converters/boolean_converter.h"
#include "worker/runtime/converters/byte_array_converter.h"
#include "worker/runtime/converters/json_converter.h"
#include "worker/runtime/converters/number_converter.h"
#include "worker/runtime/converters/simple_header_converter.h"
#include "worker/runtime/converters/string_converter.h"

namespace kconnect::worker::runtime {
namespace {

// An entry for a class that is both a Converter and a HeaderConverter.
template <typename T>
BuiltinConverter Both() {
  return BuiltinConverter{T::kClassName, true, true,
                          [] { return std::unique_ptr<Converter>(std::make_unique<T>()); },
                          [] { return std::unique_ptr<HeaderConverter>(std::make_unique<T>()); }};
}

}  // namespace

const std::vector<BuiltinConverter>& BuiltinConverters() {
  static const std::vector<BuiltinConverter> converters = [] {
    std::vector<BuiltinConverter> list;
    list.push_back(Both<JsonConverter>());
    list.push_back(Both<StringConverter>());
    list.push_back(Both<ByteArrayConverter>());
    list.push_back(Both<ShortConverter>());
    list.push_back(Both<IntegerConverter>());
    list.push_back(Both<LongConverter>());
    list.push_back(Both<FloatConverter>());
    list.push_back(Both<DoubleConverter>());
    list.push_back(Both<BooleanConverter>());
    list.push_back(BuiltinConverter{SimpleHeaderConverter::kClassName, false, true, nullptr, [] {
                                      return std::unique_ptr<HeaderConverter>(
                                          std::make_unique<SimpleHeaderConverter>());
                                    }});
    return list;
  }();
  return converters;
}

}  // namespace kconnect::worker::runtime
