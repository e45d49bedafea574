"""The differential suite: strata and SQLMesh on the same projects, compared after every step.

  python -m strata_compat --strata build/release/strata --generator GEN [--project NAME …]

Prints one line per project and step (PASS, FAIL or SKIP, with both tools' times), the details of
each failure, a table of timings, and closes with `N passed, N failed` (`, N skipped` when some
were). Exit status 1 when any step failed, 2 when the suite itself could not start.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from typing import List, Optional

from . import allowlist, projects
from .compare import Difference, compare_catalogs
from .scenario import Project, Skip, Step
from .tables import QueryError
from .tools import Outcome, Sqlmesh, Strata


@dataclass
class StepResult:
    project: str
    step: str
    verdict: str  # PASS, FAIL, SKIP
    strata_seconds: float = 0.0
    sqlmesh_seconds: float = 0.0
    details: List[str] = field(default_factory=list)
    allowed: List[str] = field(default_factory=list)


class Harness:
    def __init__(self, args):
        self.strata = os.path.abspath(args.strata)
        self.generator = os.path.abspath(args.generator) if args.generator else ""
        self.corpora = os.path.abspath(args.corpora)
        self.work = os.path.abspath(args.work)
        self.entries = allowlist.load(args.differences)
        self.differences_doc = args.differences
        self.results: List[StepResult] = []
        self.init_log = os.path.join(self.work, "sqlmesh-init.log")

    def sqlmesh_init(self, folder: str, arguments: List[str], at: str) -> Outcome:
        return Sqlmesh(folder, None, "", self.init_log).init(folder, arguments, at)

    # --- one project -----------------------------------------------------------------------

    def run_project(self, project: Project) -> None:
        base = os.path.join(self.work, project.name)
        shutil.rmtree(base, ignore_errors=True)
        template = os.path.join(base, "template")
        os.makedirs(template)
        try:
            error = project.prepare(template, self)
        except Skip as reason:
            self.report(StepResult(project.name, "prepare", "SKIP", details=[str(reason)]))
            return
        steps: List[Step] = []
        if not error:
            try:
                steps = project.steps(template)
            except (ValueError, StopIteration, OSError) as failure:
                error = f"scenario cannot be built: {failure}"
        if error:
            self.report(StepResult(project.name, "prepare", "FAIL", details=[error]))
            return
        folders = {}
        for tool in ("strata", "sqlmesh"):
            folders[tool] = os.path.join(base, tool)
            shutil.copytree(template, folders[tool])
        gateway, database = connection_of(template, project.gateway)
        if not database:
            self.report(StepResult(project.name, "prepare", "FAIL", details=[
                "the project's gateway keeps no DuckDB file; the suite needs one to compare"]))
            return
        strata = Strata(self.strata, folders["strata"], project.gateway, os.path.join(base, "strata.log"))
        sqlmesh = Sqlmesh(folders["sqlmesh"], project.gateway, os.path.join(folders["sqlmesh"], database),
                          os.path.join(base, "sqlmesh.log"))
        loaded = strata.check_load()
        self.report(StepResult(project.name, "load", "PASS" if loaded.ok else "FAIL", loaded.seconds,
                               details=[] if loaded.ok else ["strata info: " + loaded.message]))
        if not loaded.ok:
            for step in steps:
                self.report(StepResult(project.name, step.name, "SKIP",
                                       details=["strata cannot load the project"]))
            return
        self.report(self.compare_tests(project, strata, sqlmesh, steps[0].commands[0].execution_time))
        raw: List[str] = []  # filled after the first step's data, before any command
        for number, step in enumerate(steps):
            self.report(self.run_step(project, step, strata, sqlmesh, folders, database, raw,
                                      first=number == 0))

    def run_step(self, project: Project, step: Step, strata: Strata, sqlmesh: Sqlmesh,
                 folders, database: str, raw: List[str], first: bool) -> StepResult:
        result = StepResult(project.name, step.name, "PASS")
        try:
            for action in step.data:
                for folder in folders.values():
                    action.run(os.path.join(folder, database), folder)
            for edit in step.edits:
                for folder in folders.values():
                    edit.apply(folder)
        except Exception as error:  # the harness's own actions: any failure is the step's
            result.verdict = "FAIL"
            result.details.append(f"preparing the step failed: {type(error).__name__}: {error}")
            return result
        if first and step.data:
            raw += raw_objects(os.path.join(folders["sqlmesh"], database))
        exclude = raw
        for command in step.commands:
            ours = strata.execute(command)
            theirs = sqlmesh.execute(command)
            result.strata_seconds += ours.seconds
            result.sqlmesh_seconds += theirs.seconds
            if not ours.ok:
                result.details.append(f"strata {command.describe()} failed: {ours.message}")
            if not theirs.ok:
                result.details.append(f"SQLMesh {command.describe()} failed: {theirs.message}")
        for environment in step.compare:
            try:
                found = compare_catalogs(strata.catalog(environment, exclude),
                                         sqlmesh.catalog(environment, exclude), environment)
            except QueryError as error:
                result.details.append(f"reading {environment} failed: {error}")
                continue
            for difference in found:
                entry = allowlist.allowed_by(self.entries, project.name, step.name, difference)
                if entry:
                    result.allowed.append(f"{describe(difference).splitlines()[0]} (allowed: #{entry.section})")
                else:
                    result.details.append(describe(difference))
        if result.details:
            result.verdict = "FAIL"
        return result

    def compare_tests(self, project: Project, strata: Strata, sqlmesh: Sqlmesh, at: str) -> StepResult:
        """The unit tests' verdicts, test by test (plans skip the tests, so a failing test does
        not stop the data from being compared)."""
        ours, our_verdicts = strata.test_verdicts()
        theirs, their_verdicts = sqlmesh.test_verdicts(at)
        result = StepResult(project.name, "tests", "PASS", ours.seconds, theirs.seconds)
        if not ours.ok:
            result.details.append(f"strata test failed: {ours.message}")
        if not theirs.ok:
            result.details.append(f"SQLMesh test failed: {theirs.message}")
        for name in sorted(set(our_verdicts) | set(their_verdicts)):
            verdict = {True: "passes", False: "fails", None: "does not run it"}
            ours_says, theirs_says = our_verdicts.get(name), their_verdicts.get(name)
            if ours_says == theirs_says:
                continue
            difference = Difference("-", name, "test",
                                    f"strata {verdict[ours_says]}, SQLMesh {verdict[theirs_says]}")
            entry = allowlist.allowed_by(self.entries, project.name, "tests", difference)
            if entry:
                result.allowed.append(f"{describe(difference)} (allowed: #{entry.section})")
            else:
                result.details.append(describe(difference))
        if result.details:
            result.verdict = "FAIL"
        return result

    # --- output ----------------------------------------------------------------------------

    def report(self, result: StepResult) -> None:
        self.results.append(result)
        label = f"{result.project}/{result.step}"
        times = ""
        if result.strata_seconds or result.sqlmesh_seconds:
            times = f"strata {result.strata_seconds:6.2f}s  SQLMesh {result.sqlmesh_seconds:6.2f}s"
        print(f"{result.verdict}  {label:34} {times}", flush=True)
        for line in result.details:
            print(indent(line, "      "), flush=True)
        for line in result.allowed:
            print(indent(line, "      "), flush=True)

    def summary(self, elapsed: float, timings_path: Optional[str]) -> int:
        timed = [r for r in self.results if r.strata_seconds and r.sqlmesh_seconds]
        if timed:
            print("\nTimings (seconds; SQLMesh: Context load + command, in one Python process)")
            print(f"  {'project/step':34} {'strata':>8} {'SQLMesh':>8} {'ratio':>7}")
            for r in timed:
                print(f"  {r.project + '/' + r.step:34} {r.strata_seconds:8.2f} {r.sqlmesh_seconds:8.2f}"
                      f" {r.sqlmesh_seconds / r.strata_seconds:6.1f}x")
            ours = sum(r.strata_seconds for r in timed)
            theirs = sum(r.sqlmesh_seconds for r in timed)
            print(f"  {'total':34} {ours:8.2f} {theirs:8.2f} {theirs / ours:6.1f}x")
        for entry in self.entries:
            if not entry.used:
                print(f"note: allow-list entry {entry.project} {entry.step} {entry.environment} "
                      f"{entry.object} {entry.aspect} matched no difference")
        if timings_path:
            with open(timings_path, "w") as handle:
                json.dump([r.__dict__ for r in self.results], handle, indent=1)
        passed = sum(r.verdict == "PASS" for r in self.results)
        failed = sum(r.verdict == "FAIL" for r in self.results)
        skipped = sum(r.verdict == "SKIP" for r in self.results)
        print(f"\ncompat: {elapsed:.0f}s in all")
        print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
        return 1 if failed else 0


def describe(difference: Difference) -> str:
    return f"{difference.name} [{difference.environment}] {difference.aspect}: {difference.detail}"


def indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line for line in text.splitlines())


def raw_objects(database: str) -> List[str]:
    """The objects in the database before either tool ran: the raw data, not compared."""
    from .tables import duckdb_query

    query, close = duckdb_query(database)
    try:
        return [f"{s}.{t}" for s, t in query(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_catalog = current_database()")]
    finally:
        close()


def connection_of(folder: str, gateway: Optional[str]):
    """(gateway name, DuckDB file relative to the project) from the project's config.yaml."""
    from ruamel.yaml import YAML

    with open(os.path.join(folder, "config.yaml")) as handle:
        config = YAML(typ="safe").load(handle) or {}
    gateways = config.get("gateways") or {}
    name = gateway or config.get("default_gateway") or next(iter(gateways), None)
    connection = (gateways.get(name) or {}).get("connection") or {}
    database = connection.get("database")
    catalogs = connection.get("catalogs") or {}
    if not database and catalogs:
        first = next(iter(catalogs.values()))
        database = first if isinstance(first, str) else first.get("path")
    if database in (None, ":memory:"):
        return name, None
    return name, database


def main() -> int:
    parser = argparse.ArgumentParser(prog="compat", description=__doc__.splitlines()[0])
    parser.add_argument("--strata", required=True, help="the strata binary")
    parser.add_argument("--generator", help="bench/generate_project, built")
    parser.add_argument("--corpora", required=True, help="../shared/corpora/sqlmesh")
    parser.add_argument("--work", required=True, help="a folder for the projects' copies and logs")
    parser.add_argument("--differences", required=True, help="docs/sqlmesh-differences.md")
    parser.add_argument("--timings", help="write every step's result and times as JSON here")
    parser.add_argument("--project", action="append", help="run only this project (repeatable)")
    args = parser.parse_args()
    began = time.perf_counter()
    try:
        harness = Harness(args)
    except (ValueError, OSError) as error:
        print(f"compat: {error}", file=sys.stderr)
        return 2
    os.makedirs(harness.work, exist_ok=True)
    for project in projects.find(args.project):
        harness.run_project(project)
    return harness.summary(time.perf_counter() - began, args.timings)


if __name__ == "__main__":
    sys.exit(main())
