// Batch lines and ranges.
#include "cli/batch_output.h"

#include <sstream>

#include <fmt/format.h>

#include "base/text.h"
#include "base/time.h"
#include "cli/table_writer.h"

namespace strata::cli {

std::string GroupThousands(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) {
      out += ',';
    }
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string FormatRange(Interval interval) {
  if (interval.start % kMicrosPerDay == 0 && interval.end % kMicrosPerDay == 0) {
    return fmt::format("{} - {}", FormatDate(DayOf(interval.start)),
                       FormatDate(DayOf(interval.end - 1)));
  }
  constexpr int64_t kSecond = 1000000;
  return fmt::format("{} - {}", FormatTimestamp(interval.start),
                     FormatTimestamp(interval.end - kSecond));
}

std::string BatchLine(const BatchReport& report) {
  const project::Model* model = report.model->model;
  using project::ModelKindName;
  const std::optional<ModelKindName> kind =
      model != nullptr ? std::optional(model->kind.name) : std::nullopt;
  // What the batch does to the table: a rebuild, or the write of its interval named as the
  // kind writes (an insert, a merge on the unique key, an SCD type 2 update of the history).
  const bool rebuilds =
      kind == ModelKindName::kFull || (kind == ModelKindName::kView && model->kind.materialized);
  std::string what;
  if (rebuilds) {
    what = "full refresh";
  } else if (kind == ModelKindName::kSeed) {
    what = "insert seed file";
  } else if (kind == ModelKindName::kIncrementalByUniqueKey) {
    what = "merge " + FormatRange(report.interval);
  } else if (kind == ModelKindName::kScdType2ByTime || kind == ModelKindName::kScdType2ByColumn) {
    what = "scd type 2 " + FormatRange(report.interval);
  } else {
    what = "insert " + FormatRange(report.interval);
  }
  const BatchResult& r = report.result;
  // Kinds that update rows in place always say what they inserted and updated, so that a no-op
  // batch reads `0 inserted / 0 updated / 0 deleted`.
  const bool updates_rows =
      model != nullptr && (model->kind.name == project::ModelKindName::kIncrementalByUniqueKey ||
                           model->kind.name == project::ModelKindName::kScdType2ByTime ||
                           model->kind.name == project::ModelKindName::kScdType2ByColumn);
  std::string detail;
  switch (report.outcome.state) {
    case TaskState::kSucceeded:
      if (rebuilds) {
        // The table's new rows; those of the table it replaced are not more rows written.
        detail = fmt::format("{} row{}", GroupThousands(r.inserted), r.inserted == 1 ? "" : "s");
        if (r.deleted > 0) {
          detail += fmt::format(", replacing {}", GroupThousands(r.deleted));
        }
      } else if (r.updated == 0 && r.deleted == 0 && !updates_rows) {
        detail = fmt::format("{} row{}", GroupThousands(r.inserted), r.inserted == 1 ? "" : "s");
      } else {
        detail = fmt::format("{} inserted / {} updated / {} deleted", GroupThousands(r.inserted),
                             GroupThousands(r.updated), GroupThousands(r.deleted));
      }
      if (r.dropped_outside_interval > 0) {
        detail += fmt::format(", {} outside the interval dropped",
                              GroupThousands(r.dropped_outside_interval));
      }
      break;
    case TaskState::kFailed:
      detail = "failed";
      break;
    default:
      detail = "skipped: an upstream batch failed";
      break;
  }
  if (std::string audits = AuditCounts(report.audits); !audits.empty()) {
    detail += ", " + audits;
  }
  std::string line = fmt::format("[{}/{}] {} [{}, {}]", report.number, report.total,
                                 report.model->name, what, detail);
  if (report.outcome.state != TaskState::kSkipped) {
    line += fmt::format(" {:.2f}s", report.seconds);
  }
  return line;
}

std::string AuditCounts(const std::vector<AuditOutcome>& outcomes) {
  if (outcomes.empty()) {
    return "";
  }
  size_t failed = 0;
  for (const AuditOutcome& outcome : outcomes) {
    failed += outcome.passed() ? 0 : 1;
  }
  std::string text = fmt::format("audits ✔{}", outcomes.size() - failed);
  if (failed > 0) {
    text += fmt::format(" ✘{}", failed);
  }
  return text;
}

std::string AuditFailureText(const AuditOutcome& outcome) {
  if (outcome.passed()) {
    return "";
  }
  std::string out = fmt::format(
      "  {} audit {} failed: {} row{} ({})\n", outcome.blocking ? "✘" : "⚠", outcome.shown,
      GroupThousands(outcome.failed_rows), outcome.failed_rows == 1 ? "" : "s",
      outcome.blocking ? "blocking" : "non-blocking: a warning");
  for (std::string_view line : Split(outcome.sql, '\n')) {
    out += fmt::format("    {}\n", line);
  }
  std::ostringstream table;
  WriteTable(outcome.sample, table);
  const std::string table_text = table.str();
  std::vector<std::string_view> lines = Split(table_text, '\n');
  while (!lines.empty() && lines.back().empty()) {
    lines.pop_back();
  }
  if (!lines.empty()) {
    lines.pop_back();  // WriteTable's "(N rows)": the count of the sample, said below instead
  }
  for (std::string_view line : lines) {
    out += fmt::format("    {}\n", line);
  }
  const auto shown = static_cast<int64_t>(outcome.sample.rows.size());
  out +=
      shown < outcome.failed_rows
          ? fmt::format("    (first {} of {} rows)\n", shown, GroupThousands(outcome.failed_rows))
          : fmt::format("    ({} row{})\n", shown, shown == 1 ? "" : "s");
  return out;
}

void PrintBatchReport(Console& console, const BatchReport& report) {
  console.Line(BatchLine(report));
  for (const AuditOutcome& outcome : report.audits) {
    if (!outcome.passed()) {
      console.Print(console.Styled(AuditFailureText(outcome),
                                   outcome.blocking ? Style::kRed : Style::kYellow));
    }
  }
}

void PrintInterrupted(Console& console, const BackfillSummary& summary,
                      std::string_view next_step) {
  for (const Status& error : summary.errors) {
    fmt::print(stderr, "{}\n", error.ToString());
  }
  console.Line(console.Styled(
      fmt::format("✘ Interrupted: {} of {} batch{} committed (their intervals are recorded), {} "
                  "failed, {} not run; no batch was left half-written",
                  summary.succeeded, summary.batches, summary.batches == 1 ? "" : "es",
                  summary.failed, summary.interrupted + summary.skipped),
      Style::kRed));
  console.Line(std::string(next_step));
}

}  // namespace strata::cli
