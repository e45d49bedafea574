#!/usr/bin/env bash
# Benchmark P8 (make bench): `strata dbt parse` and `strata dbt compile` on a generated dbt project
# of 10,000 models and 20,000 data tests calling dbt_utils and dbt's cross-database macros
# (bench/generate_dbt_project.py), best of three: wall and CPU seconds, peak memory. With
# STRATA_BENCH_DBT_CORE=1 and build/dbt-venv present (make compat installs it), dbt-core's
# `dbt parse --no-partial-parse` on the same project too, once (it takes minutes).
# Usage: bench/dbt_parse.sh BUILD_DIR [MODELS]
set -euo pipefail
build="$(cd "$1" && pwd)"
models="${2:-${STRATA_BENCH_DBT_MODELS:-10000}}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
utils="$root/../shared/corpora/dbt/packages/dbt_utils"
if [[ ! -d "$utils" ]]; then
  echo "dbt_parse: no dbt_utils at $utils; skipped"
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 "$root/bench/generate_dbt_project.py" "$work/p" "$models" "$utils"
cd "$work/p"
printf '%-28s %10s %10s %14s\n' command "wall (s)" "CPU (s)" "peak RSS (MiB)"
for command in parse compile; do
  "$build/strata" dbt "$command" >/dev/null  # warm the file cache
  best=""
  for _ in 1 2 3; do
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$build/strata" dbt "$command" >/dev/null
    read -r wall user sys rss <"$work/time"
    cpu=$(echo "$user + $sys" | bc)
    if [[ -z "$best" ]] || (( $(echo "$wall < ${best%% *}" | bc) )); then
      best="$wall $cpu $rss"
    fi
  done
  read -r wall cpu rss <<<"$best"
  printf '%-28s %10.2f %10.2f %14.1f\n' "strata dbt $command" "$wall" "$cpu" "$(echo "$rss / 1024" | bc -l)"
done
dbt="$root/build/dbt-venv/bin/dbt"
if [[ "${STRATA_BENCH_DBT_CORE:-0}" == 1 && -x "$dbt" ]]; then
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$dbt" parse --no-partial-parse \
    --profiles-dir . >/dev/null 2>&1 || true
  read -r wall user sys rss <"$work/time"
  printf '%-28s %10.2f %10.2f %14.1f\n' "dbt-core parse" "$wall" "$(echo "$user + $sys" | bc)" \
    "$(echo "$rss / 1024" | bc -l)"
fi
