#!/usr/bin/env python3
"""strata's randomized history checker ("path independence", issue 14 item 2).

    history.py --strata build/release/strata --seeds 1-20 --engine duckdb,postgres
    history.py --strata build/release/strata --seeds 1-1000 --engine duckdb,postgres --jobs 2
    history.py --strata build/release/strata --seed 17 --engine duckdb --dump /tmp/h17
    history.py --strata build/release/strata --seed 17 --engine duckdb --shrink --dump /tmp/h17

Each seed draws a project and a history (generator.py), runs it on every engine asked for, on the
noisy path and on the clean path, and checks the invariants (runner.py, README.md). A failing
history prints its seed, the violation and a one-line command that replays it. Exit 1 when any
history failed."""

import argparse
import concurrent.futures
import copy
import dataclasses
import os
import shlex
import signal
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import generator  # noqa: E402
import pgserver  # noqa: E402
from runner import HistoryRun  # noqa: E402

# Known bugs of issue 14 that the lead is fixing: each switch turns off the part of the generator
# (or of a check) that finds it, so that CI stays green until the fix lands. Remove a switch from
# CI_KNOWN (tests/history/CMakeLists.txt) when its fix lands, and from here when nothing uses it.
KNOWN_SWITCHES = {
    "select_upstream": "run --select-model M does not run M's upstream missing intervals first "
                       "(no `run --select-model` in histories)",
    "full_refresh": "restating a whole INCREMENTAL_BY_UNIQUE_KEY history merges instead of "
                    "rebuilding (no fresh-project comparison below such models)",
    "forward_only_dev": "a forward-only change planned in dev alters prod's table (edits of "
                        "forward-only models never go through dev)",
    "dev_end_rounding": "a dev plan computes intervals of shared tables prod has only partly "
                        "processed (dev plans get an --end at the last Monday 00:00)",
    "breaking_above_forward_only": "a breaking change upstream of a forward-only model cannot be "
                                   "planned (no breaking or non-breaking edit of a model above a "
                                   "forward-only model)",
    "killed_forward_only_plan": "a plan killed after a forward-only ALTER leaves prod unreadable "
                                "(no kill of a plan that edits a forward-only model)",
}


def features_for(known):
    return {
        "select": "select_upstream" not in known,
        "forward_only_dev": "forward_only_dev" not in known,
        "dev_end_rounding": "dev_end_rounding" not in known,
        "breaking_above_forward_only": "breaking_above_forward_only" not in known,
        "killed_forward_only_plan": "killed_forward_only_plan" not in known,
    }


def expand_known(text):
    """The switches `text` names; `ci` expands to the lines of known.txt (comments and blank
    lines skipped), `none` to nothing."""
    out = []
    for k in text.split(","):
        k = k.strip()
        if k == "ci":
            with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "known.txt")) as f:
                out += [ln.split("#")[0].strip() for ln in f if ln.split("#")[0].strip()]
        elif k and k != "none":
            out.append(k)
    return sorted(set(out))


def parse_seeds(text):
    out = []
    for part in text.split(","):
        if "-" in part:
            a, b = part.split("-")
            out += list(range(int(a), int(b) + 1))
        elif part:
            out.append(int(part))
    return out


def replay_command(args, seed, engine):
    parts = [sys.executable, os.path.abspath(__file__), "--strata", os.path.abspath(args.strata),
             "--seed", str(seed), "--engine", engine]
    parts += ["--known", ",".join(args.known) or "none"]
    return " ".join(shlex.quote(p) for p in parts)


def describe(history):
    lines = [f"seed {history.seed}: {len(history.projects[0])} models, {len(history.steps)} steps"]
    for m in history.projects[0]:
        lines.append(f"  {m.name} {m.kind} parents={m.parents} cron={m.cron} start={m.start} "
                     f"lookback={m.lookback} batch_size={m.batch_size} "
                     f"forward_only={m.forward_only}")
    for i, s in enumerate(history.steps):
        lines.append(f"  {i:2d} {step_text(s)}")
    return "\n".join(lines)


def step_text(s):
    t = generator.fmt_time(s.time)
    if s.kind == "data":
        return f"{t} data{' (late)' if s.late else ''}: {len(s.sql)} statements"
    extra = []
    for field in ("select", "models", "start", "end", "project"):
        value = getattr(s, field)
        if value is not None:
            extra.append(f"{field}={value}")
    for flag in ("dev_run", "concurrent", "kill"):
        if getattr(s, flag):
            extra.append(flag)
    return f"{t} {s.kind} {' '.join(extra)} {s.note}".rstrip()


def dump(history, run, directory, args, engine):
    """Writes the project as first planned, the files of every later project, and a shell script
    of the noisy path's steps, to `directory`."""
    os.makedirs(directory, exist_ok=True)
    for i, project in enumerate(history.projects):
        for rel, text in generator.render_files(project).items():
            path = os.path.join(directory, f"project{i}", rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(text)
    with open(os.path.join(directory, "steps.txt"), "w") as f:
        f.write(describe(history) + "\n")
        for v in run.violations if run else []:
            f.write(f"violation: {v}\n")
        f.write(f"replay: {replay_command(args, history.seed, engine)}\n")
    script = ["#!/bin/sh", "# The noisy path of the history, on DuckDB, as shell commands. Run in "
              "an empty folder:", "#   sh steps.sh /path/to/strata", "set -x",
              'S=${1:-strata}; D=$(dirname "$0")',
              "printf 'gateways:\\n  local:\\n    connection: {type: duckdb, database: "
              "db.duckdb}\\ndefault_gateway: local\\nmodel_defaults:\\n  dialect: duckdb\\n' "
              "> config.yaml",
              'cp -r "$D/project0/." .',
              '$S query "$(cat "$D/sql/setup.sql")"']
    os.makedirs(os.path.join(directory, "sql"), exist_ok=True)

    def sql_file(name, statements):
        with open(os.path.join(directory, "sql", name), "w") as f:
            f.write(";\n".join(statements) + "\n")

    sql_file("setup.sql", history.setup_sql)
    for i, s in enumerate(history.steps):
        t = generator.fmt_time(s.time)
        script.append(f"# step {i}: {step_text(s)}")
        plan = f'$S plan --auto-apply --skip-tests --execution-time "{t}"'
        if s.kind == "data":
            sql_file(f"step{i}.sql", s.sql)
            script.append(f'$S query "$(cat "$D/sql/step{i}.sql")"')
        elif s.kind in ("plan", "promote", "dev_plan"):
            script.append(f'cp -r "$D/project{s.project}/." .')
            env = " dev" if s.kind == "dev_plan" else ""
            end = ""
            if s.kind == "dev_plan" and s.end:
                end = f' --end "{s.end}"'
            if s.kill:
                script.append(f"timeout -s KILL 0.1 {plan.replace('plan', 'plan' + env, 1)}{end}")
            script.append(plan.replace("plan", "plan" + env, 1) + end)
        elif s.kind == "restate":
            args_ = "".join(f" --restate-model {m}" for m in s.models)
            if s.start:
                args_ += f" --start {s.start}"
            if s.end:
                args_ += f" --end {s.end}"
            if s.kill:
                script.append(f"timeout -s KILL 0.1 {plan}{args_}")
            script.append(plan + args_)
        else:
            run = f'$S run --execution-time "{t}"'
            if s.dev_run:
                script.append(f'$S run dev --execution-time "{t}"')
            if s.select:
                script.append(run + "".join(f" --select-model {m}" for m in s.select))
            if s.concurrent:
                script.append(f"{run} & {run}; wait")
            if s.kill:
                script.append(f"timeout -s KILL 0.1 {run}")
            script.append(run)
    script.append("for m in " + " ".join(m.name for m in history.projects[-1] if m.has_table()) +
                  '; do $S query --format csv "SELECT * FROM $m"; done')
    with open(os.path.join(directory, "steps.sh"), "w") as f:
        f.write("\n".join(script) + "\n")
    print(f"dumped to {directory} (steps.txt, steps.sh, sql/, project*/)")


def run_one(history, engine, args, pg, inject=None):
    run = HistoryRun(history, engine, args.strata, pg, set(args.known), keep=args.keep,
                     inject=inject)
    try:
        run.execute()
    finally:
        run.cleanup()
    return run


# ---- shrinking: smaller histories that still show the same violation --------------------------

def without_step(h, i):
    h = copy.deepcopy(h)
    del h.steps[i]
    return h


def without_model(h, name):
    h = copy.deepcopy(h)
    gone = generator.descendants(h.projects[0], [name])
    for i, project in enumerate(h.projects):
        h.projects[i] = [m for m in project if m.name not in gone]
    for s in h.steps:
        if s.select:
            s.select = [m for m in s.select if m not in gone] or None
        if s.models:
            s.models = [m for m in s.models if m not in gone]
    h.steps = [s for s in h.steps if s.kind != "restate" or s.models]
    if not h.projects[0]:
        return None
    return h


def simpler_steps(h):
    for i, s in enumerate(h.steps):
        for flag in ("kill", "concurrent", "dev_run"):
            if getattr(s, flag):
                c = copy.deepcopy(h)
                setattr(c.steps[i], flag, False)
                yield c
        if s.select:
            c = copy.deepcopy(h)
            c.steps[i].select = None
            yield c
        if s.kind == "data" and len(s.sql) > 1:
            for j in range(len(s.sql)):
                c = copy.deepcopy(h)
                del c.steps[i].sql[j]
                yield c
    for i in range(len(h.setup_sql) - 1, 2, -1):
        c = copy.deepcopy(h)
        del c.setup_sql[i]
        yield c


def shrink(history, engine, args, pg, signature):
    def still_fails(candidate):
        if candidate is None or not candidate.steps:
            return False
        run = run_one(candidate, engine, args, pg)
        return any(v.signature() == signature or v.check == signature[0] for v in run.violations)

    current = history
    progress = True
    while progress:
        progress = False
        for name in [m.name for m in reversed(current.projects[0])]:
            if name == signature[1]:
                continue
            c = without_model(current, name)
            if still_fails(c):
                current, progress = c, True
                print(f"  shrink: without {name} ({len(current.projects[0])} models)", flush=True)
        i = len(current.steps) - 1
        while i >= 1:
            c = without_step(current, i)
            if still_fails(c):
                current, progress = c, True
                print(f"  shrink: without step {i} ({len(current.steps)} steps)", flush=True)
            i -= 1
    # Then simpler steps (no kill, no selection, fewer data statements), one at a time.
    changed = True
    while changed:
        changed = False
        for c in simpler_steps(current):
            if still_fails(c):
                current, changed = c, True
                print("  shrink: simpler step", flush=True)
                break
    return current


def self_test(seeds, engines, features, args, pg):
    """Runs each seed with its first event arrival skipped on the noisy path: a checker that
    reports nothing then is blind. Histories whose models read no events are skipped."""
    missed = 0
    try:
        for seed in seeds:
            history = generator.generate_history(seed, features)
            events = [i for i, s in enumerate(history.steps)
                      if s.kind == "data" and any("raw.events" in q for q in s.sql)]
            if not events or not any(m.kind in ("ITR", "FULL", "UNMANAGED")
                                     for m in history.projects[-1]):
                print(f"skip seed {seed}: no event arrival or no model that keeps events")
                continue
            for engine in engines:
                run = run_one(history, engine, args, pg, inject=events[0])
                found = [v for v in run.violations if v.check in ("paths_differ",
                                                                  "differs_from_fresh")]
                print(f"{'ok  ' if found else 'MISS'} seed {seed} {engine}: "
                      f"{found[0] if found else run.violations or 'nothing reported'}",
                      flush=True)
                missed += 0 if found else 1
    finally:
        if pg:
            pg.stop()
    return 1 if missed else 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--strata", required=True)
    p.add_argument("--seed", type=int)
    p.add_argument("--seeds", help="e.g. 1-50 or 3,7,9")
    p.add_argument("--engine", default="duckdb", help="duckdb, postgres or duckdb,postgres")
    p.add_argument("--known", default="ci",
                   help="comma-separated known-bug switches (" + ", ".join(KNOWN_SWITCHES) +
                   "); `ci` (the default): those listed in known.txt; `none`: no switch")
    p.add_argument("--dump", help="folder to write the failing history to (with --seed)")
    p.add_argument("--shrink", action="store_true", help="shrink a failing history first")
    p.add_argument("--keep", action="store_true", help="keep the project folders")
    p.add_argument("--describe", action="store_true", help="print the history, run nothing")
    p.add_argument("--max-failures", type=int, default=1000)
    p.add_argument("--jobs", type=int, default=1,
                   help="histories run at once (each is a chain of strata processes)")
    p.add_argument("--self-test", action="store_true",
                   help="the checker's own test: for each seed, the noisy path skips the first "
                        "data step with events; passes when every such history is reported")
    args = p.parse_args()
    args.known = expand_known(args.known)
    args.strata = os.path.abspath(args.strata)
    for k in args.known:
        if k not in KNOWN_SWITCHES:
            p.error(f"unknown switch {k}; known: {', '.join(KNOWN_SWITCHES)}")
    seeds = [args.seed] if args.seed is not None else parse_seeds(args.seeds or "1-10")
    engines = [e for e in args.engine.split(",") if e]
    features = features_for(set(args.known))
    if args.describe:
        for seed in seeds:
            history = generator.generate_history(seed, features)
            print(describe(history))
            if args.dump:
                dump(history, None, args.dump if len(seeds) == 1 else
                     os.path.join(args.dump, f"seed{seed}"), args, engines[0])
        return 0
    # SIGTERM (ctest's timeout, kill PID) unwinds like Ctrl-C, so that the server is stopped and
    # the folders removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    pg = None
    if "postgres" in engines:
        if not pgserver.available():
            print("PostgreSQL server binaries not found: PostgreSQL histories skipped")
            engines.remove("postgres")
        else:
            pg = pgserver.PostgresServer()
    if args.self_test:
        return self_test(seeds, engines, features, args, pg)
    failures = 0
    totals = dict(histories=0, steps=0, commands=0, kills=0, landed=0, seconds=0.0)
    per_engine = {e: [0, 0.0] for e in engines}
    started = time.time()
    def one(seed, engine):
        history = generator.generate_history(seed, features)
        return seed, engine, history, run_one(history, engine, args, pg)

    pool = concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs))
    try:
        # Submitted lazily, a few ahead of the workers, so that --max-failures stops early.
        work = iter([(seed, engine) for seed in seeds for engine in engines])
        pending = set()
        while True:
            while len(pending) < 2 * max(1, args.jobs):
                item = next(work, None)
                if item is None:
                    break
                pending.add(pool.submit(one, *item))
            if not pending:
                break
            done, pending = concurrent.futures.wait(
                pending, return_when=concurrent.futures.FIRST_COMPLETED)
            for future in sorted(done, key=lambda f: f.result()[:2]):
                seed, engine, history, run = future.result()
                totals["histories"] += 1
                totals["steps"] += run.stats.steps
                totals["commands"] += run.stats.commands
                totals["kills"] += run.stats.kills
                totals["landed"] += run.stats.kills_landed
                per_engine[engine][0] += 1
                per_engine[engine][1] += run.seconds
                if not run.violations:
                    print(f"ok   seed {seed} {engine}: {len(history.steps)} steps, "
                          f"{run.stats.kills} kills, {run.seconds:.1f}s", flush=True)
                    continue
                failures += 1
                print(f"FAIL seed {seed} {engine}: {run.violations[0]}", flush=True)
                print(f"     replay: {replay_command(args, seed, engine)}", flush=True)
                if args.shrink:
                    small = shrink(history, engine, args, pg, run.violations[0].signature())
                    rerun = run_one(small, engine, args, pg)
                    print(describe(small))
                    print(f"     after shrinking: {rerun.violations[0] if rerun.violations else 'passes (flaky?)'}")
                    history, run = small, rerun
                if args.dump:
                    dump(history, run, args.dump if len(seeds) == 1 else
                         os.path.join(args.dump, f"seed{seed}-{engine}"), args, engine)
            if failures >= args.max_failures:
                for future in pending:
                    future.cancel()
                concurrent.futures.wait(pending)
                break
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        if pg:
            pg.stop()
    elapsed = time.time() - started
    print(f"{totals['histories']} histories ({', '.join(f'{e}: {n}' for e, (n, _) in per_engine.items())}), "
          f"{totals['steps']} steps, {totals['commands']} strata commands, {totals['kills']} kills "
          f"({totals['landed']} landed while strata ran), {failures} failed, {elapsed:.0f}s; "
          "mean per history: " +
          ", ".join(f"{e} {t / n:.1f}s" for e, (n, t) in per_engine.items() if n))
    if args.known:
        print("known-bug switches on: " + ", ".join(args.known))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
