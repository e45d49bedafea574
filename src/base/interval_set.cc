// IntervalSet over a sorted std::vector: binary search to find the ranges a change touches,
// then one in-place replacement of that run of ranges.
#include "base/interval_set.h"

#include <algorithm>

#include <fmt/format.h>

namespace strata {

namespace {

using Iterator = std::vector<Interval>::const_iterator;

// The first range that ends at or after `point` (so it overlaps or touches [point, ...)).
Iterator FirstEndingAtOrAfter(const std::vector<Interval>& ranges, int64_t point) {
  return std::lower_bound(ranges.begin(), ranges.end(), point,
                          [](const Interval& range, int64_t p) { return range.end < p; });
}

// The first range that ends after `point` (so it contains a point >= `point`).
Iterator FirstEndingAfter(const std::vector<Interval>& ranges, int64_t point) {
  return std::upper_bound(ranges.begin(), ranges.end(), point,
                          [](int64_t p, const Interval& range) { return p < range.end; });
}

// The first range that starts after `point`.
Iterator FirstStartingAfter(const std::vector<Interval>& ranges, int64_t point) {
  return std::upper_bound(ranges.begin(), ranges.end(), point,
                          [](int64_t p, const Interval& range) { return p < range.start; });
}

// The first range that starts at or after `point`.
Iterator FirstStartingAtOrAfter(const std::vector<Interval>& ranges, int64_t point) {
  return std::lower_bound(ranges.begin(), ranges.end(), point,
                          [](const Interval& range, int64_t p) { return range.start < p; });
}

// Appends `range` to sorted output, merging with the last range when they overlap or touch.
void AppendMerging(std::vector<Interval>& out, Interval range) {
  if (range.empty()) {
    return;
  }
  if (!out.empty() && range.start <= out.back().end) {
    out.back().end = std::max(out.back().end, range.end);
    return;
  }
  out.push_back(range);
}

}  // namespace

IntervalSet::IntervalSet(std::initializer_list<Interval> ranges)
    : IntervalSet(FromRanges(std::vector<Interval>(ranges))) {}

IntervalSet IntervalSet::FromRanges(std::vector<Interval> ranges) {
  std::sort(ranges.begin(), ranges.end(),
            [](const Interval& a, const Interval& b) { return a.start < b.start; });
  IntervalSet set;
  set.ranges_.reserve(ranges.size());
  for (const Interval& range : ranges) {
    AppendMerging(set.ranges_, range);
  }
  return set;
}

void IntervalSet::Add(int64_t start, int64_t end) {
  if (end <= start) {
    return;
  }
  if (ranges_.empty() || start > ranges_.back().end) {
    ranges_.push_back({start, end});
    return;
  }
  const auto first = FirstEndingAtOrAfter(ranges_, start);
  const auto last = FirstStartingAfter(ranges_, end);
  if (first == last) {
    ranges_.insert(first, {start, end});
    return;
  }
  const Interval merged{std::min(start, first->start), std::max(end, (last - 1)->end)};
  const auto index = first - ranges_.cbegin();
  ranges_[index] = merged;
  ranges_.erase(first + 1, last);
}

void IntervalSet::Remove(int64_t start, int64_t end) {
  if (end <= start) {
    return;
  }
  const auto first = FirstEndingAfter(ranges_, start);
  const auto last = FirstStartingAtOrAfter(ranges_, end);
  if (first >= last) {
    return;
  }
  const Interval left{first->start, start};
  const Interval right{end, (last - 1)->end};
  Interval pieces[2];
  int count = 0;
  if (!left.empty()) {
    pieces[count++] = left;
  }
  if (!right.empty()) {
    pieces[count++] = right;
  }
  const auto index = first - ranges_.cbegin();
  const auto removed = last - first;
  if (removed >= count) {
    std::copy(pieces, pieces + count, ranges_.begin() + index);
    ranges_.erase(ranges_.cbegin() + index + count, ranges_.cbegin() + index + removed);
  } else {
    // One range split in two.
    ranges_[index] = pieces[0];
    ranges_.insert(ranges_.cbegin() + index + 1, pieces[1]);
  }
}

bool IntervalSet::Contains(int64_t point) const {
  const auto it = FirstEndingAfter(ranges_, point);
  return it != ranges_.end() && it->start <= point;
}

bool IntervalSet::Covers(int64_t start, int64_t end) const {
  if (end <= start) {
    return true;
  }
  const auto it = FirstEndingAfter(ranges_, start);
  return it != ranges_.end() && it->start <= start && end <= it->end;
}

bool IntervalSet::Overlaps(int64_t start, int64_t end) const {
  if (end <= start) {
    return false;
  }
  const auto it = FirstEndingAfter(ranges_, start);
  return it != ranges_.end() && it->start < end;
}

IntervalSet IntervalSet::Union(const IntervalSet& other) const {
  IntervalSet out;
  out.ranges_.reserve(ranges_.size() + other.ranges_.size());
  auto a = ranges_.begin();
  auto b = other.ranges_.begin();
  while (a != ranges_.end() || b != other.ranges_.end()) {
    if (b == other.ranges_.end() || (a != ranges_.end() && a->start <= b->start)) {
      AppendMerging(out.ranges_, *a++);
    } else {
      AppendMerging(out.ranges_, *b++);
    }
  }
  return out;
}

IntervalSet IntervalSet::Intersect(const IntervalSet& other) const {
  IntervalSet out;
  auto a = ranges_.begin();
  auto b = other.ranges_.begin();
  while (a != ranges_.end() && b != other.ranges_.end()) {
    const Interval overlap{std::max(a->start, b->start), std::min(a->end, b->end)};
    if (!overlap.empty()) {
      out.ranges_.push_back(overlap);
    }
    // Drop whichever ends first: it cannot overlap anything further in the other set.
    if (a->end < b->end) {
      ++a;
    } else {
      ++b;
    }
  }
  return out;
}

IntervalSet IntervalSet::Subtract(const IntervalSet& other) const {
  IntervalSet out;
  auto b = other.ranges_.begin();
  for (const Interval& range : ranges_) {
    int64_t cursor = range.start;
    // Skip subtrahends entirely before this range.
    while (b != other.ranges_.end() && b->end <= cursor) {
      ++b;
    }
    auto it = b;
    while (it != other.ranges_.end() && it->start < range.end) {
      if (it->start > cursor) {
        out.ranges_.push_back({cursor, it->start});
      }
      cursor = std::max(cursor, it->end);
      if (it->end > range.end) {
        break;  // it may also cut the next range
      }
      ++it;
    }
    b = it;
    if (cursor < range.end) {
      out.ranges_.push_back({cursor, range.end});
    }
  }
  return out;
}

IntervalSet IntervalSet::Clip(int64_t start, int64_t end) const {
  IntervalSet out;
  if (end <= start) {
    return out;
  }
  for (auto it = FirstEndingAfter(ranges_, start); it != ranges_.end() && it->start < end; ++it) {
    out.ranges_.push_back({std::max(it->start, start), std::min(it->end, end)});
  }
  return out;
}

IntervalSet IntervalSet::GapsWithin(int64_t start, int64_t end) const {
  IntervalSet out;
  if (end <= start) {
    return out;
  }
  int64_t cursor = start;
  for (auto it = FirstEndingAfter(ranges_, start); it != ranges_.end() && it->start < end; ++it) {
    if (it->start > cursor) {
      out.ranges_.push_back({cursor, it->start});
    }
    cursor = it->end;
  }
  if (cursor < end) {
    out.ranges_.push_back({cursor, end});
  }
  return out;
}

int64_t IntervalSet::TotalLength() const {
  int64_t total = 0;
  for (const Interval& range : ranges_) {
    total += range.length();
  }
  return total;
}

std::string IntervalSet::ToString() const {
  return ToString([](int64_t value) { return fmt::format("{}", value); });
}

std::string IntervalSet::ToString(const std::function<std::string(int64_t)>& format) const {
  std::string out = "{";
  for (size_t i = 0; i < ranges_.size(); ++i) {
    if (i > 0) {
      out += ", ";
    }
    out += fmt::format("[{}, {})", format(ranges_[i].start), format(ranges_[i].end));
  }
  out += "}";
  return out;
}

}  // namespace strata
