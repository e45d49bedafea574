#!/usr/bin/env bash
# Project loading benchmark (make bench): generates synthetic projects of 1,000, 10,000 and
# 100,000 models (bench/generate_project.cc) and times `strata info` on each: wall time, the load
# time strata reports, and peak memory. Prints figures, not pass/fail.
# Usage: bench/project_load.sh BUILD_DIR [SIZES...]
set -euo pipefail
build="$(cd "$1" && pwd)"
shift
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(1000 10000 100000)
generator="$build/tools/generate_project"
strata="$build/strata"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

printf '%-10s %12s %12s %14s\n' models "wall (s)" "load (s)" "peak RSS (MiB)"
for n in "${sizes[@]}"; do
  "$generator" "$work/p$n" "$n" >/dev/null
  "$strata" -p "$work/p$n" info >/dev/null  # warm the file cache
  best_wall=""; best_load=""; best_rss=""
  for _ in 1 2 3; do
    start=$(date +%s.%N)
    if [[ -x /usr/bin/time ]]; then
      /usr/bin/time -f '%M' -o "$work/rss" "$strata" -p "$work/p$n" info >"$work/out"
      rss_kib=$(tail -1 "$work/rss")
    else
      "$strata" -p "$work/p$n" info >"$work/out"
      rss_kib=0
    fi
    end=$(date +%s.%N)
    wall=$(echo "$end - $start" | bc)
    load=$(sed -n 's/^Loaded [0-9]* files in \([0-9.]*\)s$/\1/p' "$work/out")
    if [[ -z "$best_wall" ]] || (( $(echo "$wall < $best_wall" | bc) )); then
      best_wall=$wall; best_load=$load; best_rss=$rss_kib
    fi
  done
  printf '%-10s %12.3f %12s %14.1f\n' "$n" "$best_wall" "$best_load" "$(echo "$best_rss / 1024" | bc -l)"
  rm -rf "$work/p$n"
done
