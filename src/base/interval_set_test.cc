#include "base/interval_set.h"

#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "base/time.h"

namespace strata {
namespace {

TEST(IntervalSetTest, EmptySet) {
  IntervalSet set;
  EXPECT_TRUE(set.empty());
  EXPECT_EQ(set.size(), 0u);
  EXPECT_EQ(set.TotalLength(), 0);
  EXPECT_FALSE(set.Contains(0));
  EXPECT_TRUE(set.Covers(5, 5));
  EXPECT_FALSE(set.Covers(5, 6));
  EXPECT_EQ(set.ToString(), "{}");
}

TEST(IntervalSetTest, EmptyRangesAreIgnored) {
  IntervalSet set;
  set.Add(5, 5);
  set.Add(9, 3);
  EXPECT_TRUE(set.empty());
  set.Add(0, 10);
  set.Remove(4, 4);
  set.Remove(8, 2);
  EXPECT_EQ(set, (IntervalSet{{0, 10}}));
}

TEST(IntervalSetTest, AddKeepsGapsAndMergesAdjacentAndOverlapping) {
  IntervalSet set;
  set.Add(10, 20);
  set.Add(30, 40);
  EXPECT_EQ(set.ToString(), "{[10, 20), [30, 40)}");
  set.Add(20, 25);  // touches [10, 20)
  EXPECT_EQ(set.ToString(), "{[10, 25), [30, 40)}");
  set.Add(0, 5);  // before everything
  EXPECT_EQ(set.ToString(), "{[0, 5), [10, 25), [30, 40)}");
  set.Add(24, 31);  // bridges two ranges
  EXPECT_EQ(set.ToString(), "{[0, 5), [10, 40)}");
  set.Add(12, 18);  // inside
  EXPECT_EQ(set.ToString(), "{[0, 5), [10, 40)}");
  set.Add(-10, 100);  // swallows everything
  EXPECT_EQ(set.ToString(), "{[-10, 100)}");
  EXPECT_EQ(set.size(), 1u);
}

TEST(IntervalSetTest, AddBridgingManyRanges) {
  IntervalSet set;
  for (int64_t i = 0; i < 10; ++i) {
    set.Add(i * 10, i * 10 + 5);
  }
  EXPECT_EQ(set.size(), 10u);
  set.Add(3, 72);
  EXPECT_EQ(set.ToString(), "{[0, 75), [80, 85), [90, 95)}");
  EXPECT_EQ(set.TotalLength(), 85);
}

TEST(IntervalSetTest, ContainsAndCovers) {
  IntervalSet set{{10, 20}, {30, 40}};
  EXPECT_FALSE(set.Contains(9));
  EXPECT_TRUE(set.Contains(10));
  EXPECT_TRUE(set.Contains(19));
  EXPECT_FALSE(set.Contains(20));  // half-open
  EXPECT_FALSE(set.Contains(25));
  EXPECT_TRUE(set.Contains(30));
  EXPECT_FALSE(set.Contains(40));
  EXPECT_TRUE(set.Covers(10, 20));
  EXPECT_TRUE(set.Covers(12, 15));
  EXPECT_FALSE(set.Covers(15, 21));
  EXPECT_FALSE(set.Covers(15, 35));  // across a gap
  EXPECT_FALSE(set.Covers(5, 12));
  EXPECT_TRUE(set.Covers(Interval{31, 40}));
  EXPECT_TRUE(set.Overlaps(15, 35));
  EXPECT_TRUE(set.Overlaps(19, 20));
  EXPECT_FALSE(set.Overlaps(20, 30));
  EXPECT_FALSE(set.Overlaps(40, 50));
  EXPECT_FALSE(set.Overlaps(15, 15));
}

TEST(IntervalSetTest, RemoveSplitsAndTrims) {
  IntervalSet set{{0, 100}};
  set.Remove(40, 60);
  EXPECT_EQ(set.ToString(), "{[0, 40), [60, 100)}");
  set.Remove(0, 10);
  EXPECT_EQ(set.ToString(), "{[10, 40), [60, 100)}");
  set.Remove(90, 200);
  EXPECT_EQ(set.ToString(), "{[10, 40), [60, 90)}");
  set.Remove(30, 70);  // trims both ends of a gap
  EXPECT_EQ(set.ToString(), "{[10, 30), [70, 90)}");
  set.Remove(40, 60);  // inside the gap: nothing
  EXPECT_EQ(set.ToString(), "{[10, 30), [70, 90)}");
  set.Remove(30, 70);  // exactly the gap: nothing
  EXPECT_EQ(set.ToString(), "{[10, 30), [70, 90)}");
  set.Remove(10, 30);  // exactly a range
  EXPECT_EQ(set.ToString(), "{[70, 90)}");
  set.Remove(0, 1000);
  EXPECT_TRUE(set.empty());
}

TEST(IntervalSetTest, RemoveAcrossManyRanges) {
  IntervalSet set;
  for (int64_t i = 0; i < 10; ++i) {
    set.Add(i * 10, i * 10 + 5);
  }
  set.Remove(12, 83);
  EXPECT_EQ(set.ToString(), "{[0, 5), [10, 12), [83, 85), [90, 95)}");
  set.Remove(1, 94);
  EXPECT_EQ(set.ToString(), "{[0, 1), [94, 95)}");
}

TEST(IntervalSetTest, FromRangesNormalizes) {
  IntervalSet set = IntervalSet::FromRanges({{50, 60}, {0, 10}, {5, 20}, {20, 22}, {70, 70}});
  EXPECT_EQ(set.ToString(), "{[0, 22), [50, 60)}");
  EXPECT_EQ((IntervalSet{{3, 4}, {1, 2}}), (IntervalSet{{1, 2}, {3, 4}}));
  EXPECT_NE((IntervalSet{{1, 2}}), (IntervalSet{{1, 3}}));
}

TEST(IntervalSetTest, Union) {
  IntervalSet a{{0, 10}, {20, 30}, {50, 60}};
  IntervalSet b{{10, 15}, {25, 40}, {70, 80}};
  EXPECT_EQ(a.Union(b).ToString(), "{[0, 15), [20, 40), [50, 60), [70, 80)}");
  EXPECT_EQ(a.Union(b), b.Union(a));
  EXPECT_EQ(a.Union(IntervalSet()), a);
  EXPECT_EQ(IntervalSet().Union(a), a);
}

TEST(IntervalSetTest, Intersect) {
  IntervalSet a{{0, 10}, {20, 30}, {50, 60}};
  IntervalSet b{{5, 25}, {28, 55}};
  EXPECT_EQ(a.Intersect(b).ToString(), "{[5, 10), [20, 25), [28, 30), [50, 55)}");
  EXPECT_EQ(a.Intersect(b), b.Intersect(a));
  EXPECT_TRUE(a.Intersect(IntervalSet()).empty());
  EXPECT_TRUE(a.Intersect(IntervalSet{{10, 20}}).empty());  // touching is not overlapping
}

TEST(IntervalSetTest, Subtract) {
  IntervalSet a{{0, 10}, {20, 30}, {50, 60}};
  EXPECT_EQ(a.Subtract(IntervalSet{{5, 25}}).ToString(), "{[0, 5), [25, 30), [50, 60)}");
  EXPECT_EQ(a.Subtract(IntervalSet{{2, 3}, {4, 5}, {28, 52}}).ToString(),
            "{[0, 2), [3, 4), [5, 10), [20, 28), [52, 60)}");
  EXPECT_EQ(a.Subtract(IntervalSet{{-5, 100}}), IntervalSet());
  EXPECT_EQ(a.Subtract(IntervalSet()), a);
  EXPECT_EQ(a.Subtract(IntervalSet{{10, 20}, {30, 50}}), a);
}

TEST(IntervalSetTest, ClipAndGaps) {
  IntervalSet done{{10, 20}, {30, 40}};
  EXPECT_EQ(done.Clip(15, 35).ToString(), "{[15, 20), [30, 35)}");
  EXPECT_EQ(done.GapsWithin(0, 50).ToString(), "{[0, 10), [20, 30), [40, 50)}");
  EXPECT_EQ(done.GapsWithin(12, 18).ToString(), "{}");
  EXPECT_EQ(done.GapsWithin(15, 35).ToString(), "{[20, 30)}");
  EXPECT_EQ(done.GapsWithin(5, 5).ToString(), "{}");
  EXPECT_EQ(IntervalSet().GapsWithin(1, 2).ToString(), "{[1, 2)}");
}

TEST(IntervalSetTest, HullAndFormattedToString) {
  IntervalSet set{{0, kMicrosPerDay}, {2 * kMicrosPerDay, 3 * kMicrosPerDay}};
  EXPECT_EQ(set.Hull(), (Interval{0, 3 * kMicrosPerDay}));
  EXPECT_EQ(set.ToString(FormatTimestamp),
            "{[1970-01-01 00:00:00, 1970-01-02 00:00:00), "
            "[1970-01-03 00:00:00, 1970-01-04 00:00:00)}");
}

// Checks every operation against a bitmap over a small universe.
TEST(IntervalSetTest, MatchesBitmapModel) {
  constexpr int kUniverse = 200;
  std::mt19937 random(42);
  std::uniform_int_distribution<int> point(0, kUniverse);
  for (int round = 0; round < 50; ++round) {
    IntervalSet set;
    IntervalSet other;
    std::vector<bool> model(kUniverse, false);
    std::vector<bool> other_model(kUniverse, false);
    for (int step = 0; step < 40; ++step) {
      int a = point(random);
      int b = point(random);
      const bool add = random() % 3 != 0;
      if (add) {
        set.Add(a, b);
      } else {
        set.Remove(a, b);
      }
      for (int i = a; i < b; ++i) {
        model[i] = add;
      }
      a = point(random);
      b = point(random);
      other.Add(a, b);
      for (int i = a; i < b; ++i) {
        other_model[i] = true;
      }
    }
    int64_t total = 0;
    for (int i = 0; i < kUniverse; ++i) {
      ASSERT_EQ(set.Contains(i), model[i]) << set.ToString() << " at " << i;
      total += model[i] ? 1 : 0;
    }
    EXPECT_EQ(set.TotalLength(), total);
    for (size_t i = 1; i < set.ranges().size(); ++i) {
      ASSERT_LT(set.ranges()[i - 1].end, set.ranges()[i].start);
    }
    const IntervalSet united = set.Union(other);
    const IntervalSet common = set.Intersect(other);
    const IntervalSet difference = set.Subtract(other);
    for (int i = 0; i < kUniverse; ++i) {
      ASSERT_EQ(united.Contains(i), model[i] || other_model[i]);
      ASSERT_EQ(common.Contains(i), model[i] && other_model[i]);
      ASSERT_EQ(difference.Contains(i), model[i] && !other_model[i]);
    }
    const int a = point(random);
    const int b = point(random);
    bool covered = true;
    for (int i = a; i < b; ++i) {
      covered = covered && model[i];
    }
    EXPECT_EQ(set.Covers(a, b), covered);
    EXPECT_EQ(set.GapsWithin(a, b), (IntervalSet{{a, b}}.Subtract(set)));
    EXPECT_EQ(set.Clip(a, b), (IntervalSet{{a, b}}.Intersect(set)));
  }
}

}  // namespace
}  // namespace strata
