// RAII owners for the handles of DuckDB's C API: each destroys its handle exactly once, in its
// destructor, with the function the C API names for it. Move-only. Not thread-safe (as the
// handles themselves).
#pragma once

#include <duckdb.h>

#include <memory>
#include <string>
#include <utility>

namespace strata::engine::duckdb {

// Owns a pointer-like handle `Handle` released by `Destroy(&handle)`.
template <typename Handle, void (*Destroy)(Handle*)>
class UniqueHandle {
 public:
  UniqueHandle() = default;
  explicit UniqueHandle(Handle handle) : handle_(handle) {}
  ~UniqueHandle() { Reset(); }
  UniqueHandle(const UniqueHandle&) = delete;
  UniqueHandle& operator=(const UniqueHandle&) = delete;
  UniqueHandle(UniqueHandle&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
  UniqueHandle& operator=(UniqueHandle&& other) noexcept {
    if (this != &other) {
      Reset();
      handle_ = std::exchange(other.handle_, nullptr);
    }
    return *this;
  }

  Handle get() const { return handle_; }
  explicit operator bool() const { return handle_ != nullptr; }
  // Releases the current handle and returns where a C API call may write a new one.
  Handle* out() {
    Reset();
    return &handle_;
  }
  void Reset() {
    if (handle_ != nullptr) {
      Destroy(&handle_);
      handle_ = nullptr;
    }
  }

 private:
  Handle handle_ = nullptr;
};

using DatabaseHandle = UniqueHandle<duckdb_database, duckdb_close>;
using ConnectionHandle = UniqueHandle<duckdb_connection, duckdb_disconnect>;
using PreparedHandle = UniqueHandle<duckdb_prepared_statement, duckdb_destroy_prepare>;
using ExtractedHandle = UniqueHandle<duckdb_extracted_statements, duckdb_destroy_extracted>;
using DataChunkHandle = UniqueHandle<duckdb_data_chunk, duckdb_destroy_data_chunk>;
using LogicalTypeHandle = UniqueHandle<duckdb_logical_type, duckdb_destroy_logical_type>;

// Owns a `duckdb_result` (a struct, not a pointer), which must be destroyed after every call that
// filled it, successful or not.
class ResultHandle {
 public:
  ResultHandle() = default;
  ~ResultHandle() { Reset(); }
  ResultHandle(const ResultHandle&) = delete;
  ResultHandle& operator=(const ResultHandle&) = delete;
  ResultHandle(ResultHandle&& other) noexcept
      : result_(other.result_), filled_(std::exchange(other.filled_, false)) {}
  ResultHandle& operator=(ResultHandle&& other) noexcept {
    if (this != &other) {
      Reset();
      result_ = other.result_;
      filled_ = std::exchange(other.filled_, false);
    }
    return *this;
  }

  // REQUIRES: filled().
  duckdb_result* get() { return &result_; }
  bool filled() const { return filled_; }
  // Releases the current result and returns where a C API call may write a new one.
  duckdb_result* out() {
    Reset();
    filled_ = true;
    return &result_;
  }
  void Reset() {
    if (filled_) {
      duckdb_destroy_result(&result_);
      filled_ = false;
    }
  }

 private:
  duckdb_result result_{};
  bool filled_ = false;
};

// Takes ownership of a string the C API allocated (freed with duckdb_free) and returns a copy;
// nullptr gives "".
inline std::string TakeString(char* text) {
  std::unique_ptr<char, decltype(&duckdb_free)> owned(text, &duckdb_free);
  return text == nullptr ? std::string() : std::string(text);
}

}  // namespace strata::engine::duckdb
