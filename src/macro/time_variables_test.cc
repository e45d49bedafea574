#include "macro/time_variables.h"

#include <gtest/gtest.h>

#include "base/time.h"

namespace strata {
namespace {

int64_t At(int64_t year, int month, int day, int64_t hour = 0, int64_t minute = 0,
           int64_t micros = 0) {
  return StartOfDay(DaysFromCivil({year, month, day})) + hour * kMicrosPerHour +
         minute * kMicrosPerMinute + micros;
}

// Every variable as "name kind SQL", one per line.
std::string Render(const TimeVariables& variables) {
  std::string out;
  for (const TimeVariable& variable : variables.all()) {
    out += variable.name;
    out += ' ';
    out += LiteralKindName(variable.value.kind);
    out += ' ';
    out += variable.value.SqlLiteral();
    out += '\n';
  }
  return out;
}

// DESIGN.md §3's example: the day [2020-01-31, 2020-02-01).
TEST(TimeVariablesTest, Daily) {
  const TimeVariables variables(At(2020, 1, 31), At(2020, 2, 1), At(2020, 2, 1, 6, 30));
  EXPECT_EQ(Render(variables),
            "start_dt timestamp TIMESTAMP '2020-01-31 00:00:00'\n"
            "start_dtntz timestamp TIMESTAMP '2020-01-31 00:00:00'\n"
            "start_date date DATE '2020-01-31'\n"
            "start_ds string '2020-01-31'\n"
            "start_ts string '2020-01-31 00:00:00'\n"
            "start_tstz string '2020-01-31 00:00:00+00:00'\n"
            "start_hour integer 0\n"
            "start_epoch float 1580428800.0\n"
            "start_millis integer 1580428800000\n"
            "end_dt timestamp TIMESTAMP '2020-01-31 23:59:59.999999'\n"
            "end_dtntz timestamp TIMESTAMP '2020-01-31 23:59:59.999999'\n"
            "end_date date DATE '2020-01-31'\n"
            "end_ds string '2020-01-31'\n"
            "end_ts string '2020-01-31 23:59:59.999999'\n"
            "end_tstz string '2020-01-31 23:59:59.999999+00:00'\n"
            "end_hour integer 23\n"
            "end_epoch float 1580515199.999\n"
            "end_millis integer 1580515199999\n"
            "execution_dt timestamp TIMESTAMP '2020-02-01 06:30:00'\n"
            "execution_dtntz timestamp TIMESTAMP '2020-02-01 06:30:00'\n"
            "execution_date date DATE '2020-02-01'\n"
            "execution_ds string '2020-02-01'\n"
            "execution_ts string '2020-02-01 06:30:00'\n"
            "execution_tstz string '2020-02-01 06:30:00+00:00'\n"
            "execution_hour integer 6\n"
            "execution_epoch float 1580538600.0\n"
            "execution_millis integer 1580538600000\n");
}

TEST(TimeVariablesTest, Hourly) {
  const TimeVariables variables(At(2020, 1, 31, 13), At(2020, 1, 31, 14),
                                At(2020, 1, 31, 14, 5, 30'250'000));
  EXPECT_EQ(Render(variables),
            "start_dt timestamp TIMESTAMP '2020-01-31 13:00:00'\n"
            "start_dtntz timestamp TIMESTAMP '2020-01-31 13:00:00'\n"
            "start_date date DATE '2020-01-31'\n"
            "start_ds string '2020-01-31'\n"
            "start_ts string '2020-01-31 13:00:00'\n"
            "start_tstz string '2020-01-31 13:00:00+00:00'\n"
            "start_hour integer 13\n"
            "start_epoch float 1580475600.0\n"
            "start_millis integer 1580475600000\n"
            "end_dt timestamp TIMESTAMP '2020-01-31 13:59:59.999999'\n"
            "end_dtntz timestamp TIMESTAMP '2020-01-31 13:59:59.999999'\n"
            "end_date date DATE '2020-01-31'\n"
            "end_ds string '2020-01-31'\n"
            "end_ts string '2020-01-31 13:59:59.999999'\n"
            "end_tstz string '2020-01-31 13:59:59.999999+00:00'\n"
            "end_hour integer 13\n"
            "end_epoch float 1580479199.999\n"
            "end_millis integer 1580479199999\n"
            "execution_dt timestamp TIMESTAMP '2020-01-31 14:05:30.250000'\n"
            "execution_dtntz timestamp TIMESTAMP '2020-01-31 14:05:30.250000'\n"
            "execution_date date DATE '2020-01-31'\n"
            "execution_ds string '2020-01-31'\n"
            "execution_ts string '2020-01-31 14:05:30.250000'\n"
            "execution_tstz string '2020-01-31 14:05:30.250000+00:00'\n"
            "execution_hour integer 14\n"
            "execution_epoch float 1580479530.25\n"
            "execution_millis integer 1580479530250\n");
}

// February of a leap year: the inclusive end is the 29th.
TEST(TimeVariablesTest, Monthly) {
  const TimeVariables variables(At(2020, 2, 1), At(2020, 3, 1), At(2020, 3, 1));
  EXPECT_EQ(Render(variables),
            "start_dt timestamp TIMESTAMP '2020-02-01 00:00:00'\n"
            "start_dtntz timestamp TIMESTAMP '2020-02-01 00:00:00'\n"
            "start_date date DATE '2020-02-01'\n"
            "start_ds string '2020-02-01'\n"
            "start_ts string '2020-02-01 00:00:00'\n"
            "start_tstz string '2020-02-01 00:00:00+00:00'\n"
            "start_hour integer 0\n"
            "start_epoch float 1580515200.0\n"
            "start_millis integer 1580515200000\n"
            "end_dt timestamp TIMESTAMP '2020-02-29 23:59:59.999999'\n"
            "end_dtntz timestamp TIMESTAMP '2020-02-29 23:59:59.999999'\n"
            "end_date date DATE '2020-02-29'\n"
            "end_ds string '2020-02-29'\n"
            "end_ts string '2020-02-29 23:59:59.999999'\n"
            "end_tstz string '2020-02-29 23:59:59.999999+00:00'\n"
            "end_hour integer 23\n"
            "end_epoch float 1583020799.999\n"
            "end_millis integer 1583020799999\n"
            "execution_dt timestamp TIMESTAMP '2020-03-01 00:00:00'\n"
            "execution_dtntz timestamp TIMESTAMP '2020-03-01 00:00:00'\n"
            "execution_date date DATE '2020-03-01'\n"
            "execution_ds string '2020-03-01'\n"
            "execution_ts string '2020-03-01 00:00:00'\n"
            "execution_tstz string '2020-03-01 00:00:00+00:00'\n"
            "execution_hour integer 0\n"
            "execution_epoch float 1583020800.0\n"
            "execution_millis integer 1583020800000\n");
}

TEST(TimeVariablesTest, FindIgnoresCaseAndTheAtSign) {
  const TimeVariables variables(At(2020, 1, 31), At(2020, 2, 1), At(2020, 2, 1));
  ASSERT_NE(variables.Find("start_ds"), nullptr);
  EXPECT_EQ(*variables.Find("start_ds"), (LiteralValue{LiteralKind::kString, "2020-01-31"}));
  ASSERT_NE(variables.Find("@END_MILLIS"), nullptr);
  EXPECT_EQ(variables.Find("@END_MILLIS")->text, "1580515199999");
  EXPECT_EQ(variables.Find("@end_date")->SqlLiteral(), "DATE '2020-01-31'");
  EXPECT_EQ(variables.Find("start_dt")->SqlLiteral(), "TIMESTAMP '2020-01-31 00:00:00'");
  EXPECT_EQ(variables.Find("start"), nullptr);
  EXPECT_EQ(variables.Find("start_"), nullptr);
  EXPECT_EQ(variables.Find("this_model"), nullptr);
  EXPECT_EQ(variables.Find(""), nullptr);
  EXPECT_EQ(variables.all().size(), 27u);
}

TEST(TimeVariablesTest, IsTimeVariableName) {
  EXPECT_TRUE(TimeVariables::IsTimeVariableName("start_ds"));
  EXPECT_TRUE(TimeVariables::IsTimeVariableName("@Execution_Epoch"));
  EXPECT_TRUE(TimeVariables::IsTimeVariableName("end_dtntz"));
  EXPECT_FALSE(TimeVariables::IsTimeVariableName("end_dtnt"));
  EXPECT_FALSE(TimeVariables::IsTimeVariableName("start_dsx"));
  EXPECT_FALSE(TimeVariables::IsTimeVariableName("gateway"));
  EXPECT_FALSE(TimeVariables::IsTimeVariableName("startds"));
}

TEST(TimeVariablesTest, OneMicrosecondInterval) {
  const TimeVariables variables(At(2020, 1, 31, 0, 0, 5), At(2020, 1, 31, 0, 0, 6), 0);
  EXPECT_EQ(variables.Find("start_ts")->text, "2020-01-31 00:00:00.000005");
  EXPECT_EQ(variables.Find("end_ts")->text, "2020-01-31 00:00:00.000005");
  EXPECT_EQ(variables.Find("execution_ts")->text, "1970-01-01 00:00:00");
  EXPECT_EQ(variables.Find("execution_epoch")->text, "0.0");
}

TEST(TimeVariablesTest, BeforeTheEpoch) {
  const TimeVariables variables(At(1969, 12, 31, 23), At(1970, 1, 1), At(1969, 12, 31, 23, 59));
  EXPECT_EQ(variables.Find("start_millis")->text, "-3600000");
  EXPECT_EQ(variables.Find("start_epoch")->text, "-3600.0");
  EXPECT_EQ(variables.Find("end_millis")->text, "-1");
  EXPECT_EQ(variables.Find("end_epoch")->text, "-0.001");
  EXPECT_EQ(variables.Find("end_hour")->text, "23");
  EXPECT_EQ(variables.Find("end_ds")->text, "1969-12-31");
}

}  // namespace
}  // namespace strata
