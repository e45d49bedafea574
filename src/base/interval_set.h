// IntervalSet: a set of int64 points stored as sorted, disjoint, half-open ranges [start, end)
// (DESIGN.md §5). It never stores one entry per unit, so the processed intervals of a five-minute
// model started in 1970 cost as much as those of a daily one: one range per gap, not per unit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <span>
#include <string>
#include <vector>

namespace strata {

// A half-open range [start, end) of int64 points (usually UTC microseconds). Empty when
// end <= start.
struct Interval {
  int64_t start = 0;
  int64_t end = 0;

  bool empty() const { return end <= start; }
  // end - start, or 0 when empty.
  int64_t length() const { return empty() ? 0 : end - start; }
  bool Contains(int64_t point) const { return start <= point && point < end; }
  bool operator==(const Interval&) const = default;
};

// Invariant: ranges_ is sorted by start; every range is non-empty; consecutive ranges neither
// overlap nor touch (a.end < b.start), so each set has exactly one representation and == compares
// sets. Not thread-safe for concurrent mutation; const methods may run concurrently.
class IntervalSet {
 public:
  IntervalSet() = default;
  // The union of `ranges`, which may be unsorted, overlapping or empty.
  IntervalSet(std::initializer_list<Interval> ranges);
  // The union of `ranges` in O(n log n).
  static IntervalSet FromRanges(std::vector<Interval> ranges);

  // Adds [start, end), merging with ranges it overlaps or touches ([0,5) + [5,9) = [0,9)).
  // An empty range is ignored. O(log n) to find the place; appending after the last range (the
  // usual case: time moves forward) is amortized O(1), an insertion elsewhere moves the tail.
  void Add(int64_t start, int64_t end);
  void Add(Interval range) { Add(range.start, range.end); }
  // Removes [start, end), splitting a range that contains it. An empty range is ignored.
  void Remove(int64_t start, int64_t end);
  void Remove(Interval range) { Remove(range.start, range.end); }
  void Clear() { ranges_.clear(); }

  // Whether `point` is in the set. O(log n).
  bool Contains(int64_t point) const;
  // Whether every point of [start, end) is in the set; true for an empty range. O(log n).
  bool Covers(int64_t start, int64_t end) const;
  bool Covers(Interval range) const { return Covers(range.start, range.end); }
  // Whether some point of [start, end) is in the set; false for an empty range. O(log n).
  bool Overlaps(int64_t start, int64_t end) const;

  // Set algebra, each O(n + m).
  IntervalSet Union(const IntervalSet& other) const;
  IntervalSet Intersect(const IntervalSet& other) const;
  IntervalSet Subtract(const IntervalSet& other) const;
  // The part of the set inside [start, end). O(log n + k).
  IntervalSet Clip(int64_t start, int64_t end) const;
  // The points of [start, end) that are NOT in the set, e.g. the missing intervals of a model.
  // O(log n + k).
  IntervalSet GapsWithin(int64_t start, int64_t end) const;

  // The ranges, sorted, disjoint, non-adjacent and non-empty.
  std::span<const Interval> ranges() const { return ranges_; }
  bool empty() const { return ranges_.empty(); }
  // The number of ranges (not points).
  size_t size() const { return ranges_.size(); }
  // The number of points: the sum of the ranges' lengths. REQUIRES: it fits in int64.
  int64_t TotalLength() const;
  // [first start, last end). REQUIRES: !empty().
  Interval Hull() const { return {ranges_.front().start, ranges_.back().end}; }

  bool operator==(const IntervalSet&) const = default;

  // "{[0, 10), [20, 30)}"; "{}" when empty.
  std::string ToString() const;
  // The same with each bound printed by `format` (e.g. FormatTimestamp).
  std::string ToString(const std::function<std::string(int64_t)>& format) const;

 private:
  std::vector<Interval> ranges_;
};

}  // namespace strata
