#!/usr/bin/env bash
# DESIGN.md §9 P6: `strata run` adding one day to a 365-day INCREMENTAL_BY_TIME_RANGE fact table
# of 10 million rows, against a full rebuild of the same table (the first `plan`, which builds all
# 365 days in one batch). Both are whole commands (process start, state, render, transaction).
# The day is timed three times (its interval removed from the state in between, so each run
# processes it again: delete + insert of one day); the best is reported with its ratio to the
# rebuild. On DuckDB it also times the engine's own floor for the same day: a program that only
# opens the file, runs the batch's statements and closes it (bench/duckdb_day_floor.cc).
# Prints figures, not pass/fail.
# Usage: bench/incremental_day.sh BUILD_DIR [ROWS]   (default STRATA_BENCH_P6_ROWS or 10,000,000)
# Engines: STRATA_BENCH_P6_ENGINES (default "duckdb postgres"; postgres is skipped without a
# server).
set -euo pipefail
build="$(cd "$1" && pwd)"
rows="${2:-${STRATA_BENCH_P6_ROWS:-10000000}}"
engines="${STRATA_BENCH_P6_ENGINES:-duckdb postgres}"
strata="$build/strata"
work="$(mktemp -d)"
source "$(dirname "${BASH_SOURCE[0]}")/pg_server.sh"
cleanup() {
  stop_pg_server
  [[ -n "${STRATA_BENCH_KEEP:-}" ]] || rm -rf "$work"
}
trap cleanup EXIT
seconds() { echo "$(date +%s.%N) - $1" | bc; }

for engine in $engines; do
  p="$work/$engine"
  mkdir -p "$p/models"
  case "$engine" in
    duckdb)
      cat >"$p/config.yaml" <<'YAML'
gateways:
  local:
    connection: {type: duckdb, database: db.duckdb}
model_defaults:
  dialect: duckdb
YAML
      source_rows="range($rows) AS r(i)"
      day_number="i * 366 // $rows" ;;
    postgres)
      start_pg_server "$work" "$build" || { echo "P6 postgres skipped: no PostgreSQL server"; continue; }
      cat >"$p/config.yaml" <<YAML
gateways:
  local:
    connection: $pg_yaml
model_defaults:
  dialect: duckdb
YAML
      source_rows="generate_series(0, $rows - 1) AS r(i)"
      day_number="CAST(i AS BIGINT) * 366 / $rows" ;;
    *) echo "unknown engine $engine" >&2; exit 2 ;;
  esac
  cat >"$p/models/fact.sql" <<'SQL'
MODEL (
  name sales.fact,
  kind INCREMENTAL_BY_TIME_RANGE (time_column day),
  start '2024-01-01',
  cron '@daily'
);
SELECT id, day, customer, amount, amount * 0.2 AS tax
FROM raw.events
WHERE day BETWEEN @start_ds AND @end_ds
SQL
  # 2024 has 366 days: 365 for the rebuild (2024-01-01 .. 2024-12-30), the last one for the run.
  # Events are stored in the order they happened, as a fact source is appended to.
  "$strata" -p "$p" query "CREATE SCHEMA raw; CREATE TABLE raw.events AS SELECT i AS id, \
    DATE '2024-01-01' + CAST($day_number AS INTEGER) AS day, i % 10007 AS customer, \
    CAST(i % 1000 AS DECIMAL(12, 2)) AS amount FROM $source_rows" >/dev/null
  if [[ "$engine" == postgres ]]; then
    # A PostgreSQL event table is read by time through an index (DuckDB needs none: its zone
    # maps skip the row groups of other days).
    "$strata" -p "$p" query "CREATE INDEX ON raw.events USING brin (day); ANALYZE raw.events" >/dev/null
  fi

  start=$(date +%s.%N)
  "$strata" -p "$p" plan --auto-apply --execution-time 2024-12-31 >"$work/plan.out"
  rebuild=$(seconds "$start")
  table_rows=$("$strata" -p "$p" query --format csv "SELECT COUNT(*) FROM sales.fact" | tail -1)
  if [[ -n "${STRATA_BENCH_P6_HOOK:-}" ]]; then "$strata" -p "$p" query "$STRATA_BENCH_P6_HOOK"; fi
  if [[ -n "${STRATA_BENCH_P6_VERBOSE:-}" ]]; then "$strata" -vv -p "$p" run --execution-time 2025-01-01 >&2; "$strata" -p "$p" query "INSERT INTO strata_state.intervals SELECT MAX(seq) + 1, 'sales.fact', (SELECT version FROM strata_state.snapshots LIMIT 1), 1735603200000000, 1735689600000000, TRUE, 0 FROM strata_state.intervals" >/dev/null; fi

  best=""
  for attempt in 1 2 3; do
    if (( attempt > 1 )); then
      "$strata" -p "$p" query "INSERT INTO strata_state.intervals SELECT MAX(seq) + 1, 'sales.fact', \
        (SELECT version FROM strata_state.snapshots LIMIT 1), 1735603200000000, 1735689600000000, \
        TRUE, 0 FROM strata_state.intervals" >/dev/null
    fi
    start=$(date +%s.%N)
    "$strata" -p "$p" run --execution-time 2025-01-01 >"$work/run.out"
    wall=$(seconds "$start")
    grep -q 'sales.fact \[insert 2024-12-31' "$work/run.out" || { cat "$work/run.out"; exit 1; }
    if [[ -z "$best" ]] || (( $(echo "$wall < $best" | bc) )); then best=$wall; fi
  done
  printf 'P6 %s: full rebuild, 365 days, %s rows: %.3f s\n' "$engine" "$table_rows" "$rebuild"
  printf 'P6 %s: run adding day 366 (%s rows): %.3f s = %.2f %% of the rebuild\n' "$engine" \
    "$(( rows / 366 ))" "$best" "$(echo "100 * $best / $rebuild" | bc -l)"
  if [[ "$engine" == duckdb ]]; then
    # The engine's floor for the same day: DuckDB alone opening the file, replacing the day's rows
    # with one DELETE and one INSERT … SELECT in a transaction, and closing (its checkpoint).
    table="strata__sales.sales__fact__$("$strata" -p "$p" query --format csv \
      "SELECT version FROM strata_state.snapshots WHERE name = 'sales.fact'" | tail -1)"
    floor="" floor_detail=""
    for attempt in 1 2 3; do
      start=$(date +%s.%N)
      detail=$("$build/tools/duckdb_floor" "$p/db.duckdb" \
        "DELETE FROM $table WHERE day = DATE '2024-12-31'" \
        "INSERT INTO $table SELECT id, day, customer, amount, amount * 0.2 AS tax FROM raw.events \
         WHERE day = DATE '2024-12-31'")
      wall=$(seconds "$start")
      if [[ -z "$floor" ]] || (( $(echo "$wall < $floor" | bc) )); then floor=$wall floor_detail=$detail; fi
    done
    printf 'P6 duckdb: DuckDB alone, the same day (no strata): %.3f s = %.2f %% of the rebuild (%s)\n' \
      "$floor" "$(echo "100 * $floor / $rebuild" | bc -l)" "$floor_detail"
  fi
done
