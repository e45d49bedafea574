// Hasher over XXH3-128's streaming API. The state is heap-allocated through xxHash's own
// constructor so this file does not depend on the layout of XXH3_state_t.
#include "base/hash.h"

#include <cassert>

#include <xxhash.h>

namespace strata {

namespace {

constexpr char kStringTag = 's';
constexpr char kIntTag = 'i';
constexpr char kBoolTag = 'b';
constexpr char kDigestTag = 'd';

void AppendLittleEndian(uint64_t value, char* out) {
  for (int i = 0; i < 8; ++i) {
    out[i] = static_cast<char>((value >> (8 * i)) & 0xFF);
  }
}

std::string HexOf(const XXH128_hash_t& hash) {
  XXH128_canonical_t canonical;
  XXH128_canonicalFromHash(&canonical, hash);
  static constexpr char kHexDigits[] = "0123456789abcdef";
  std::string out(32, '0');
  for (int i = 0; i < 16; ++i) {
    out[2 * i] = kHexDigits[canonical.digest[i] >> 4];
    out[2 * i + 1] = kHexDigits[canonical.digest[i] & 0xF];
  }
  return out;
}

}  // namespace

struct Hasher::State {
  State() : xxh(XXH3_createState()) {
    assert(xxh != nullptr);
    XXH3_128bits_reset(xxh);
  }
  State(const State& other) : xxh(XXH3_createState()) {
    assert(xxh != nullptr);
    XXH3_copyState(xxh, other.xxh);
  }
  State& operator=(const State&) = delete;
  ~State() { XXH3_freeState(xxh); }

  void Add(const void* data, size_t size) { XXH3_128bits_update(xxh, data, size); }

  XXH3_state_t* xxh;
};

std::string Digest128::ToHex() const { return HexOf(XXH128_hash_t{low, high}); }

Hasher::Hasher() : state_(std::make_unique<State>()) {}
Hasher::~Hasher() = default;
Hasher::Hasher(const Hasher& other) : state_(std::make_unique<State>(*other.state_)) {}
Hasher& Hasher::operator=(const Hasher& other) {
  if (this != &other) {
    state_ = std::make_unique<State>(*other.state_);
  }
  return *this;
}
Hasher::Hasher(Hasher&&) noexcept = default;
Hasher& Hasher::operator=(Hasher&&) noexcept = default;

Hasher& Hasher::Update(std::string_view bytes) {
  char header[9];
  header[0] = kStringTag;
  AppendLittleEndian(bytes.size(), header + 1);
  state_->Add(header, sizeof(header));
  state_->Add(bytes.data(), bytes.size());
  return *this;
}

Hasher& Hasher::UpdateInt(int64_t value) {
  char bytes[9];
  bytes[0] = kIntTag;
  AppendLittleEndian(static_cast<uint64_t>(value), bytes + 1);
  state_->Add(bytes, sizeof(bytes));
  return *this;
}

Hasher& Hasher::UpdateBool(bool value) {
  const char bytes[2] = {kBoolTag, value ? '\1' : '\0'};
  state_->Add(bytes, sizeof(bytes));
  return *this;
}

Hasher& Hasher::Update(const Digest128& digest) {
  char bytes[17];
  bytes[0] = kDigestTag;
  AppendLittleEndian(digest.high, bytes + 1);
  AppendLittleEndian(digest.low, bytes + 9);
  state_->Add(bytes, sizeof(bytes));
  return *this;
}

Hasher& Hasher::UpdateRaw(std::string_view bytes) {
  state_->Add(bytes.data(), bytes.size());
  return *this;
}

Digest128 Hasher::Digest() const {
  const XXH128_hash_t hash = XXH3_128bits_digest(state_->xxh);
  return Digest128{hash.high64, hash.low64};
}

std::string Hasher::HexDigest() const { return Digest().ToHex(); }

std::string HashBytesHex(std::string_view bytes) {
  return HexOf(XXH3_128bits(bytes.data(), bytes.size()));
}

}  // namespace strata
