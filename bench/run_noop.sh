#!/usr/bin/env bash
# DESIGN.md §9 P7 and P1 (P2 with N=100000): a generated project of N models (default 10,000) is
# planned once (`plan --skip-backfill`: tables and views, no data), every snapshot's intervals are
# recorded up to the execution time, then `strata run` at that time finds nothing due — its wall
# time is P7 — and `strata plan` at the same time finds no change — its wall time (load included)
# is P1. Each figure is the best of three, with peak memory.
#
# Layouts (STRATA_BENCH_LAYOUTS, default "separate shared postgres"):
#   separate  data in db.duckdb, state in state.duckdb (`state_connection`): the warehouse is not
#             opened by a no-op run or plan
#   shared    data and state in db.duckdb (the default config): every command loads the
#             warehouse's catalog (~20,000 tables and views)
#   postgres  data and state in one PostgreSQL database (bench/pg_server.cc); skipped when no
#             PostgreSQL server is installed
# STRATA_GENERATE_BASIC_KINDS=1 (bench/generate_project.cc) generates no INCREMENTAL_BY_UNIQUE_KEY
# or SCD_TYPE_2 models, for builds that cannot materialize them yet.
# Prints figures, not pass/fail. Usage: bench/run_noop.sh BUILD_DIR [N]
set -euo pipefail
build="$(cd "$1" && pwd)"
n="${2:-${STRATA_BENCH_MODELS:-10000}}"
layouts="${STRATA_BENCH_LAYOUTS:-separate shared postgres}"
generator="$build/tools/generate_project"
strata="$build/strata"
work="$(mktemp -d)"
source "$(dirname "${BASH_SOURCE[0]}")/pg_server.sh"
cleanup() {
  stop_pg_server
  [[ -n "${STRATA_BENCH_KEEP:-}" ]] && echo "kept $work" >&2 || rm -rf "$work"
}
trap cleanup EXIT
at="2025-01-15"

# The best wall time of three, with that run's CPU time (user + system, all threads: on a busy
# machine the steadier figure) and peak memory.
best() {
  local best="" rss="" cpu=""
  for _ in 1 2 3; do
    local start end wall
    if [[ -n "${before:-}" ]]; then eval "$before"; fi
    start=$(date +%s.%N)
    /usr/bin/time -f '%M %U %S' -o "$work/rss" "$@" >"$work/out"
    end=$(date +%s.%N)
    wall=$(echo "$end - $start" | bc)
    if [[ -z "$best" ]] || (( $(echo "$wall < $best" | bc) )); then
      best=$wall
      read -r rss user system < <(tail -1 "$work/rss")
      cpu=$(echo "$user + $system" | bc)
    fi
  done
  printf '%8.3f s wall  %6.2f s CPU  %8.1f MiB  (%s)\n' "$best" "$cpu" \
    "$(echo "$rss / 1024" | bc -l)" "$(head -1 "$work/out")"
}

for layout in $layouts; do
  p="$work/$layout"
  "$generator" "$p" "$n" >/dev/null
  state_gateway=local
  case "$layout" in
    separate)
      cat >"$p/config.yaml" <<YAML
gateways:
  local:
    connection: {type: duckdb, database: db.duckdb}
    state_connection: {type: duckdb, database: state.duckdb}
  state:
    connection: {type: duckdb, database: state.duckdb}
default_gateway: local
model_defaults:
  dialect: duckdb
  start: '2024-01-01'
YAML
      state_gateway=state ;;
    shared) ;;
    postgres)
      start_pg_server "$work" "$build" || { echo "postgres layout skipped: no PostgreSQL server"; continue; }
      cat >"$p/config.yaml" <<YAML
gateways:
  local:
    connection: $pg_yaml
default_gateway: local
model_defaults:
  dialect: duckdb
  start: '2024-01-01'
YAML
      ;;
    *) echo "unknown layout $layout" >&2; exit 2 ;;
  esac
  # The external source tables the generated models read (all share one column layout).
  sql="CREATE SCHEMA IF NOT EXISTS raw;"
  for t in $(sed -n 's/^- name: raw\.\(.*\)$/\1/p' "$p/external_models.yaml"); do
    sql+=" CREATE TABLE raw.$t (id BIGINT, ds DATE, amount DECIMAL(12, 2), category TEXT, updated_at TIMESTAMP);"
  done
  "$strata" -p "$p" query "$sql" >/dev/null
  start=$(date +%s.%N)
  "$strata" -p "$p" plan --auto-apply --skip-backfill --execution-time "$at" >/dev/null
  printf '[%s] first plan (creates %s tables and views), %s models: %.1f s\n' "$layout" "$n" "$n" \
    "$(echo "$(date +%s.%N) - $start" | bc)"
  # Every snapshot processed from the epoch up to the execution time (a bulk stand-in for history).
  "$strata" -p "$p" --gateway "$state_gateway" query "INSERT INTO strata_state.intervals SELECT \
    row_number() OVER () + (SELECT COALESCE(MAX(seq), 0) FROM strata_state.intervals), name, \
    version, 0, 1736899200000000, FALSE, 0 FROM strata_state.snapshots" >/dev/null
  # A no-op run remembers its answer beside a DuckDB state file (docs/plan_and_run.md, "The
  # no-op run cache"): timed with that cache removed first (the state is read), then as the
  # following no-op runs find it.
  printf '[%s] P7 no-op run, %s models, reading the state: ' "$layout" "$n"
  before="rm -f '$p'/*.strata-run" best "$strata" -p "$p" run --execution-time "$at"
  printf '[%s] P7 no-op run, %s models, the runs after it: ' "$layout" "$n"
  best "$strata" -p "$p" run --execution-time "$at"
  printf '[%s] P1 load + no-op plan, %s models: ' "$layout" "$n"
  best "$strata" -p "$p" plan --execution-time "$at" --no-prompts
  [[ -n "${STRATA_BENCH_KEEP:-}" ]] || rm -rf "$p"
done
