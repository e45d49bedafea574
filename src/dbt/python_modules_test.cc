#include "dbt/python_modules.h"

#include <gtest/gtest.h>

#include "jinja/environment.h"

namespace strata::dbt {
namespace {

std::string Render(const std::string& text) {
  jinja::Environment env;
  env.SetGlobal("modules", PythonModules());
  env.SetGlobal("started", DateTimeValue(int64_t{1735787045} * 1000000, /*with_zone=*/true));
  Result<std::string> out = env.RenderString(text, "t.sql", {});
  return out.ok() ? *out : "error: " + out.status().message();
}

TEST(PythonModulesTest, DatetimeAsPythonPrintsAndComputesIt) {
  EXPECT_EQ(Render("{{ modules.datetime.datetime(2025, 1, 2, 3, 4, 5) }}"), "2025-01-02 03:04:05");
  EXPECT_EQ(Render("{{ started }}|{{ started.strftime('%Y-%m-%d %H:%M %Z %a') }}"),
            "2025-01-02 03:04:05+00:00|2025-01-02 03:04 UTC Thu");
  EXPECT_EQ(Render("{{ (modules.datetime.datetime(2025, 3, 1) - "
                   "modules.datetime.timedelta(days=1)).isoformat() }}"),
            "2025-02-28T00:00:00");
  EXPECT_EQ(Render("{{ (modules.datetime.date(2025, 3, 1) - modules.datetime.date(2024, 12, 25))"
                   ".days }}"),
            "66");
  EXPECT_EQ(Render("{{ modules.datetime.timedelta(days=-1, hours=1) }}"), "-1 day, 1:00:00");
  EXPECT_EQ(Render("{{ modules.datetime.datetime.strptime('2024-02-29', '%Y-%m-%d').date() }}"),
            "2024-02-29");
  EXPECT_EQ(Render("{{ started > modules.datetime.datetime(2025, 1, 1) }}"), "True");
  EXPECT_EQ(Render("{{ modules.datetime.datetime.strptime('2025-02-30', '%Y-%m-%d') }}"),
            "error: time data '2025-02-30' does not match format '%Y-%m-%d'");
  // timedelta - datetime is a type error, as in Python.
  EXPECT_NE(Render("{{ modules.datetime.timedelta(days=1) - started }}").find("error"),
            std::string::npos);
}

TEST(PythonModulesTest, RegularExpressions) {
  EXPECT_EQ(Render("{{ modules.re.sub('(\\\\w+)@(\\\\w+)', '\\\\2 at \\\\1', 'ada@home') }}"),
            "home at ada");
  EXPECT_EQ(Render("{{ modules.re.search('(\\\\d+)-(\\\\d+)', 'ab 12-34').groups() }}"),
            "['12', '34']");
  EXPECT_EQ(Render("{{ modules.re.match('b', 'abc') is none }}"), "True");
  EXPECT_EQ(Render("{{ modules.re.compile('[,;]').split('a,b;c') | join('|') }}"), "a|b|c");
  EXPECT_EQ(Render("{{ modules.re.findall('[a-z]+', 'ab 1 cd') }}"), "['ab', 'cd']");
}

}  // namespace
}  // namespace strata::dbt
