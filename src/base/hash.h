// Hasher: a streaming 128-bit hash (xxHash XXH3-128) for fingerprints (DESIGN.md §4). Digests are
// stable across machines and releases of strata: integers are hashed as little-endian bytes, and
// every value is framed (a type tag, and a length for strings) so that different sequences of
// values give different input bytes: ("ab", "c") and ("a", "bc") hash differently.
// Changing the framing changes every fingerprint; docs/ records it with the state format.
#pragma once

#include <concepts>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace strata {

// A 128-bit digest.
struct Digest128 {
  uint64_t high = 0;
  uint64_t low = 0;
  bool operator==(const Digest128&) const = default;
  // 32 lowercase hex characters, high half first (xxHash's canonical order).
  std::string ToHex() const;
};

// Accumulates values; not thread-safe. Copyable (the copy continues independently) and movable
// (a moved-from Hasher may only be assigned to or destroyed).
class Hasher {
 public:
  Hasher();
  ~Hasher();
  Hasher(const Hasher& other);
  Hasher& operator=(const Hasher& other);
  Hasher(Hasher&&) noexcept;
  Hasher& operator=(Hasher&&) noexcept;

  // Adds a string: a tag, its length, then its bytes.
  Hasher& Update(std::string_view bytes);
  Hasher& Update(const char* text) { return Update(std::string_view(text)); }
  Hasher& Update(const std::string& text) { return Update(std::string_view(text)); }
  // Adds an integer (any integral type but bool) as a tag and 8 little-endian bytes of its
  // int64 value, so Update(1) == Update(int64_t{1}).
  template <std::integral T>
    requires(!std::same_as<T, bool>)
  Hasher& Update(T value) {
    return UpdateInt(static_cast<int64_t>(value));
  }
  // Adds a boolean (its own tag, so true differs from 1).
  Hasher& UpdateBool(bool value);
  // Adds a 128-bit digest, e.g. a parent's fingerprint.
  Hasher& Update(const Digest128& digest);
  // Adds bytes with no framing at all (for callers that frame themselves).
  Hasher& UpdateRaw(std::string_view bytes);

  // The digest of everything added so far; more may be added afterwards.
  Digest128 Digest() const;
  // Digest().ToHex(): 32 lowercase hex characters.
  std::string HexDigest() const;

 private:
  Hasher& UpdateInt(int64_t value);

  struct State;
  std::unique_ptr<State> state_;
};

// The XXH3-128 digest of `bytes` as they are (unframed), as 32 lowercase hex characters. Equal to
// what `xxhsum -H2` prints for a file with those bytes.
std::string HashBytesHex(std::string_view bytes);

}  // namespace strata
