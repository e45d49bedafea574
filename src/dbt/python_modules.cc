#include "dbt/python_modules.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <regex>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "base/time.h"
#include "dbt/jinja_objects.h"
#include "jinja/arguments.h"
#include "jinja/value_format.h"

namespace strata::dbt {
namespace {

using jinja::Value;
using Attributes = std::map<std::string, Value, std::less<>>;

int64_t NowUtcMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct Fields {
  int64_t year;
  int month, day, hour, minute, second, micro;
};

Fields Split(int64_t micros) {
  const int64_t days = FloorDiv(micros, kMicrosPerDay);
  const int64_t rest = micros - days * kMicrosPerDay;
  const CivilDate date = CivilFromDays(days);
  const int64_t seconds = rest / kMicrosPerSecond;
  return {date.year,
          date.month,
          date.day,
          static_cast<int>(seconds / 3600),
          static_cast<int>(seconds / 60 % 60),
          static_cast<int>(seconds % 60),
          static_cast<int>(rest % kMicrosPerSecond)};
}

int64_t Join(const Fields& f) {
  return DaysFromCivil({f.year, f.month, f.day}) * kMicrosPerDay +
         ((f.hour * 60 + f.minute) * 60 + f.second) * kMicrosPerSecond + f.micro;
}

const char* const kWeekdays[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                 "Friday", "Saturday", "Sunday"};
const char* const kMonths[] = {"January",   "February", "March",    "April",
                               "May",       "June",     "July",     "August",
                               "September", "October",  "November", "December"};

// Python's strftime for the directives templates use; another one is an error.
Result<std::string> Strftime(int64_t micros, const std::string& format, bool with_zone,
                             bool is_date) {
  const Fields f = Split(is_date ? FloorDiv(micros, kMicrosPerDay) * kMicrosPerDay : micros);
  const int weekday = static_cast<int>(FloorMod(FloorDiv(micros, kMicrosPerDay) + 3, 7));  // Mon 0
  std::string out;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%' || i + 1 == format.size()) {
      out += format[i];
      continue;
    }
    const char d = format[++i];
    switch (d) {
      case 'Y':
        out += fmt::format("{:04}", f.year);
        break;
      case 'y':
        out += fmt::format("{:02}", f.year % 100);
        break;
      case 'm':
        out += fmt::format("{:02}", f.month);
        break;
      case 'd':
        out += fmt::format("{:02}", f.day);
        break;
      case 'H':
        out += fmt::format("{:02}", f.hour);
        break;
      case 'I':
        out += fmt::format("{:02}", f.hour % 12 == 0 ? 12 : f.hour % 12);
        break;
      case 'p':
        out += f.hour < 12 ? "AM" : "PM";
        break;
      case 'M':
        out += fmt::format("{:02}", f.minute);
        break;
      case 'S':
        out += fmt::format("{:02}", f.second);
        break;
      case 'f':
        out += fmt::format("{:06}", f.micro);
        break;
      case 'j': {
        const int64_t start = DaysFromCivil({f.year, 1, 1});
        out += fmt::format("{:03}", FloorDiv(micros, kMicrosPerDay) - start + 1);
        break;
      }
      case 'a':
        out += std::string(kWeekdays[weekday]).substr(0, 3);
        break;
      case 'A':
        out += kWeekdays[weekday];
        break;
      case 'b':
        out += std::string(kMonths[f.month - 1]).substr(0, 3);
        break;
      case 'B':
        out += kMonths[f.month - 1];
        break;
      case 'w':
        out += std::to_string((weekday + 1) % 7);
        break;
      case 'u':
        out += std::to_string(weekday + 1);
        break;
      case 'z':
        out += with_zone ? "+0000" : "";
        break;
      case 'Z':
        out += with_zone ? "UTC" : "";
        break;
      case '%':
        out += '%';
        break;
      default:
        return Status::Unsupported(
            fmt::format("strftime directive %{} is not supported by strata's Jinja", d));
    }
  }
  return out;
}

// Python's strptime for %Y %m %d %H %M %S %f and literal text.
Result<int64_t> Strptime(const std::string& text, const std::string& format) {
  Fields f{1900, 1, 1, 0, 0, 0, 0};
  size_t t = 0;
  auto number = [&](size_t max, int64_t* out) -> bool {
    size_t n = 0;
    int64_t value = 0;
    while (t < text.size() && n < max && std::isdigit(static_cast<unsigned char>(text[t]))) {
      value = value * 10 + (text[t++] - '0');
      ++n;
    }
    *out = value;
    return n > 0;
  };
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%' || i + 1 == format.size()) {
      if (t >= text.size() || text[t] != format[i]) {
        return Status::InvalidArgument(
            fmt::format("time data '{}' does not match format '{}'", text, format));
      }
      ++t;
      continue;
    }
    int64_t v = 0;
    const char d = format[++i];
    bool ok = true;
    switch (d) {
      case 'Y':
        ok = number(4, &v);
        f.year = v;
        break;
      case 'm':
        ok = number(2, &v);
        f.month = static_cast<int>(v);
        break;
      case 'd':
        ok = number(2, &v);
        f.day = static_cast<int>(v);
        break;
      case 'H':
        ok = number(2, &v);
        f.hour = static_cast<int>(v);
        break;
      case 'M':
        ok = number(2, &v);
        f.minute = static_cast<int>(v);
        break;
      case 'S':
        ok = number(2, &v);
        f.second = static_cast<int>(v);
        break;
      case 'f': {
        const size_t start = t;
        ok = number(6, &v);
        for (size_t n = t - start; n < 6; ++n) {
          v *= 10;
        }
        f.micro = static_cast<int>(v);
        break;
      }
      case '%':
        ok = t < text.size() && text[t++] == '%';
        break;
      default:
        return Status::Unsupported(
            fmt::format("strptime directive %{} is not supported by strata's Jinja", d));
    }
    if (!ok) {
      return Status::InvalidArgument(
          fmt::format("time data '{}' does not match format '{}'", text, format));
    }
  }
  if (t != text.size() || f.month < 1 || f.month > 12 || f.day < 1 ||
      f.day > DaysInMonth(f.year, f.month) || f.hour > 23 || f.minute > 59 || f.second > 59) {
    return Status::InvalidArgument(
        fmt::format("time data '{}' does not match format '{}'", text, format));
  }
  return Join(f);
}

// Python's timedelta: a signed number of microseconds, printed as Python prints it
// ("1 day, 2:03:04", "-1 day, 23:00:00", "0:00:01.500000").
class TimeDelta : public jinja::Object {
 public:
  explicit TimeDelta(int64_t micros) : micros_(micros) {}
  int64_t micros() const { return micros_; }
  std::string TypeName() const override { return "timedelta"; }
  std::string Str() const override {
    const int64_t days = FloorDiv(micros_, kMicrosPerDay);
    const int64_t rest = micros_ - days * kMicrosPerDay;
    const int64_t seconds = rest / kMicrosPerSecond;
    std::string out;
    if (days != 0) {
      out = fmt::format("{} day{}, ", days, days == 1 || days == -1 ? "" : "s");
    }
    out += fmt::format("{}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60);
    if (rest % kMicrosPerSecond != 0) {
      out += fmt::format(".{:06}", rest % kMicrosPerSecond);
    }
    return out;
  }
  std::string Repr() const override { return Str(); }
  std::optional<Value> GetAttribute(std::string_view name) const override {
    const int64_t days = FloorDiv(micros_, kMicrosPerDay);
    const int64_t rest = micros_ - days * kMicrosPerDay;
    if (name == "days") {
      return Value::Int(days);
    }
    if (name == "seconds") {
      return Value::Int(rest / kMicrosPerSecond);
    }
    if (name == "microseconds") {
      return Value::Int(rest % kMicrosPerSecond);
    }
    if (name == "total_seconds") {
      const int64_t micros = micros_;
      return HostFunction::Make("total_seconds", [micros](jinja::CallContext&, jinja::Arguments&) {
        return Result<Value>(Value::Float(static_cast<double>(micros) / kMicrosPerSecond));
      });
    }
    return std::nullopt;
  }
  std::optional<Result<Value>> Arithmetic(char op, const Value& other,
                                          bool self_on_right) const override;
  std::optional<int> CompareTo(const Value& other) const override {
    const auto* delta =
        other.is_object() ? dynamic_cast<const TimeDelta*>(other.as_object().get()) : nullptr;
    if (delta == nullptr) {
      return std::nullopt;
    }
    return micros_ < delta->micros_ ? -1 : micros_ > delta->micros_ ? 1 : 0;
  }

 private:
  int64_t micros_;
};

Value MakeTimeDelta(int64_t micros) {
  return Value::FromObject(std::make_shared<TimeDelta>(micros));
}

std::optional<Result<Value>> TimeDelta::Arithmetic(char op, const Value& other,
                                                   bool self_on_right) const {
  const auto* delta =
      other.is_object() ? dynamic_cast<const TimeDelta*>(other.as_object().get()) : nullptr;
  if (delta == nullptr) {
    return std::nullopt;  // a date + timedelta is the date's to answer
  }
  const int64_t a = self_on_right ? delta->micros_ : micros_;
  const int64_t b = self_on_right ? micros_ : delta->micros_;
  return Result<Value>(MakeTimeDelta(op == '+' ? a + b : a - b));
}

class DateTime : public jinja::Object {
 public:
  DateTime(int64_t micros, bool with_zone, bool is_date)
      : micros_(micros), with_zone_(with_zone), is_date_(is_date) {}
  std::string TypeName() const override { return is_date_ ? "date" : "datetime"; }

  std::string Str() const override {
    const Fields f = Split(micros_);
    std::string out = fmt::format("{:04}-{:02}-{:02}", f.year, f.month, f.day);
    if (is_date_) {
      return out;
    }
    out += fmt::format(" {:02}:{:02}:{:02}", f.hour, f.minute, f.second);
    if (f.micro != 0) {
      out += fmt::format(".{:06}", f.micro);
    }
    return with_zone_ ? out + "+00:00" : out;
  }
  std::string Repr() const override { return Str(); }

  std::optional<Value> GetAttribute(std::string_view name) const override {
    const Fields f = Split(micros_);
    if (name == "year") {
      return Value::Int(f.year);
    }
    if (name == "month") {
      return Value::Int(f.month);
    }
    if (name == "day") {
      return Value::Int(f.day);
    }
    if (!is_date_) {
      if (name == "hour") {
        return Value::Int(f.hour);
      }
      if (name == "minute") {
        return Value::Int(f.minute);
      }
      if (name == "second") {
        return Value::Int(f.second);
      }
      if (name == "microsecond") {
        return Value::Int(f.micro);
      }
    }
    const int64_t micros = micros_;
    const bool zone = with_zone_;
    const bool is_date = is_date_;
    if (name == "strftime") {
      return HostFunction::Make(
          "strftime", [=](jinja::CallContext& context, jinja::Arguments& args) -> Result<Value> {
            STRATA_ASSIGN_OR_RETURN(auto a, jinja::BindArguments("strftime", args, {"format"}, 1));
            Result<std::string> out = Strftime(micros, jinja::Str(*a[0]), zone, is_date);
            if (!out.ok()) {
              return Status(context.Error(out.status().message()));
            }
            return Value::String(*out);
          });
    }
    if (name == "isoformat") {
      return HostFunction::Make("isoformat", [=](jinja::CallContext&, jinja::Arguments&) {
        std::string text = DateTime(micros, zone, is_date).Str();
        if (!is_date) {
          text[10] = 'T';
        }
        return Result<Value>(Value::String(text));
      });
    }
    if (name == "date") {
      return HostFunction::Make("date", [=](jinja::CallContext&, jinja::Arguments&) {
        return Result<Value>(
            Value::FromObject(std::make_shared<DateTime>(micros, false, /*is_date=*/true)));
      });
    }
    if (name == "timestamp") {
      return HostFunction::Make("timestamp", [=](jinja::CallContext&, jinja::Arguments&) {
        return Result<Value>(Value::Float(static_cast<double>(micros) / kMicrosPerSecond));
      });
    }
    if (name == "weekday") {
      return HostFunction::Make("weekday", [=](jinja::CallContext&, jinja::Arguments&) {
        return Result<Value>(Value::Int(FloorMod(FloorDiv(micros, kMicrosPerDay) + 3, 7)));
      });
    }
    if (name == "replace") {
      return HostFunction::Make(
          "replace", [=](jinja::CallContext& context, jinja::Arguments& args) -> Result<Value> {
            Fields g = Split(micros);
            for (const auto& [key, value] : args.keyword) {
              if (!value.is_int()) {
                return Status(context.Error("replace() takes whole numbers"));
              }
              const int64_t v = value.as_int();
              if (key == "year") {
                g.year = v;
              } else if (key == "month") {
                g.month = static_cast<int>(v);
              } else if (key == "day") {
                g.day = static_cast<int>(v);
              } else if (key == "hour") {
                g.hour = static_cast<int>(v);
              } else if (key == "minute") {
                g.minute = static_cast<int>(v);
              } else if (key == "second") {
                g.second = static_cast<int>(v);
              } else if (key == "microsecond") {
                g.micro = static_cast<int>(v);
              } else {
                return Status(context.Error("replace() has no argument " + key));
              }
            }
            if (g.month < 1 || g.month > 12 || g.day < 1 || g.day > DaysInMonth(g.year, g.month)) {
              return Status(context.Error("day is out of range for month"));
            }
            return Value::FromObject(std::make_shared<DateTime>(Join(g), zone, is_date));
          });
    }
    return std::nullopt;
  }

  // datetime ± timedelta → datetime (a date moves by whole days); datetime - datetime →
  // timedelta; timedelta + datetime → datetime.
  std::optional<Result<Value>> Arithmetic(char op, const Value& other,
                                          bool self_on_right) const override {
    if (!other.is_object()) {
      return std::nullopt;
    }
    if (const auto* delta = dynamic_cast<const TimeDelta*>(other.as_object().get())) {
      if (self_on_right && op == '-') {
        return std::nullopt;  // timedelta - datetime: a type error, as in Python
      }
      int64_t moved = op == '+' ? micros_ + delta->micros() : micros_ - delta->micros();
      if (is_date_) {
        moved = FloorDiv(moved, kMicrosPerDay) * kMicrosPerDay;
      }
      return Result<Value>(
          Value::FromObject(std::make_shared<DateTime>(moved, with_zone_, is_date_)));
    }
    if (const auto* time = dynamic_cast<const DateTime*>(other.as_object().get());
        time != nullptr && op == '-' && time->is_date_ == is_date_) {
      return Result<Value>(
          MakeTimeDelta(self_on_right ? time->micros_ - micros_ : micros_ - time->micros_));
    }
    return std::nullopt;
  }
  std::optional<int> CompareTo(const Value& other) const override {
    const auto* time =
        other.is_object() ? dynamic_cast<const DateTime*>(other.as_object().get()) : nullptr;
    if (time == nullptr) {
      return std::nullopt;
    }
    return micros_ < time->micros_ ? -1 : micros_ > time->micros_ ? 1 : 0;
  }

 private:
  int64_t micros_;
  bool with_zone_;
  bool is_date_;
};

Value MakeDateTime(int64_t micros, bool with_zone, bool is_date) {
  return Value::FromObject(std::make_shared<DateTime>(micros, with_zone, is_date));
}

// datetime(year, month, day[, hour, minute, second, microsecond]) / date(year, month, day).
Result<Value> Construct(jinja::CallContext& context, jinja::Arguments& args, bool is_date) {
  const std::vector<std::string> names = {"year",   "month",  "day",        "hour",
                                          "minute", "second", "microsecond"};
  auto bound = is_date
                   ? jinja::BindArguments("date", args, {"year", "month", "day"}, 3)
                   : jinja::BindArguments(
                         "datetime", args,
                         {"year", "month", "day", "hour", "minute", "second", "microsecond"}, 3);
  STRATA_ASSIGN_OR_RETURN(auto a, std::move(bound));
  std::vector<int64_t> v(7, 0);
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i]) {
      if (!a[i]->is_int()) {
        return Status(context.Error(names[i] + " must be a whole number"));
      }
      v[i] = a[i]->as_int();
    }
  }
  if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > DaysInMonth(v[0], static_cast<int>(v[1])) ||
      v[3] > 23 || v[4] > 59 || v[5] > 59) {
    return Status(context.Error("a date or time field is out of range"));
  }
  return MakeDateTime(
      Join({v[0], static_cast<int>(v[1]), static_cast<int>(v[2]), static_cast<int>(v[3]),
            static_cast<int>(v[4]), static_cast<int>(v[5]), static_cast<int>(v[6])}),
      false, is_date);
}

Value DatetimeModule() {
  auto now = [](bool with_zone) {
    return [with_zone](jinja::CallContext&, jinja::Arguments&) -> Result<Value> {
      return MakeDateTime(NowUtcMicros(), with_zone, false);
    };
  };
  const Value datetime = HostFunction::Make(
      "datetime", [](jinja::CallContext& c, jinja::Arguments& a) { return Construct(c, a, false); },
      Attributes{
          {"now", HostFunction::Make("now", now(false))},
          {"utcnow", HostFunction::Make("utcnow", now(false))},
          {"today", HostFunction::Make("today", now(false))},
          {"strptime",
           HostFunction::Make(
               "strptime",
               [](jinja::CallContext& context, jinja::Arguments& args) -> Result<Value> {
                 STRATA_ASSIGN_OR_RETURN(
                     auto a, jinja::BindArguments("strptime", args, {"date_string", "format"}, 2));
                 Result<int64_t> at = Strptime(jinja::Str(*a[0]), jinja::Str(*a[1]));
                 if (!at.ok()) {
                   return Status(context.Error(at.status().message()));
                 }
                 return MakeDateTime(*at, false, false);
               })},
      });
  const Value date = HostFunction::Make(
      "date", [](jinja::CallContext& c, jinja::Arguments& a) { return Construct(c, a, true); },
      Attributes{{"today", HostFunction::Make("today", [](jinja::CallContext&, jinja::Arguments&) {
                    return Result<Value>(MakeDateTime(NowUtcMicros(), false, true));
                  })}});
  const Value timedelta = HostFunction::Make(
      "timedelta", [](jinja::CallContext& context, jinja::Arguments& args) -> Result<Value> {
        // timedelta(days, seconds, microseconds, milliseconds, minutes, hours, weeks)
        static constexpr std::pair<std::string_view, double> kUnits[] = {
            {"days", 86400e6}, {"seconds", 1e6},  {"microseconds", 1},   {"milliseconds", 1e3},
            {"minutes", 60e6}, {"hours", 3600e6}, {"weeks", 7 * 86400e6}};
        double micros = 0;
        for (size_t i = 0; i < args.positional.size() && i < std::size(kUnits); ++i) {
          if (!args.positional[i].is_number()) {
            return Status(context.Error("timedelta() takes numbers"));
          }
          micros += args.positional[i].as_double() * kUnits[i].second;
        }
        for (const auto& [key, value] : args.keyword) {
          const auto* unit = std::find_if(std::begin(kUnits), std::end(kUnits),
                                          [&](const auto& u) { return u.first == key; });
          if (unit == std::end(kUnits) || !value.is_number()) {
            return Status(context.Error("timedelta() has no argument " + key));
          }
          micros += value.as_double() * unit->second;
        }
        return MakeTimeDelta(static_cast<int64_t>(std::llround(micros)));
      });
  return HostObject::Make(
      "module", Attributes{{"datetime", datetime}, {"date", date}, {"timedelta", timedelta}});
}

// A match object: group(n), groups(), start(), end(), span(); truthy.
Value MatchValue(const std::smatch& match) {
  std::vector<std::optional<std::string>> groups;
  for (size_t i = 0; i < match.size(); ++i) {
    groups.push_back(match[i].matched ? std::optional(match[i].str()) : std::nullopt);
  }
  const auto start = static_cast<int64_t>(match.position(0));
  const auto end = start + static_cast<int64_t>(match.length(0));
  auto as_value = [](const std::optional<std::string>& g) {
    return g ? Value::String(*g) : Value::None();
  };
  return HostObject::Make(
      "re.Match",
      Attributes{
          {"group", HostFunction::Make("group",
                                       [groups, as_value](jinja::CallContext& context,
                                                          jinja::Arguments& args) -> Result<Value> {
                                         const int64_t n =
                                             args.positional.empty() || !args.positional[0].is_int()
                                                 ? 0
                                                 : args.positional[0].as_int();
                                         if (n < 0 || n >= static_cast<int64_t>(groups.size())) {
                                           return Status(context.Error("no such group"));
                                         }
                                         return as_value(groups[n]);
                                       })},
          {"groups", HostFunction::Make("groups",
                                        [groups, as_value](jinja::CallContext&, jinja::Arguments&) {
                                          std::vector<Value> out;
                                          for (size_t i = 1; i < groups.size(); ++i) {
                                            out.push_back(as_value(groups[i]));
                                          }
                                          return Result<Value>(Value::List(std::move(out)));
                                        })},
          {"start", HostFunction::Make("start",
                                       [start](jinja::CallContext&, jinja::Arguments&) {
                                         return Result<Value>(Value::Int(start));
                                       })},
          {"end", HostFunction::Make("end",
                                     [end](jinja::CallContext&, jinja::Arguments&) {
                                       return Result<Value>(Value::Int(end));
                                     })},
      });
}

// Python's replacement string (\1, \g<1>) as ECMAScript's ($1).
std::string Replacement(const std::string& python) {
  std::string out;
  for (size_t i = 0; i < python.size(); ++i) {
    if (python[i] == '$') {
      out += "$$";
    } else if (python[i] == '\\' && i + 1 < python.size() &&
               std::isdigit(static_cast<unsigned char>(python[i + 1]))) {
      out += '$';
      out += python[++i];
    } else if (python.compare(i, 3, "\\g<") == 0) {
      const size_t close = python.find('>', i);
      if (close == std::string::npos) {
        out.append(python, i, std::string::npos);
        break;
      }
      out += '$';
      out.append(python, i + 3, close - i - 3);
      i = close;
    } else if (python[i] == '\\' && i + 1 < python.size()) {
      out += python[++i];
    } else {
      out += python[i];
    }
  }
  return out;
}

Result<std::regex> Compile(jinja::CallContext& context, const std::string& pattern) {
  try {
    return std::regex(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    return Status(context.Error(fmt::format("bad regular expression '{}': {}", pattern, e.what())));
  }
}

// re.<name>(pattern, string, …), or a compiled pattern's method (pattern bound).
Value ReFunction(const std::string& name, std::optional<std::string> bound) {
  return HostFunction::Make(
      name, [name, bound](jinja::CallContext& context, jinja::Arguments& args) -> Result<Value> {
        std::vector<Value> positional = args.positional;
        if (bound) {
          positional.insert(positional.begin(), Value::String(*bound));
        }
        if (positional.size() < 2) {
          return Status(context.Error("re." + name + "() takes a pattern and a string"));
        }
        const std::string pattern = jinja::Str(positional[0]);
        STRATA_ASSIGN_OR_RETURN(std::regex re, Compile(context, pattern));
        if (name == "sub") {
          if (positional.size() < 3) {
            return Status(context.Error("re.sub() takes a pattern, a replacement and a string"));
          }
          return Value::String(std::regex_replace(jinja::Str(positional[2]), re,
                                                  Replacement(jinja::Str(positional[1]))));
        }
        const std::string text = jinja::Str(positional[1]);
        std::smatch match;
        if (name == "match") {
          return std::regex_search(text, match, re, std::regex_constants::match_continuous)
                     ? MatchValue(match)
                     : Value::None();
        }
        if (name == "fullmatch") {
          return std::regex_match(text, match, re) ? MatchValue(match) : Value::None();
        }
        if (name == "search") {
          return std::regex_search(text, match, re) ? MatchValue(match) : Value::None();
        }
        if (name == "findall") {
          std::vector<Value> out;
          for (auto it = std::sregex_iterator(text.begin(), text.end(), re);
               it != std::sregex_iterator(); ++it) {
            out.push_back(Value::String((*it)[it->size() > 1 ? 1 : 0].str()));
          }
          return Value::List(std::move(out));
        }
        // split
        std::vector<Value> out;
        for (auto it = std::sregex_token_iterator(text.begin(), text.end(), re, -1);
             it != std::sregex_token_iterator(); ++it) {
          out.push_back(Value::String(it->str()));
        }
        return Value::List(std::move(out));
      });
}

Value ReModule() {
  Attributes attributes;
  for (const char* name : {"match", "search", "fullmatch", "sub", "findall", "split"}) {
    attributes[name] = ReFunction(name, std::nullopt);
  }
  attributes["escape"] =
      HostFunction::Make("escape", [](jinja::CallContext&, jinja::Arguments& args) {
        std::string out;
        for (char c : args.positional.empty() ? std::string() : jinja::Str(args.positional[0])) {
          if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') {
            out += '\\';
          }
          out += c;
        }
        return Result<Value>(Value::String(out));
      });
  attributes["compile"] = HostFunction::Make(
      "compile", [](jinja::CallContext& context, jinja::Arguments& args) -> Result<Value> {
        STRATA_ASSIGN_OR_RETURN(auto a, jinja::BindArguments("compile", args, {"pattern"}, 1));
        const std::string pattern = jinja::Str(*a[0]);
        STRATA_RETURN_IF_ERROR(Compile(context, pattern).status());
        Attributes methods{{"pattern", Value::String(pattern)}};
        for (const char* name : {"match", "search", "fullmatch", "sub", "findall", "split"}) {
          methods[name] = ReFunction(name, pattern);
        }
        return HostObject::Make("re.Pattern", std::move(methods));
      });
  return HostObject::Make("module", std::move(attributes));
}

}  // namespace

jinja::Value DateTimeValue(int64_t micros, bool with_zone) {
  return MakeDateTime(micros, with_zone, false);
}

jinja::Value PythonModules() {
  return HostObject::Make("modules",
                          Attributes{{"datetime", DatetimeModule()}, {"re", ReModule()}});
}

}  // namespace strata::dbt
