#include "base/status.h"

#include <gtest/gtest.h>

#include "base/result.h"

namespace strata {
namespace {

TEST(StatusTest, OkIsEmpty) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kOk);
  EXPECT_EQ(s.message(), "");
  EXPECT_EQ(s.ToString(), "OK");
}

TEST(StatusTest, RendersLocationCaretAndHint) {
  Status s = Status::ParseError("expected FROM")
                 .WithLocation({"models/a.sql", 3, 10, "SELECT a FORM t"})
                 .WithHint("did you mean FROM?");
  EXPECT_EQ(s.code(), StatusCode::kParseError);
  EXPECT_EQ(s.ToString(),
            "models/a.sql:3:10: error: expected FROM\n"
            " 3 | SELECT a FORM t\n"
            "   |          ^\n"
            "hint: did you mean FROM?");
}

TEST(StatusTest, CaretCountsCodePoints) {
  Status s = Status::ParseError("bad").WithLocation({"f.sql", 1, 4, "'é' x"});
  EXPECT_EQ(s.ToString(), "f.sql:1:4: error: bad\n 1 | 'é' x\n   |    ^");
}

TEST(StatusTest, CopyIsDeep) {
  Status a = Status::NotFound("x");
  Status b = a;
  b = b.WithHint("h");
  EXPECT_EQ(a.hint(), "");
  EXPECT_EQ(b.hint(), "h");
  EXPECT_EQ(b.WithContext("loading").message(), "loading: x");
}

TEST(StatusTest, CombineKeepsEveryError) {
  EXPECT_TRUE(Status::Combine({}).ok());
  EXPECT_TRUE(Status::Combine({Status::OK()}).ok());
  Status one = Status::Combine({Status::OK(), Status::NotFound("a")});
  EXPECT_EQ(one.message(), "a");
  EXPECT_TRUE(one.errors().empty());
  Status two = Status::Combine(
      {Status::ParseError("a").WithLocation({"x.yaml", 1, 2, ""}), Status::NotFound("b")});
  EXPECT_EQ(two.code(), StatusCode::kParseError);
  ASSERT_EQ(two.errors().size(), 2u);
  EXPECT_EQ(two.ToString(), "x.yaml:1:2: error: a\n\nerror: b\n\n2 errors");
}

Result<int> Half(int x) {
  if (x % 2 != 0) {
    return Status::InvalidArgument("odd");
  }
  return x / 2;
}

Result<int> Quarter(int x) {
  STRATA_ASSIGN_OR_RETURN(int h, Half(x));
  STRATA_ASSIGN_OR_RETURN(h, Half(h));
  return h;
}

Status CheckEven(int x) {
  STRATA_RETURN_IF_ERROR(Half(x).status());
  return Status::OK();
}

TEST(ResultTest, PropagatesValuesAndErrors) {
  EXPECT_EQ(*Quarter(8), 2);
  Result<int> r = Quarter(6);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "odd");
  EXPECT_TRUE(CheckEven(2).ok());
  EXPECT_EQ(CheckEven(3).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Quarter(5).value_or(-1), -1);
}

}  // namespace
}  // namespace strata
