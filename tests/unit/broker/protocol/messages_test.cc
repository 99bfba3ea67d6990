// Every generated message at every supported version: round trip, exact size,
// field presence per version, truncation and garbage resistance.

#include "broker/protocol/messages.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "broker/protocol/codec.h"
#include "broker/protocol/request_header.h"
#include "broker/protocol/response_header.h"
#include "message_fill_util.h"

namespace kconnect::broker::protocol {
namespace {

using testing::FillMessage;
using testing::FillOptions;

template <typename M>
M Filled(int16_t version, bool nulls = false, bool all_versions = false) {
  M m;
  FillMessage(m, FillOptions{version, all_versions, nulls});
  return m;
}

template <typename M>
void CheckRoundTrip(int16_t v, bool nulls) {
  SCOPED_TRACE(std::string(M::kName) + " v" + std::to_string(v) + (nulls ? " (nulls)" : ""));
  const M original = Filled<M>(v, nulls);
  const std::vector<uint8_t> bytes = Encode(original, v);
  int present = 0;
  original.VisitFields([&](const FieldInfo& f, const auto&) { present += f.PresentIn(v) ? 1 : 0; });
  // The filler must actually change something, or the round trip proves nothing.
  if (present > 0) {
    EXPECT_FALSE(original == M()) << "filler left every field at its default";
  }
  EXPECT_EQ(bytes.size(), original.Size(v));
  M decoded;
  Status s = DecodeExact(bytes, v, &decoded);
  ASSERT_TRUE(s.IsOk()) << s.Message();
  EXPECT_TRUE(decoded == original);
  EXPECT_EQ(Encode(decoded, v), bytes);
}

template <typename M>
void CheckAllVersions() {
  for (int16_t v = M::kMinVersion; v <= M::kMaxVersion; ++v) {
    CheckRoundTrip<M>(v, /*nulls=*/false);
    CheckRoundTrip<M>(v, /*nulls=*/true);
  }
}

template <typename M>
void CheckPresence() {
  for (int16_t v = M::kMinVersion; v <= M::kMaxVersion; ++v) {
    SCOPED_TRACE(std::string(M::kName) + " v" + std::to_string(v));
    const M only_present = Filled<M>(v);
    const M everything = Filled<M>(v, false, /*all_versions=*/true);
    // Values of fields that version v lacks must not reach the wire ...
    EXPECT_EQ(Encode(everything, v), Encode(only_present, v));
    // ... and decode back to their defaults.
    M decoded;
    ASSERT_TRUE(DecodeExact(Encode(everything, v), v, &decoded).IsOk());
    EXPECT_TRUE(decoded == only_present);
  }
}

template <typename M>
void CheckTruncation() {
  for (int16_t v = M::kMinVersion; v <= M::kMaxVersion; ++v) {
    SCOPED_TRACE(std::string(M::kName) + " v" + std::to_string(v));
    const std::vector<uint8_t> bytes = Encode(Filled<M>(v), v);
    for (size_t len = 0; len < bytes.size(); ++len) {
      // A copy of exactly `len` bytes, so ASan sees any read past it.
      std::vector<uint8_t> prefix(bytes.begin(), bytes.begin() + static_cast<ptrdiff_t>(len));
      Reader r(prefix);
      M m;
      Status s = m.Read(r, v);
      ASSERT_FALSE(s.IsOk()) << "prefix of " << len << "/" << bytes.size() << " decoded";
      EXPECT_TRUE(s.Code() == StatusCode::kTruncated || s.Code() == StatusCode::kMalformed);
    }
  }
}

template <typename M>
void CheckGarbage(std::mt19937& rng) {
  for (int16_t v = M::kMinVersion; v <= M::kMaxVersion; ++v) {
    const std::vector<uint8_t> valid = Encode(Filled<M>(v), v);
    for (int round = 0; round < 64; ++round) {
      std::vector<uint8_t> bytes = valid;
      if (round % 2 == 0) {
        // Corrupt a few bytes of a valid encoding.
        for (int k = 0; k < 3 && !bytes.empty(); ++k)
          bytes[rng() % bytes.size()] = static_cast<uint8_t>(rng());
      } else {
        bytes.resize(rng() % 64);
        for (uint8_t& b : bytes) b = static_cast<uint8_t>(rng());
      }
      Reader r(bytes);
      M m;
      Status s = m.Read(r, v);
      if (s.IsOk()) {
        EXPECT_LE(r.Position(), bytes.size());
        // Whatever decoded must encode again at that version.
        (void)Encode(m, v);
      }
    }
  }
}

template <typename M>
void CheckUnsupportedVersions() {
  std::vector<uint8_t> bytes(64, 0);
  for (int16_t v :
       {static_cast<int16_t>(M::kMinVersion - 1), static_cast<int16_t>(M::kMaxVersion + 1)}) {
    Reader r(bytes);
    M m;
    Status s = m.Read(r, v);
    EXPECT_EQ(s.Code(), StatusCode::kUnsupportedVersion) << M::kName << " v" << v;
  }
}

template <typename Tuple, typename Fn, size_t... I>
void ForEachTypeImpl(Fn&& fn, std::index_sequence<I...>) {
  (fn(static_cast<std::tuple_element_t<I, Tuple>*>(nullptr)), ...);
}

template <typename Tuple, typename Fn>
void ForEachType(Fn&& fn) {
  ForEachTypeImpl<Tuple>(fn, std::make_index_sequence<std::tuple_size_v<Tuple>>());
}

using Everything = decltype(std::tuple_cat(
    std::declval<AllMessageTypes>(), std::declval<std::tuple<RequestHeader, ResponseHeader>>()));

TEST(MessagesTest, CoversEveryKnownApi) {
  EXPECT_EQ(std::tuple_size_v<AllMessageTypes>, 2 * KnownApis().size());
}

TEST(MessagesTest, RoundTripAtEveryVersion) {
  ForEachType<Everything>([](auto* p) { CheckAllVersions<std::remove_pointer_t<decltype(p)>>(); });
}

TEST(MessagesTest, FieldsAbsentInAVersionAreNotEncoded) {
  ForEachType<Everything>([](auto* p) { CheckPresence<std::remove_pointer_t<decltype(p)>>(); });
}

TEST(MessagesTest, EveryTruncationFails) {
  ForEachType<Everything>([](auto* p) { CheckTruncation<std::remove_pointer_t<decltype(p)>>(); });
}

TEST(MessagesTest, GarbageNeverCrashes) {
  std::mt19937 rng(12345);
  ForEachType<Everything>([&](auto* p) { CheckGarbage<std::remove_pointer_t<decltype(p)>>(rng); });
}

TEST(MessagesTest, VersionsOutsideTheRangeAreRejected) {
  ForEachType<Everything>(
      [](auto* p) { CheckUnsupportedVersions<std::remove_pointer_t<decltype(p)>>(); });
}

TEST(MessagesTest, VersionConstantsMatchTheRegistry) {
  ForEachType<AllMessageTypes>([](auto* p) {
    using M = std::remove_pointer_t<decltype(p)>;
    const ApiInfo* info = FindApi(M::kApiKey);
    ASSERT_NE(info, nullptr) << M::kName;
    EXPECT_EQ(info->min_version, M::kMinVersion);
    EXPECT_EQ(info->max_version, M::kMaxVersion);
    EXPECT_EQ(info->first_flexible_version, M::kFirstFlexibleVersion);
  });
}

}  // namespace
}  // namespace kconnect::broker::protocol
