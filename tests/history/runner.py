"""Runs a history on one engine, twice (the noisy path and the clean path), then a fresh project,
and checks the invariants of README.md. Every strata command goes through the `strata` binary."""

import csv
import dataclasses
import io
import json
import os
import random
import shutil
import signal
import subprocess
import tempfile
import time

from generator import (IDEMPOTENT_KINDS, ancestors, fmt_time, render_files)

LOCK_TIMEOUT = "300"


@dataclasses.dataclass
class Violation:
    check: str  # command_failed, prod_unreadable, dev_changed_prod, paths_differ, ...
    step: int  # index of the step (-1: end of history)
    model: str
    detail: str

    def signature(self):
        return (self.check, self.model)

    def __str__(self):
        where = f"step {self.step}" if self.step >= 0 else "end"
        return f"[{self.check}] {where} {self.model or ''}: {self.detail}"


class Abort(Exception):
    """Stops a history at its first violation (later steps would only repeat it)."""


@dataclasses.dataclass
class Stats:
    steps: int = 0
    commands: int = 0
    kills: int = 0
    kills_landed: int = 0


class Path:
    """One project folder and its database, driven through the strata binary."""

    def __init__(self, strata, label, engine, pg, root):
        self.strata = strata
        self.label = label
        self.engine = engine
        self.pg = pg
        self.dir = os.path.join(root, label)
        os.makedirs(self.dir)
        self.database = None
        if engine == "postgres":
            self.database = pg.create_database()
            connection = pg.connection_yaml(self.database)
        else:
            connection = "{type: duckdb, database: db.duckdb}"
        with open(os.path.join(self.dir, "config.yaml"), "w") as f:
            f.write(f"gateways:\n  local:\n    connection: {connection}\n"
                    "default_gateway: local\nconcurrent_tasks: 2\n"
                    "model_defaults:\n  dialect: duckdb\n")
        self.log = []  # (argv, exit code) of every command, for the replay script
        self.durations = {}

    def close(self):
        if self.database:
            self.pg.drop_database(self.database)

    def write_project(self, models):
        for rel, text in render_files(models).items():
            path = os.path.join(self.dir, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(text)
        self.log.append(("files", [m.path for m in models]))

    def cmd(self, args, timeout=600):
        argv = [self.strata] + args
        started = time.time()
        r = subprocess.run(argv, cwd=self.dir, capture_output=True, text=True, timeout=timeout)
        self.log.append((args, r.returncode))
        return r, time.time() - started

    def killed(self, args, delay):
        """Starts strata with `args`, SIGKILLs it after `delay` seconds; whether it was still
        running then."""
        p = subprocess.Popen([self.strata] + args, cwd=self.dir, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        try:
            p.wait(timeout=delay)
            landed = False
        except subprocess.TimeoutExpired:
            p.send_signal(signal.SIGKILL)
            p.wait()
            landed = True
        self.log.append((["kill -9 after %.3fs:" % delay] + args, -9 if landed else p.returncode))
        return landed

    def query(self, sql):
        r, _ = self.cmd(["query", "--format", "csv", sql])
        if r.returncode != 0:
            return None, (r.stderr.strip() or r.stdout.strip())
        rows = list(csv.reader(io.StringIO(r.stdout)))
        return rows, None


def tables_of(models):
    return [m for m in models if m.has_table()]


class HistoryRun:
    def __init__(self, history, engine, strata, pg, known, keep=False, verbose=False,
                 inject=None):
        self.h = history
        self.engine = engine
        self.strata = strata
        self.pg = pg
        self.known = known
        self.keep = keep
        self.verbose = verbose
        self.violations = []
        self.stats = Stats()
        self.root = tempfile.mkdtemp(prefix=f"strata-history-{history.seed}-{engine}-")
        self.rng = random.Random(history.seed * 7919 + (1 if engine == "postgres" else 0))
        self.clean_durations = {}
        # The checker's own test: `skip_data` makes the noisy path skip the data step of index
        # `inject`, which the checks must then report.
        self.inject = inject

    # ---- helpers ------------------------------------------------------------------------------

    def violate(self, check, step, model, detail, abort=True):
        v = Violation(check, step, model, detail)
        self.violations.append(v)
        if abort:
            raise Abort()

    def project_at(self, step_index, path_label):
        """The project prod runs with after step `step_index` on a path."""
        project = 0
        for i, s in enumerate(self.h.steps[:step_index + 1]):
            if s.kind in ("plan", "promote"):
                project = s.project
        return self.h.projects[project]

    def must(self, path, args, step, what):
        r, took = path.cmd(args)
        self.stats.commands += 1
        if r.returncode != 0:
            text = (r.stderr.strip() or r.stdout.strip()).splitlines()
            first = next((ln for ln in text if "rror" in ln), text[0] if text else "")
            self.violate("command_failed", step, None,
                         f"{path.label}: strata {' '.join(args)} exited {r.returncode}: "
                         f"{first[:300]}")
        return r, took

    def maybe_killed(self, path, args, step_index, step, kill):
        """Runs `args`; on the noisy path with `kill`, first a run SIGKILLed at a random moment,
        then checks prod is readable, then the command again."""
        if kill:
            expected = self.clean_durations.get(step_index, 0.5)
            delay = self.rng.uniform(0.005, max(expected, 0.05) * 1.1)
            self.stats.kills += 1
            if path.killed(args, delay):
                self.stats.kills_landed += 1
            self.check_readable(path, step_index, after="kill -9 during " + " ".join(args[:2]))
        r, took = self.must(path, args, step_index, "")
        return took

    def check_readable(self, path, step, after):
        models = tables_of(self.current_prod_models(path))
        if not models:
            return
        sql = " UNION ALL ".join(f"SELECT COUNT(*) AS n FROM {m.name}" for m in models)
        rows, err = path.query(sql)
        if err is None:
            return
        for m in models:
            _, e = path.query(f"SELECT COUNT(*) FROM {m.name}")
            if e is not None:
                self.violate("prod_unreadable", step, m.name,
                             f"{path.label}, after {after}: {e.splitlines()[0][:300]}")
        self.violate("prod_unreadable", step, None, f"{path.label}, after {after}: {err[:300]}")

    def current_prod_models(self, path):
        return path.prod_models

    def snapshot(self, path, models, step):
        """{model: (sorted columns, sorted rows)} of prod's views: one query for the columns, one
        for every view's rows (each row as one text), per view only when that fails."""
        tables = tables_of(models)
        out = {}
        if not tables:
            return out
        names = ", ".join(f"'{m.name.split('.')[1]}'" for m in tables)
        cols, err = path.query("SELECT table_name, column_name FROM information_schema.columns "
                               f"WHERE table_schema = 'h' AND table_name IN ({names}) "
                               "ORDER BY table_name, ordinal_position")
        columns = {}
        for table, column in (cols or [[]])[1:]:
            columns.setdefault("h." + table, []).append(column)
        parts = []
        for m in tables:
            if m.name not in columns:
                self.violate("prod_unreadable", step, m.name, f"{path.label}: no such view")
            fields = ", ".join(f"COALESCE(CAST({c} AS VARCHAR), '<null>')"
                               for c in sorted(columns[m.name]))
            parts.append(f"SELECT '{m.name}' AS t, CONCAT_WS('|', {fields}) AS r FROM {m.name}")
        rows, err = path.query(" UNION ALL ".join(parts))
        if err is not None:
            for m in tables:
                _, e = path.query(f"SELECT * FROM {m.name} LIMIT 1")
                if e is not None:
                    self.violate("prod_unreadable", step, m.name,
                                 f"{path.label}: {e.splitlines()[0][:300]}")
            self.violate("prod_unreadable", step, None, f"{path.label}: {err[:300]}")
        grouped = {m.name: [] for m in tables}
        for t, r in rows[1:]:
            grouped[t].append(tuple(r.split("|")))
        for m in tables:
            out[m.name] = (tuple(sorted(columns[m.name])), sorted(grouped[m.name]))
        return out

    def intervals(self, path):
        """{model: (version, [(start, end)...])} of prod's snapshots (microseconds)."""
        rows, err = path.query("SELECT snapshots FROM strata_state.environments "
                               "WHERE name = 'prod'")
        if err is not None or len(rows) < 2:
            return {}
        env = json.loads(rows[1][0])
        snaps, _ = path.query("SELECT name, fingerprint, version FROM strata_state.snapshots")
        version = {(r[0], r[1]): r[2] for r in snaps[1:]}
        prod = {s["name"]: version.get((s["name"], s["fingerprint"])) for s in env}
        log, _ = path.query("SELECT name, version, start_ts, end_ts, is_removed "
                            "FROM strata_state.intervals ORDER BY seq")
        sets = {}
        for name, ver, s, e, removed in log[1:]:
            if prod.get(name) != ver:
                continue
            cur = sets.setdefault(name, [])
            sets[name] = _remove(cur, int(s), int(e)) if removed == "true" else \
                _add(cur, int(s), int(e))
        return {name: (ver, sets.get(name, [])) for name, ver in prod.items()}

    # ---- the paths ----------------------------------------------------------------------------

    def setup(self, path):
        path.write_project(self.h.projects[0])
        path.prod_models = []
        self.must(path, ["query", "; ".join(self.h.setup_sql)], -1, "setup")

    def run_clean(self):
        path = self.clean = Path(self.strata, "clean", self.engine, self.pg, self.root)
        self.setup(path)
        for i, s in enumerate(self.h.steps):
            T = ["--execution-time", fmt_time(s.time)]
            if s.kind == "data":
                self.must(path, ["query", "; ".join(s.sql)], i, "data")
                continue
            if s.kind == "dev_plan":
                continue
            if s.kind in ("plan", "promote"):
                path.write_project(self.h.projects[s.project])
                args = ["plan", "--auto-apply", "--no-prompts", "--skip-tests"] + T
                path.prod_models = self.h.projects[s.project]
            elif s.kind == "restate":
                args = ["plan", "--auto-apply", "--no-prompts", "--skip-tests"] + T
                for m in s.models:
                    args += ["--restate-model", m]
                if s.start:
                    args += ["--start", s.start]
                if s.end:
                    args += ["--end", s.end]
            else:
                args = ["run"] + T
            _, took = self.must(path, args, i, "")
            self.clean_durations[i] = took

    def run_noisy(self):
        path = self.noisy = Path(self.strata, "noisy", self.engine, self.pg, self.root)
        self.setup(path)
        for i, s in enumerate(self.h.steps):
            self.stats.steps += 1
            T = ["--execution-time", fmt_time(s.time)]
            plan = ["plan", "--auto-apply", "--no-prompts", "--skip-tests",
                    "--lock-timeout", LOCK_TIMEOUT]
            if s.kind == "data":
                if i != self.inject:
                    self.must(path, ["query", "; ".join(s.sql)], i, "data")
                continue
            if s.kind == "dev_plan":
                before = self.snapshot(path, path.prod_models, i)
                path.write_project(self.h.projects[s.project])
                end = ["--end", s.end] if s.end else []
                self.maybe_killed(path, ["plan", "dev"] + plan[1:] + T + end, i, s, s.kill)
                after = self.snapshot(path, path.prod_models, i)
                for name in before:
                    if before[name] != after.get(name):
                        self.violate("dev_changed_prod", i, name,
                                     "plan dev changed prod's rows: " +
                                     _diff_text(before[name], after.get(name)))
                self.check_readable(path, i, after="plan dev")
                continue
            if s.kind in ("plan", "promote"):
                path.write_project(self.h.projects[s.project])
                self.maybe_killed(path, plan + T, i, s, s.kill)
                path.prod_models = self.h.projects[s.project]
            elif s.kind == "restate":
                args = plan + T
                for m in s.models:
                    args += ["--restate-model", m]
                if s.start:
                    args += ["--start", s.start]
                if s.end:
                    args += ["--end", s.end]
                self.maybe_killed(path, args, i, s, s.kill)
            else:
                run = ["run", "--lock-timeout", LOCK_TIMEOUT] + T
                if s.dev_run:
                    self.must(path, ["run", "dev", "--lock-timeout", LOCK_TIMEOUT] + T, i, "")
                    self.check_readable(path, i, after="run dev")
                if s.select:
                    args = list(run)
                    for m in s.select:
                        args += ["--select-model", m]
                    self.maybe_killed(path, args, i, s, False)
                    self.check_readable(path, i, after="run --select-model")
                if s.concurrent:
                    procs = [subprocess.Popen([self.strata] + run, cwd=path.dir,
                                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                              text=True) for _ in range(2)]
                    self.stats.commands += 2
                    path.log.append((["(two at once)"] + run, 0))
                    for p in procs:
                        out, err = p.communicate()
                        if p.returncode != 0:
                            self.violate("command_failed", i, None,
                                         f"noisy: one of two concurrent runs exited "
                                         f"{p.returncode}: {err.strip()[:300]}")
                self.maybe_killed(path, run, i, s, s.kill)
            self.check_readable(path, i, after=s.kind)

    # ---- end of history -----------------------------------------------------------------------

    def compare_paths(self):
        models = self.h.projects[self._final_project()]
        a = self.snapshot(self.noisy, models, -1)
        b = self.snapshot(self.clean, models, -1)
        for m in tables_of(models):
            x, y = a[m.name], b[m.name]
            if x != y:
                self.violate("paths_differ", -1, m.name,
                             "noisy vs clean: " + _diff_text(x, y, "noisy", "clean"))
        ia, ib = self.intervals(self.noisy), self.intervals(self.clean)
        for m in tables_of(models):
            if m.kind in ("VIEW", "SEED"):
                continue  # a view has none; a seed's depend on when its version was first planned
            # The processed intervals must agree; the versions may not: a version is fixed by the
            # first plan that creates the snapshot, and a dev environment older than prod
            # categorizes a change against its own files (seed 6282: a model directly modified
            # against dev, indirectly against prod), as SQLMesh does.
            if (ia.get(m.name) or (None, None))[1] != (ib.get(m.name) or (None, None))[1]:
                self.violate("intervals_differ", -1, m.name,
                             f"noisy {_fmt_iv(ia.get(m.name))} vs clean {_fmt_iv(ib.get(m.name))}")
        for label, snap, iv in (("noisy", a, ia), ("clean", b, ib)):
            for m in tables_of(models):
                if m.kind != "ITR" or m.name not in iv:
                    continue
                cols, rows = snap[m.name]
                ts = cols.index("ts")
                ranges = iv[m.name][1]
                for r in rows:
                    us = _micros(r[ts])
                    if not any(s <= us < e for s, e in ranges):
                        self.violate("row_outside_intervals", -1, m.name,
                                     f"{label}: row {r} lies in no recorded interval "
                                     f"({_fmt_iv(iv[m.name])})")

    def _final_project(self):
        p = 0
        for s in self.h.steps:
            if s.kind in ("plan", "promote"):
                p = s.project
        return p

    def settle_and_compare_fresh(self):
        """Restates every root model's whole history on both paths, then plans a fresh project
        once over the final data; idempotent models must equal it."""
        models = self.h.projects[self._final_project()]
        T = ["--execution-time", fmt_time(self.h.final_time)]
        roots = [m.name for m in models
                 if m.kind in ("ITR", "UNMANAGED", "UNIQUE_KEY_DIMS", "UNIQUE_KEY_E", "FULL")]
        comparable = fresh_comparable(models)
        if "full_refresh" in self.known:
            comparable = {n for n in comparable
                          if not any(x.kind == "UNIQUE_KEY_DIMS" and (x.name == n or x.name in
                                                                      ancestors(models, n))
                                     for x in models)}
        fresh = Path(self.strata, "fresh", self.engine, self.pg, self.root)
        self.fresh = fresh
        fresh.write_project(models)
        fresh.prod_models = []
        data = self.h.setup_sql + [q for s in self.h.steps if s.kind == "data" for q in s.sql]
        for i in range(0, len(data), 40):
            self.must(fresh, ["query", "; ".join(data[i:i + 40])], -1, "")
        self.must(fresh, ["plan", "--auto-apply", "--no-prompts", "--skip-tests"] + T, -1, "")
        want = self.snapshot(fresh, models, -1)
        for path in (self.noisy, self.clean):
            if roots:
                args = ["plan", "--auto-apply", "--no-prompts", "--skip-tests"] + T
                for r in roots:
                    args += ["--restate-model", r]
                self.must(path, args, -1, "")
            got = self.snapshot(path, models, -1)
            for m in tables_of(models):
                if m.name in comparable and got[m.name] != want[m.name]:
                    self.violate("differs_from_fresh", -1, m.name,
                                 f"{path.label} after restating {', '.join(roots)} vs a fresh "
                                 "project planned once: " +
                                 _diff_text(got[m.name], want[m.name], path.label, "fresh"))

    def execute(self):
        """Runs everything; returns the violations (empty when the history passes)."""
        started = time.time()
        try:
            self.run_clean()
            self.run_noisy()
            self.compare_paths()
            self.settle_and_compare_fresh()
        except Abort:
            pass
        except subprocess.TimeoutExpired as e:
            self.violations.append(Violation("timeout", -1, None, str(e)))
        self.seconds = time.time() - started
        return self.violations

    def cleanup(self):
        for p in ("noisy", "clean", "fresh"):
            if hasattr(self, p):
                getattr(self, p).close()
        if not self.keep:
            shutil.rmtree(self.root, ignore_errors=True)


def fresh_comparable(models):
    by_name = {m.name: m for m in models}
    out = set()
    for m in models:  # DAG order
        if m.kind in IDEMPOTENT_KINDS and all(p.startswith("raw.") or p in out
                                                for p in m.parents):
            out.add(m.name)
    return out


def _diff_text(x, y, a="before", b="after"):
    if y is None:
        return f"{b}: missing"
    if x[0] != y[0]:
        return f"columns {a} {list(x[0])} vs {b} {list(y[0])}"
    from collections import Counter
    cx, cy = Counter(x[1]), Counter(y[1])
    only_x = sorted((cx - cy).elements())
    only_y = sorted((cy - cx).elements())
    cols = ",".join(x[0])
    return (f"columns ({cols}); {len(only_x)} rows only {a}: {only_x[:4]}; "
            f"{len(only_y)} rows only {b}: {only_y[:4]}")


def _add(ranges, s, e):
    out = []
    for a, b in sorted(ranges + [(s, e)]):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _remove(ranges, s, e):
    out = []
    for a, b in ranges:
        if b <= s or a >= e:
            out.append((a, b))
            continue
        if a < s:
            out.append((a, s))
        if b > e:
            out.append((e, b))
    return out


def _micros(text):
    import datetime as dt
    t = dt.datetime.fromisoformat(text)
    return int((t - dt.datetime(1970, 1, 1)).total_seconds()) * 1000000 + t.microsecond


def _fmt_iv(iv):
    if iv is None:
        return "none"
    import datetime as dt
    ver, ranges = iv
    f = lambda us: (dt.datetime(1970, 1, 1) + dt.timedelta(microseconds=us)).strftime(
        "%m-%d %H:%M")
    return f"{ver}: " + " ".join(f"[{f(s)}, {f(e)})" for s, e in ranges)
