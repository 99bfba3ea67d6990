// Throughput of JsonConverter on the quickstart record: a FileStreamSource line
// written with the STRING schema and schemas.enable=true, i.e.
//   {"schema":{"type":"string","optional":false},"payload":"<line>"}
// and the same bytes read back. Items/s is records per second.

#include <benchmark/benchmark.h>

#include <string>

#include "worker/runtime/converters/json_converter.h"

namespace kconnect::worker::runtime {
namespace {

const std::string kLine = "the quick brown fox jumps over the lazy dog, line 000123";

void BM_QuickstartFromConnectData(benchmark::State& state) {
  JsonConverter converter;
  converter.Configure({}, false);
  const Value value(kLine);
  for (auto _ : state) {
    auto bytes = converter.FromConnectData("topic", nullptr, Schema::String(), value);
    benchmark::DoNotOptimize(bytes);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_QuickstartFromConnectData);

void BM_QuickstartSchemalessFromConnectData(benchmark::State& state) {
  JsonConverter converter;
  converter.Configure({{"schemas.enable", "false"}}, false);
  const Value value(kLine);
  for (auto _ : state) {
    auto bytes = converter.FromConnectData("topic", nullptr, Schema::String(), value);
    benchmark::DoNotOptimize(bytes);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_QuickstartSchemalessFromConnectData);

void BM_QuickstartToConnectData(benchmark::State& state) {
  JsonConverter converter;
  converter.Configure({}, false);
  const std::string bytes =
      *converter.FromConnectData("topic", nullptr, Schema::String(), Value(kLine));
  for (auto _ : state) {
    auto result = converter.ToConnectData("topic", nullptr, bytes);
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_QuickstartToConnectData);

}  // namespace
}  // namespace kconnect::worker::runtime

BENCHMARK_MAIN();
