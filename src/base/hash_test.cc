#include "base/hash.h"

#include <cstdint>
#include <string>

#include <gtest/gtest.h>

namespace strata {
namespace {

TEST(HashTest, UnframedBytesMatchXxh3Reference) {
  // XXH3-128 of the empty input, as printed by `xxhsum -H2`.
  EXPECT_EQ(HashBytesHex(""), "99aa06d3014798d86001c324468d497f");
  EXPECT_EQ(Hasher().HexDigest(), "99aa06d3014798d86001c324468d497f");
  Hasher raw;
  raw.UpdateRaw("hello ").UpdateRaw("world");
  EXPECT_EQ(raw.HexDigest(), HashBytesHex("hello world"));
}

TEST(HashTest, DigestIs32LowercaseHex) {
  Hasher h;
  h.Update("strata");
  const std::string hex = h.HexDigest();
  ASSERT_EQ(hex.size(), 32u);
  for (char c : hex) {
    EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) << hex;
  }
  EXPECT_EQ(h.Digest().ToHex(), hex);
}

// Pinned digests: these must never change between machines or builds, because fingerprints
// stored in state depend on them.
TEST(HashTest, PinnedDigests) {
  Hasher strings;
  strings.Update("ab").Update("c");
  EXPECT_EQ(strings.HexDigest(), "a4070774471d95d0e11b91d218317756");
  Hasher mixed;
  mixed.Update("model").Update(int64_t{-1}).Update(42).UpdateBool(true);
  EXPECT_EQ(mixed.HexDigest(), "e383bd84529e8a607209c9bee95f2fb6");
  // The xxHash reference value for "hello world".
  EXPECT_EQ(HashBytesHex("hello world"), "df8d09e93f874900a99b8775cc15b6c7");
}

TEST(HashTest, StringsAreLengthPrefixed) {
  Hasher a;
  a.Update("ab").Update("c");
  Hasher b;
  b.Update("a").Update("bc");
  EXPECT_NE(a.HexDigest(), b.HexDigest());
  Hasher empty_then_x;
  empty_then_x.Update("").Update("x");
  Hasher x_then_empty;
  x_then_empty.Update("x").Update("");
  EXPECT_NE(empty_then_x.HexDigest(), x_then_empty.HexDigest());
}

TEST(HashTest, TypesAreTagged) {
  Hasher number;
  number.Update(1);
  Hasher boolean;
  boolean.UpdateBool(true);
  Hasher text;
  text.Update("1");
  EXPECT_NE(number.HexDigest(), boolean.HexDigest());
  EXPECT_NE(number.HexDigest(), text.HexDigest());
  Hasher wide;
  wide.Update(int64_t{1});
  Hasher narrow;
  narrow.Update(uint8_t{1});
  EXPECT_EQ(wide.HexDigest(), narrow.HexDigest());
}

TEST(HashTest, StreamingAndCopies) {
  Hasher h;
  h.Update("a");
  Hasher copy = h;
  h.Update("b");
  copy.Update("b");
  EXPECT_EQ(h.HexDigest(), copy.HexDigest());
  // Reading the digest does not end the stream.
  const std::string before = h.HexDigest();
  h.Update("c");
  EXPECT_NE(h.HexDigest(), before);
  Hasher moved = std::move(copy);
  EXPECT_EQ(moved.HexDigest(), before);
  Hasher assigned;
  assigned = moved;
  EXPECT_EQ(assigned.HexDigest(), before);
}

TEST(HashTest, DigestsChain) {
  Hasher parent;
  parent.Update("parent");
  Hasher child1;
  child1.Update("child").Update(parent.Digest());
  Hasher child2;
  child2.Update("child").Update(parent.Digest());
  EXPECT_EQ(child1.Digest(), child2.Digest());
  parent.Update("changed");
  Hasher child3;
  child3.Update("child").Update(parent.Digest());
  EXPECT_NE(child1.Digest(), child3.Digest());
}

}  // namespace
}  // namespace strata
