#include "worker/storage/memory_offset_backing_store.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>

namespace kconnect::worker::storage {
namespace {

using Entries = std::vector<std::pair<std::string, std::optional<std::string>>>;

TEST(MemoryOffsetBackingStoreTest, SetThenGet) {
  MemoryOffsetBackingStore store;
  store.Start();
  std::string error;
  ASSERT_TRUE(store.Set({{"k1", "v1"}, {"k2", "v2"}}, &error));
  const auto got = store.Get({"k1", "missing"});
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got.at("k1"), "v1");
  store.Stop();
}

TEST(MemoryOffsetBackingStoreTest, TombstonesAreKeptAsNull) {
  MemoryOffsetBackingStore store;
  store.Start();
  std::string error;
  ASSERT_TRUE(store.Set({{"k", "v"}}, &error));
  ASSERT_TRUE(store.Set({{"k", std::nullopt}}, &error));
  const auto got = store.Get({"k"});
  ASSERT_EQ(got.count("k"), 1u);
  EXPECT_EQ(got.at("k"), std::nullopt);
  EXPECT_EQ(store.All(), (Entries{{"k", std::nullopt}}));
}

TEST(MemoryOffsetBackingStoreTest, LaterEntryInABatchWins) {
  MemoryOffsetBackingStore store;
  std::string error;
  ASSERT_TRUE(store.Set({{"k", "1"}, {"k", "2"}}, &error));
  EXPECT_EQ(store.Get({"k"}).at("k"), "2");
}

TEST(MemoryOffsetBackingStoreTest, ConcurrentReadersAndWriter) {
  MemoryOffsetBackingStore store;
  std::thread writer([&] {
    std::string error;
    for (int i = 0; i < 1000; ++i)
      store.Set({{"k" + std::to_string(i % 10), std::to_string(i)}}, &error);
  });
  for (int i = 0; i < 1000; ++i) store.Get({"k1", "k2"});
  writer.join();
  EXPECT_EQ(store.All().size(), 10u);
  EXPECT_EQ(store.Get({"k9"}).at("k9"), "999");
}

}  // namespace
}  // namespace kconnect::worker::storage
