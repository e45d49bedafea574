#!/usr/bin/env bash
# DESIGN.md §9 P7 (and P1): a generated project of N models (default 10,000) is planned once
# (`plan --skip-backfill`: tables and views, no data), every snapshot's intervals are recorded up
# to the execution time, then `strata run` at that time finds nothing due — its wall time is P7.
# `strata plan` at the same time then finds no change — its wall time (load included) is P1.
# Prints figures, not pass/fail. Usage: bench/run_noop.sh BUILD_DIR [N]
set -euo pipefail
build="$(cd "$1" && pwd)"
n="${2:-10000}"
generator="$build/tools/generate_project"
strata="$build/strata"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
at="2025-01-15"
"$generator" "$work/p" "$n" >/dev/null
# The external source tables the generated models read (all share one column layout).
sql="CREATE SCHEMA IF NOT EXISTS raw;"
for t in $(sed -n 's/^- name: raw\.\(.*\)$/\1/p' "$work/p/external_models.yaml"); do
  sql+=" CREATE TABLE raw.$t (id BIGINT, ds DATE, amount DECIMAL(12, 2), category TEXT, updated_at TIMESTAMP);"
done
"$strata" -p "$work/p" query "$sql" >/dev/null
"$strata" -p "$work/p" plan --auto-apply --skip-backfill --execution-time "$at" >/dev/null
# Every snapshot processed from the epoch up to the execution time (a bulk stand-in for history).
"$strata" -p "$work/p" query "INSERT INTO strata_state.intervals SELECT row_number() OVER () + \
  (SELECT COALESCE(MAX(seq), 0) FROM strata_state.intervals), name, version, 0, \
  1736899200000000, FALSE, 0 FROM strata_state.snapshots" >/dev/null
best() {
  local best=""
  for _ in 1 2 3; do
    local start end wall
    start=$(date +%s.%N)
    /usr/bin/time -f '%M' -o "$work/rss" "$@" >"$work/out"
    end=$(date +%s.%N)
    wall=$(echo "$end - $start" | bc)
    if [[ -z "$best" ]] || (( $(echo "$wall < $best" | bc) )); then
      best=$wall; rss=$(tail -1 "$work/rss")
    fi
  done
  printf '%8.3f s  %8.1f MiB  (%s)\n' "$best" "$(echo "$rss / 1024" | bc -l)" "$(head -1 "$work/out")"
}
printf 'P7 no-op run, %s models: ' "$n"
best "$strata" -p "$work/p" run --execution-time "$at"
printf 'P1 load + no-op plan, %s models: ' "$n"
best "$strata" -p "$work/p" plan --execution-time "$at" --no-prompts
