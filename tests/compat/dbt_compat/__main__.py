"""The dbt differential suite: strata dbt and dbt-core (with dbt-duckdb and dbt-postgres) on the
same dbt projects, each tool in its own copy of the project with its own warehouse, compared
after every step: the exit status, every relation (kind, columns and types, rows as a multiset)
and every node's status in run_results.json (a test's pass/warn/fail and failure count).

  python -m dbt_compat --strata build/release/strata --dbt build/dbt-venv/bin/dbt \
      --corpora ../shared/corpora/dbt --work build/compat/dbt [--engine duckdb,postgres]
      [--project NAME …]

Prints one line per project, engine and step (PASS or FAIL, both tools' times), the details of
each failure, and `N passed, N failed`. Exit status 1 when a step failed, 2 when the suite could
not start.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from typing import Dict, List, Tuple

from . import projects
from .warehouse import Warehouse, compare


def run_tool(argv: List[str], cwd: str, log: str) -> Tuple[int, str, float]:
    start = time.monotonic()
    proc = subprocess.run(argv, cwd=cwd, capture_output=True, text=True,
                          env=dict(os.environ, DBT_SEND_ANONYMOUS_USAGE_STATS="false",
                                   DO_NOT_TRACK="1"))
    took = time.monotonic() - start
    with open(log, "a") as f:
        f.write(f"$ {' '.join(argv)}\n{proc.stdout}{proc.stderr}\n[exit {proc.returncode}]\n\n")
    return proc.returncode, proc.stdout + proc.stderr, took


def run_twice_at_once(argv: List[str], cwd: str, log: str) -> Tuple[int, str, float]:
    """Two runs of the same command, started together; the worse exit status of the two."""
    start = time.monotonic()
    env = dict(os.environ, DBT_SEND_ANONYMOUS_USAGE_STATS="false", DO_NOT_TRACK="1")
    procs = [subprocess.Popen(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, env=env) for _ in range(2)]
    outputs = [p.communicate()[0] for p in procs]
    took = time.monotonic() - start
    with open(log, "a") as f:
        for p, out in zip(procs, outputs):
            f.write(f"$ {' '.join(argv)}  (one of two at once)\n{out}[exit {p.returncode}]\n\n")
    return max(p.returncode for p in procs), "".join(outputs), took


def statuses(folder: str) -> Dict[str, str]:
    """unique id (a test's without dbt's hash suffix) → status (and a test's failures)."""
    path = os.path.join(folder, "target", "run_results.json")
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        results = json.load(f)["results"]
    out = {}
    for r in results:
        uid = r["unique_id"]
        if uid.startswith("test."):
            uid = re.sub(r"\.[0-9a-f]{10}$", "", uid)
        status = r["status"]
        if uid.startswith("test.") and r.get("failures") is not None:
            status += f" ({r['failures']} failures)"
        out[uid] = status
    return out


class Suite:
    def __init__(self, args):
        self.strata = os.path.abspath(args.strata)
        self.dbt = os.path.abspath(args.dbt)
        self.corpora = os.path.abspath(args.corpora)
        self.work = os.path.abspath(args.work)
        self.engines = args.engine.split(",")
        self.only = set(args.project or [])
        self.passed = 0
        self.failed = 0
        self.pg = None

    def warehouse(self, engine: str, folder: str, name: str) -> Warehouse:
        if engine == "duckdb":
            # The same file name for both tools: DuckDB names the catalog after it.
            return Warehouse("duckdb", duckdb_path=os.path.join(folder, "warehouse.duckdb"))
        database = self.pg.create_database()
        return Warehouse("postgres", pg=dict(host=self.pg.host, port=self.pg.port,
                                             user=self.pg.user, password=self.pg.password,
                                             dbname=database))

    def run_project(self, project: projects.Project, engine: str) -> None:
        base = os.path.join(self.work, engine, project.name)
        shutil.rmtree(base, ignore_errors=True)
        folders = {tool: os.path.join(base, tool) for tool in ("strata", "dbt")}
        houses = {}
        for tool, folder in folders.items():
            os.makedirs(folder)
            project.make(folder)
            houses[tool] = self.warehouse(engine, os.path.join(base, tool + "-warehouse"),
                                          project.name)
            os.makedirs(os.path.join(base, tool + "-warehouse"), exist_ok=True)
            with open(os.path.join(folder, "profiles.yml"), "w") as f:
                f.write(houses[tool].profile(project.profile, project.schema))
        log = os.path.join(base, "commands.log")
        for step in project.steps:
            details: List[str] = []
            times = {}
            outputs = {}
            codes = {}
            for tool, folder in folders.items():
                if step.files:
                    projects._write(folder, step.files)
                if step.sql:
                    houses[tool].execute(step.sql)
                if step.command:
                    binary = [self.strata, "dbt"] if tool == "strata" else [self.dbt]
                    if step.clean_first:
                        code, _, _ = run_tool(binary + ["clean", "--project-dir", folder,
                                                        "--profiles-dir", folder], folder, log)
                        if code != 0 or os.path.exists(os.path.join(folder, "target")):
                            details.append(f"{tool}: clean exited {code} or left target/")
                    argv = binary + step.command + ["--project-dir", folder, "--profiles-dir",
                                                    folder]
                    run = run_twice_at_once if step.concurrent and tool == "strata" else run_tool
                    codes[tool], outputs[tool], times[tool] = run(argv, folder, log)
            if step.command:
                if codes["strata"] != codes["dbt"]:
                    details.append(f"exit status: strata {codes['strata']}, dbt-core "
                                   f"{codes['dbt']}")
                ours, theirs = statuses(folders["strata"]), statuses(folders["dbt"])
                for uid in sorted(set(ours) | set(theirs)):
                    if ours.get(uid) != theirs.get(uid):
                        details.append(f"{uid}: strata {ours.get(uid, 'not run')}, dbt-core "
                                       f"{theirs.get(uid, 'not run')}")
                for line in step.strata_prints:
                    if line not in outputs["strata"]:
                        details.append(f"strata's output lacks {line!r}")
            details += compare(houses["strata"].read(), houses["dbt"].read(),
                               project.clock_columns)
            verdict = "FAIL" if details else "PASS"
            if details:
                self.failed += 1
            else:
                self.passed += 1
            timing = (f"strata {times['strata']:.2f}s, dbt-core {times['dbt']:.2f}s"
                      if step.command else "")
            print(f"{verdict} {engine:8} {project.name:12} {step.name:45} {timing}", flush=True)
            for line in details:
                print(f"     {line}")
            if details:
                print(f"     commands and their output: {log}")

    def main(self) -> int:
        todo = [p for p in projects.all_projects(self.corpora, self.dbt, self.work)
                if not self.only or p.name in self.only]
        if "postgres" in self.engines:
            import pgserver
            self.pg = pgserver.PostgresServer()
        try:
            for engine in self.engines:
                for project in todo:
                    self.run_project(project, engine)
        finally:
            if self.pg is not None:
                self.pg.stop()
        print(f"{self.passed} passed, {self.failed} failed")
        return 1 if self.failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(prog="dbt_compat")
    parser.add_argument("--strata", required=True)
    parser.add_argument("--dbt", required=True)
    parser.add_argument("--corpora", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--engine", default="duckdb,postgres")
    parser.add_argument("--project", action="append")
    args = parser.parse_args()
    for path in (args.strata, args.dbt):
        if not os.path.exists(path):
            print(f"dbt_compat: {path} does not exist", file=sys.stderr)
            return 2
    return Suite(args).main()


if __name__ == "__main__":
    sys.exit(main())
