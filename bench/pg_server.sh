# Sourced by the whole-command benchmark scripts (not run by itself): a throwaway PostgreSQL
# server (bench/pg_server.cc), started on first use and stopped by stop_pg_server.
pg_pid=""

# start_pg_server WORK_DIR BUILD_DIR: starts the server once, exports STRATA_BENCH_PG_PASSWORD and
# sets pg_yaml to the connection of its database as a config.yaml flow mapping. Returns 1 when no
# PostgreSQL server can start (no server binaries installed).
start_pg_server() {
  local work="$1" build="$2"
  if [[ -z "$pg_pid" ]]; then
    "$build/tools/pg_server" "$work/pg" & pg_pid=$!
    for _ in $(seq 1 300); do [[ -s "$work/pg" ]] || ! kill -0 "$pg_pid" 2>/dev/null && break; sleep 0.1; done
    if [[ ! -s "$work/pg" ]]; then
      pg_pid=""
      return 1
    fi
  fi
  local host port user password database
  read -r host port user password database <"$work/pg"
  export STRATA_BENCH_PG_PASSWORD="$password"
  pg_yaml="{type: postgres, host: $host, port: $port, user: $user, password: \"{{ env_var('STRATA_BENCH_PG_PASSWORD') }}\", database: $database}"
}

stop_pg_server() {
  if [[ -n "$pg_pid" ]]; then
    kill "$pg_pid" 2>/dev/null || true
    wait "$pg_pid" 2>/dev/null || true
  fi
}
