// DiffTables: three queries — counts, the joined summary, the sample.
#include "materialize/table_diff.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/text.h"

namespace strata {

namespace {

std::string Quoted(const std::string& name) { return QuoteSqlIdentifier(name); }

Result<std::vector<engine::Column>> ColumnsOf(engine::EngineAdapter& connection,
                                              const PhysicalTable& table) {
  Result<std::vector<engine::Column>> columns = connection.DescribeTable(table.schema, table.name);
  if (!columns.ok() && columns.status().code() == StatusCode::kNotFound) {
    return Status::NotFound(fmt::format("table {} does not exist", table.Sql()))
        .WithHint("run `strata plan` for the environment to build it");
  }
  return columns;
}

int64_t IntOf(const engine::Value& value) { return value.is_null() ? 0 : value.AsInt64(); }

}  // namespace

Result<TableDiffResult> DiffTables(engine::EngineAdapter& connection,
                                   const TableDiffRequest& request) {
  TableDiffResult result;
  STRATA_ASSIGN_OR_RETURN(std::vector<engine::Column> source,
                          ColumnsOf(connection, request.source));
  STRATA_ASSIGN_OR_RETURN(std::vector<engine::Column> target,
                          ColumnsOf(connection, request.target));
  auto find = [](const std::vector<engine::Column>& columns, const std::string& name) {
    return std::find_if(columns.begin(), columns.end(),
                        [&](const engine::Column& c) { return ToLower(c.name) == ToLower(name); });
  };
  for (const engine::Column& column : target) {
    auto other = find(source, column.name);
    result.columns.push_back(
        {column.name, other == source.end() ? "" : other->type.ToString(), column.type.ToString()});
  }
  for (const engine::Column& column : source) {
    if (find(target, column.name) == target.end()) {
      result.columns.push_back({column.name, column.type.ToString(), ""});
    }
  }
  std::vector<std::string> key;
  for (const std::string& name : request.key) {
    auto in_source = find(source, name);
    auto in_target = find(target, name);
    if (in_source == source.end() || in_target == target.end()) {
      return Status::InvalidArgument(fmt::format("the key column '{}' is not in {}", name,
                                                 in_source == source.end() ? request.source.Sql()
                                                                           : request.target.Sql()))
          .WithHint("name the columns rows are matched on with --on");
    }
    key.push_back(in_target->name);
  }
  std::vector<std::string> compared;  // common columns that are not part of the key
  for (const TableDiffColumn& column : result.columns) {
    if (!column.source_type.empty() && !column.target_type.empty() &&
        std::none_of(key.begin(), key.end(),
                     [&](const std::string& k) { return ToLower(k) == ToLower(column.name); })) {
      compared.push_back(column.name);
    }
  }

  const std::string filter = request.where.empty() ? "" : fmt::format(" WHERE ({})", request.where);
  const std::string s_table =
      fmt::format("(SELECT *, 1 AS strata_in_s FROM {}{})", request.source.Sql(), filter);
  const std::string t_table =
      fmt::format("(SELECT *, 1 AS strata_in_t FROM {}{})", request.target.Sql(), filter);
  std::vector<std::string> on;
  std::vector<std::string> key_list;
  for (const std::string& k : key) {
    on.push_back(fmt::format("s.{0} = t.{0}", Quoted(k)));
    key_list.push_back(Quoted(k));
  }
  std::vector<std::string> differs;
  for (const std::string& c : compared) {
    differs.push_back(fmt::format("s.{0} IS DISTINCT FROM t.{0}", Quoted(c)));
  }
  const std::string any_differs = differs.empty() ? "FALSE" : "(" + Join(differs, " OR ") + ")";
  const std::string both = "s.strata_in_s IS NOT NULL AND t.strata_in_t IS NOT NULL";
  const std::string joined =
      fmt::format("{} AS s FULL OUTER JOIN {} AS t ON {}", s_table, t_table, Join(on, " AND "));

  // ---- counts and duplicate keys
  STRATA_ASSIGN_OR_RETURN(
      engine::QueryResult counts,
      connection.Query(fmt::format(
          "SELECT CAST((SELECT COUNT(*) FROM {0} AS s) AS BIGINT), "
          "CAST((SELECT COUNT(*) FROM {1} AS t) AS BIGINT), "
          "CAST((SELECT COUNT(*) FROM (SELECT 1 FROM {0} AS s GROUP BY {2} HAVING COUNT(*) > 1) "
          "AS d) AS BIGINT), "
          "CAST((SELECT COUNT(*) FROM (SELECT 1 FROM {1} AS t GROUP BY {2} HAVING COUNT(*) > 1) "
          "AS d) AS BIGINT)",
          s_table, t_table, Join(key_list, ", "))));
  result.source_rows = IntOf(counts.rows[0][0]);
  result.target_rows = IntOf(counts.rows[0][1]);
  result.source_duplicate_keys = IntOf(counts.rows[0][2]);
  result.target_duplicate_keys = IntOf(counts.rows[0][3]);

  // ---- matched / changed / added / removed, and changed values per column
  std::vector<std::string> sums = {
      fmt::format("CAST(SUM(CASE WHEN {} THEN 1 ELSE 0 END) AS BIGINT)", both),
      fmt::format("CAST(SUM(CASE WHEN {} AND {} THEN 1 ELSE 0 END) AS BIGINT)", both, any_differs),
      "CAST(SUM(CASE WHEN s.strata_in_s IS NULL THEN 1 ELSE 0 END) AS BIGINT)",
      "CAST(SUM(CASE WHEN t.strata_in_t IS NULL THEN 1 ELSE 0 END) AS BIGINT)"};
  for (const std::string& condition : differs) {
    sums.push_back(
        fmt::format("CAST(SUM(CASE WHEN {} AND {} THEN 1 ELSE 0 END) AS BIGINT)", both, condition));
  }
  STRATA_ASSIGN_OR_RETURN(
      engine::QueryResult summary,
      connection.Query(fmt::format("SELECT {} FROM {}", Join(sums, ", "), joined)));
  const std::vector<engine::Value>& row = summary.rows[0];
  result.matched = IntOf(row[0]);
  result.changed = IntOf(row[1]);
  result.added = IntOf(row[2]);
  result.removed = IntOf(row[3]);
  for (size_t i = 0; i < compared.size(); ++i) {
    result.changed_by_column.emplace_back(compared[i], IntOf(row[4 + i]));
  }

  // ---- a sample of the differing rows
  if (request.limit > 0 && (result.changed + result.added + result.removed) > 0) {
    std::vector<std::string> select = {
        "CASE WHEN s.strata_in_s IS NULL THEN 'added' WHEN t.strata_in_t IS NULL THEN 'removed' "
        "ELSE 'changed' END AS diff"};
    std::vector<std::string> order = {"1"};
    for (const std::string& k : key) {
      select.push_back(fmt::format("COALESCE(s.{0}, t.{0}) AS {0}", Quoted(k)));
      order.push_back(Quoted(k));
    }
    for (const std::string& c : compared) {
      select.push_back(fmt::format("s.{0} AS {1}, t.{0} AS {2}", Quoted(c), Quoted(c + "__source"),
                                   Quoted(c + "__target")));
    }
    STRATA_ASSIGN_OR_RETURN(
        result.sample,
        connection.Query(fmt::format("SELECT {} FROM {} WHERE NOT ({} AND NOT {}) ORDER BY {} "
                                     "LIMIT {}",
                                     Join(select, ", "), joined, both, any_differs,
                                     Join(order, ", "), request.limit)));
  }
  return result;
}

}  // namespace strata
