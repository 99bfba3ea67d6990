// Reader/Writer primitives: varint boundaries, null vs empty, bounds checks.

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "broker/protocol/reader.h"
#include "broker/protocol/writer.h"

namespace kconnect::broker::protocol {
namespace {

using Bytes = std::vector<uint8_t>;

template <typename Fn>
Bytes Written(Fn fn) {
  Bytes out;
  Writer w(&out);
  fn(w);
  // The counting writer must agree with the real one.
  Writer counter;
  fn(counter);
  EXPECT_EQ(counter.Size(), out.size());
  EXPECT_EQ(w.Size(), out.size());
  return out;
}

TEST(PrimitivesTest, FixedWidthIntegersAreBigEndian) {
  Bytes b = Written([](Writer& w) {
    w.WriteInt8(-2);
    w.WriteInt16(0x0102);
    w.WriteInt32(-1);
    w.WriteInt64(0x0102030405060708LL);
    w.WriteBool(true);
  });
  EXPECT_EQ(b, (Bytes{0xfe, 0x01, 0x02, 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4, 5, 6, 7, 8, 0x01}));
  Reader r(b);
  EXPECT_EQ(r.ReadInt8(), -2);
  EXPECT_EQ(r.ReadInt16(), 0x0102);
  EXPECT_EQ(r.ReadInt32(), -1);
  EXPECT_EQ(r.ReadInt64(), 0x0102030405060708LL);
  EXPECT_TRUE(r.ReadBool());
  EXPECT_TRUE(r.Ok());
  EXPECT_EQ(r.Remaining(), 0u);
}

TEST(PrimitivesTest, UnsignedVarintBoundaries) {
  struct Case {
    uint32_t value;
    Bytes bytes;
  };
  const Case cases[] = {
      {0, {0x00}},
      {1, {0x01}},
      {127, {0x7f}},
      {128, {0x80, 0x01}},
      {300, {0xac, 0x02}},
      {16383, {0xff, 0x7f}},
      {16384, {0x80, 0x80, 0x01}},
      {(1u << 28) - 1, {0xff, 0xff, 0xff, 0x7f}},
      {1u << 28, {0x80, 0x80, 0x80, 0x80, 0x01}},
      {std::numeric_limits<uint32_t>::max(), {0xff, 0xff, 0xff, 0xff, 0x0f}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.value);
    EXPECT_EQ(Written([&](Writer& w) { w.WriteUnsignedVarint(c.value); }), c.bytes);
    EXPECT_EQ(UnsignedVarintSize(c.value), c.bytes.size());
    Reader r(c.bytes);
    EXPECT_EQ(r.ReadUnsignedVarint(), c.value);
    EXPECT_TRUE(r.Ok());
    EXPECT_EQ(r.Remaining(), 0u);
  }
}

TEST(PrimitivesTest, ZigZagVarintBoundaries) {
  struct Case {
    int32_t value;
    Bytes bytes;
  };
  const Case cases[] = {
      {0, {0x00}},
      {-1, {0x01}},
      {1, {0x02}},
      {63, {0x7e}},
      {-64, {0x7f}},
      {64, {0x80, 0x01}},
      {-65, {0x81, 0x01}},
      {std::numeric_limits<int32_t>::max(), {0xfe, 0xff, 0xff, 0xff, 0x0f}},
      {std::numeric_limits<int32_t>::min(), {0xff, 0xff, 0xff, 0xff, 0x0f}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.value);
    EXPECT_EQ(Written([&](Writer& w) { w.WriteVarint(c.value); }), c.bytes);
    Reader r(c.bytes);
    EXPECT_EQ(r.ReadVarint(), c.value);
    EXPECT_TRUE(r.Ok());
  }
}

TEST(PrimitivesTest, ZigZagVarlongBoundaries) {
  const int64_t values[] = {0,
                            -1,
                            1,
                            std::numeric_limits<int32_t>::max() + int64_t{1},
                            std::numeric_limits<int32_t>::min() - int64_t{1},
                            std::numeric_limits<int64_t>::max(),
                            std::numeric_limits<int64_t>::min()};
  for (int64_t v : values) {
    SCOPED_TRACE(v);
    Bytes b = Written([&](Writer& w) { w.WriteVarlong(v); });
    Reader r(b);
    EXPECT_EQ(r.ReadVarlong(), v);
    EXPECT_TRUE(r.Ok());
    EXPECT_EQ(r.Remaining(), 0u);
  }
  EXPECT_EQ(Written([](Writer& w) { w.WriteVarlong(std::numeric_limits<int64_t>::min()); }).size(),
            10u);
}

TEST(PrimitivesTest, OverlongVarintsAreMalformed) {
  {
    Bytes six = {0x80, 0x80, 0x80, 0x80, 0x80, 0x01};
    Reader r(six);
    EXPECT_EQ(r.ReadUnsignedVarint(), 0u);
    EXPECT_EQ(r.Status().Code(), StatusCode::kMalformed);
  }
  {
    // 5th byte with bits above 2^32.
    Bytes over = {0xff, 0xff, 0xff, 0xff, 0x1f};
    Reader r(over);
    (void)r.ReadUnsignedVarint();
    EXPECT_EQ(r.Status().Code(), StatusCode::kMalformed);
  }
  {
    Bytes eleven(10, 0xff);
    eleven.push_back(0x01);
    Reader r(eleven);
    (void)r.ReadVarlong();
    EXPECT_EQ(r.Status().Code(), StatusCode::kMalformed);
  }
  {
    Bytes cut = {0x80, 0x80};
    Reader r(cut);
    (void)r.ReadUnsignedVarint();
    EXPECT_EQ(r.Status().Code(), StatusCode::kTruncated);
  }
}

TEST(PrimitivesTest, ClassicStringNullVersusEmpty) {
  EXPECT_EQ(Written([](Writer& w) { w.WriteNullableString(std::nullopt, false); }),
            (Bytes{0xff, 0xff}));
  EXPECT_EQ(Written([](Writer& w) { w.WriteNullableString(std::string(), false); }),
            (Bytes{0x00, 0x00}));
  EXPECT_EQ(Written([](Writer& w) { w.WriteString("ab", false); }), (Bytes{0x00, 0x02, 'a', 'b'}));

  Bytes null_then_empty = {0xff, 0xff, 0x00, 0x00};
  Reader r(null_then_empty);
  EXPECT_EQ(r.ReadNullableString(false), std::nullopt);
  EXPECT_EQ(r.ReadNullableString(false), std::optional<std::string>(""));
  EXPECT_TRUE(r.Ok());

  Reader strict(null_then_empty);
  EXPECT_EQ(strict.ReadString(false), "");
  EXPECT_EQ(strict.Status().Code(), StatusCode::kMalformed);
}

TEST(PrimitivesTest, CompactStringNullVersusEmpty) {
  EXPECT_EQ(Written([](Writer& w) { w.WriteNullableString(std::nullopt, true); }), (Bytes{0x00}));
  EXPECT_EQ(Written([](Writer& w) { w.WriteNullableString(std::string(), true); }), (Bytes{0x01}));
  EXPECT_EQ(Written([](Writer& w) { w.WriteString("ab", true); }), (Bytes{0x03, 'a', 'b'}));
  Bytes b = {0x00, 0x01, 0x03, 'a', 'b'};
  Reader r(b);
  EXPECT_EQ(r.ReadNullableString(true), std::nullopt);
  EXPECT_EQ(r.ReadNullableString(true), std::optional<std::string>(""));
  EXPECT_EQ(r.ReadString(true), "ab");
  EXPECT_TRUE(r.Ok());
}

TEST(PrimitivesTest, BytesNullVersusEmpty) {
  EXPECT_EQ(Written([](Writer& w) { w.WriteNullableBytes(std::nullopt, false); }),
            (Bytes{0xff, 0xff, 0xff, 0xff}));
  EXPECT_EQ(Written([](Writer& w) { w.WriteNullableBytes(Bytes{}, false); }), (Bytes{0, 0, 0, 0}));
  EXPECT_EQ(Written([](Writer& w) { w.WriteNullableBytes(std::nullopt, true); }), (Bytes{0x00}));
  EXPECT_EQ(Written([](Writer& w) { w.WriteBytes(Bytes{9}, true); }), (Bytes{0x02, 9}));
  Bytes b = {0xff, 0xff, 0xff, 0xff, 0, 0, 0, 1, 7};
  Reader r(b);
  EXPECT_EQ(r.ReadNullableBytes(false), std::nullopt);
  EXPECT_EQ(r.ReadNullableBytes(false), std::optional<Bytes>(Bytes{7}));
  EXPECT_TRUE(r.Ok());
}

TEST(PrimitivesTest, NegativeLengthsOtherThanMinusOneAreMalformed) {
  Bytes s = {0xff, 0xfe};
  Reader rs(s);
  (void)rs.ReadNullableString(false);
  EXPECT_EQ(rs.Status().Code(), StatusCode::kMalformed);

  Bytes a = {0xff, 0xff, 0xff, 0xfe};
  Reader ra(a);
  EXPECT_EQ(ra.ReadArrayLength(false, true), -1);
  EXPECT_EQ(ra.Status().Code(), StatusCode::kMalformed);
}

TEST(PrimitivesTest, ArrayLengthNullAndCaps) {
  Bytes null_classic = {0xff, 0xff, 0xff, 0xff};
  Reader r1(null_classic);
  EXPECT_EQ(r1.ReadArrayLength(false, true), -1);
  EXPECT_TRUE(r1.Ok());
  Reader r2(null_classic);
  EXPECT_EQ(r2.ReadArrayLength(false, false), -1);
  EXPECT_EQ(r2.Status().Code(), StatusCode::kMalformed);

  Bytes null_compact = {0x00};
  Reader r3(null_compact);
  EXPECT_EQ(r3.ReadArrayLength(true, true), -1);
  EXPECT_TRUE(r3.Ok());

  // A count larger than the bytes left can never be satisfied: rejected
  // before any element is allocated.
  Bytes huge = {0x7f, 0xff, 0xff, 0xff, 1, 2, 3};
  Reader r4(huge);
  EXPECT_EQ(r4.ReadArrayLength(false, false), -1);
  EXPECT_EQ(r4.Status().Code(), StatusCode::kTruncated);

  // Three bytes left fit three 1-byte elements but not two 4-byte ones.
  Bytes three = {0, 0, 0, 3, 1, 2, 3};
  Reader r5(three);
  EXPECT_EQ(r5.ReadArrayLength(false, false, 1), 3);
  Bytes two = {0, 0, 0, 2, 1, 2, 3};
  Reader r6(two);
  EXPECT_EQ(r6.ReadArrayLength(false, false, 4), -1);
  EXPECT_FALSE(r6.Ok());
}

TEST(PrimitivesTest, FailureIsStickyAndReadsNothing) {
  Bytes b = {0x00, 0x01};
  Reader r(b);
  EXPECT_EQ(r.ReadInt32(), 0);
  EXPECT_EQ(r.Status().Code(), StatusCode::kTruncated);
  // Later reads that would fit still return zero: the first error wins.
  EXPECT_EQ(r.ReadInt8(), 0);
  EXPECT_EQ(r.Remaining(), 0u);
  EXPECT_EQ(r.Status().Code(), StatusCode::kTruncated);
  EXPECT_NE(r.Status().Message().find("truncated"), std::string::npos);
}

TEST(PrimitivesTest, TruncatedStringBodyFails) {
  Bytes b = {0x00, 0x05, 'a', 'b'};
  Reader r(b);
  EXPECT_EQ(r.ReadString(false), "");
  EXPECT_EQ(r.Status().Code(), StatusCode::kTruncated);
}

TEST(PrimitivesTest, SubReaderIsBounded) {
  Bytes b = {1, 2, 3, 4, 5};
  Reader r(b);
  Reader sub = r.Sub(2);
  EXPECT_EQ(sub.ReadInt8(), 1);
  EXPECT_EQ(sub.ReadInt8(), 2);
  EXPECT_EQ(sub.ReadInt8(), 0);
  EXPECT_FALSE(sub.Ok());
  EXPECT_TRUE(r.Ok());
  EXPECT_EQ(r.ReadInt8(), 3);
  Reader too_far = r.Sub(10);
  EXPECT_FALSE(too_far.Ok());
  EXPECT_FALSE(r.Ok());
}

}  // namespace
}  // namespace kconnect::broker::protocol
