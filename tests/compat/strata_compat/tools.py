"""The two tools under comparison, driven the same way: plan and run at a given execution time.

strata runs as its release binary, one process per command. SQLMesh runs in this process through
its Python API (`sqlmesh.Context`): its command line has no `--execution-time` for `run`, and
importing SQLMesh once instead of per command keeps the suite within minutes. Each SQLMesh command
loads a fresh `Context` from the project folder (so edits are seen), and runs with the wall clock
set to the execution time (time_machine, which SQLMesh itself depends on): relative dates in a
project (`start: 1 week ago`) then mean the same on both sides, since strata resolves them
against the execution time.

A command's output goes to a log file per project; a failure returns the log's last lines.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import time
import traceback
import warnings
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from .tables import Catalog, duckdb_query, read_catalog, strata_query


@dataclass
class Outcome:
    ok: bool
    seconds: float
    message: str = ""  # what failed, when it failed


@dataclass
class Command:
    """One plan or run, as both tools are asked to do it."""

    verb: str  # "plan" or "run"
    environment: str = "prod"
    execution_time: str = ""
    start: Optional[str] = None
    end: Optional[str] = None
    restate: Sequence[str] = ()

    def describe(self) -> str:
        text = f"{self.verb} {self.environment} @ {self.execution_time}"
        if self.restate:
            text += f" restate {', '.join(self.restate)}"
        if self.start or self.end:
            text += f" [{self.start} .. {self.end}]"
        return text


# A line of `strata test` that gives one test's verdict: "✔ name …" or "✘ name …".
# (the summary line "✘ 1 of 2 tests failed" has no "(file:line)" after its second word).
STRATA_TEST_LINE = re.compile(r"^\s*(\u2714|\u2718)\s+(\S+)\s+\(", re.M)


def test_name(test) -> str:
    return getattr(test, "test_name", None) or str(test).split()[0]


def tail(text: str, lines: int = 12) -> str:
    kept = [line for line in text.strip().splitlines() if line.strip()]
    return "\n".join(kept[-lines:])


class Strata:
    name = "strata"

    def __init__(self, binary: str, project: str, gateway: Optional[str], log_path: str):
        self.binary = binary
        self.project = project
        self.gateway = gateway
        self.log_path = log_path

    def _base(self) -> List[str]:
        command = [self.binary, "-p", self.project]
        if self.gateway:
            command += ["--gateway", self.gateway]
        return command + ["--color", "never"]

    def execute(self, command: Command) -> Outcome:
        args = self._base() + [command.verb]
        if command.environment != "prod":
            args.append(command.environment)
        args += ["--execution-time", command.execution_time]
        if command.verb == "plan":
            # Unit tests are compared in a step of their own (`test`), not as a plan's gate.
            args += ["--auto-apply", "--no-prompts", "--skip-tests"]
            for model in command.restate:
                args += ["--restate-model", model]
        if command.start:
            args += ["--start", command.start]
        if command.end:
            args += ["--end", command.end]
        began = time.perf_counter()
        done = subprocess.run(args, capture_output=True, text=True, cwd=self.project)
        seconds = time.perf_counter() - began
        with open(self.log_path, "a") as log:
            log.write(f"$ {' '.join(args)}\n{done.stdout}{done.stderr}(exit {done.returncode})\n\n")
        if done.returncode != 0:
            return Outcome(False, seconds, f"exit {done.returncode}:\n{tail(done.stdout + done.stderr)}")
        return Outcome(True, seconds)

    def test_verdicts(self) -> Tuple[Outcome, Dict[str, bool]]:
        """`strata test`: each unit test's name and whether it passed."""
        args = self._base() + ["test"]
        began = time.perf_counter()
        done = subprocess.run(args, capture_output=True, text=True, cwd=self.project)
        seconds = time.perf_counter() - began
        output = done.stdout + done.stderr
        with open(self.log_path, "a") as log:
            log.write(f"$ {' '.join(args)}\n{output}(exit {done.returncode})\n\n")
        verdicts = {
            match.group(2): match.group(1) == "\u2714"
            for match in STRATA_TEST_LINE.finditer(output)
        }
        if done.returncode not in (0, 1) or (done.returncode == 1 and all(verdicts.values())):
            return Outcome(False, seconds, f"exit {done.returncode}:\n{tail(output)}"), verdicts
        return Outcome(True, seconds), verdicts

    def check_load(self) -> Outcome:
        """`strata info`: does the project load at all."""
        args = self._base() + ["info"]
        began = time.perf_counter()
        done = subprocess.run(args, capture_output=True, text=True, cwd=self.project)
        seconds = time.perf_counter() - began
        with open(self.log_path, "a") as log:
            log.write(f"$ {' '.join(args)}\n{done.stdout}{done.stderr}(exit {done.returncode})\n\n")
        if done.returncode != 0:
            return Outcome(False, seconds, f"exit {done.returncode}:\n{tail(done.stdout + done.stderr, 25)}")
        return Outcome(True, seconds)

    def catalog(self, environment: str, exclude: Sequence[str]) -> Catalog:
        return read_catalog(strata_query(self.binary, self.project, self.gateway), environment, exclude)


@contextlib.contextmanager
def output_to(path: str):
    """Sends this process's stdout and stderr (also what C code writes) to `path`."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with open(path, "a") as log:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
        try:
            with contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
                yield log
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])


@contextlib.contextmanager
def working_directory(path: str):
    previous = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


_console_configured = False


def configure_sqlmesh_console() -> None:
    """Without a console the Python API prints nothing, errors included. Configured once, while
    this process's stdout is the real one (its rich console then writes to whatever sys.stdout
    is at the time, the step's log)."""
    global _console_configured
    if not _console_configured:
        from sqlmesh.core.console import configure_console

        configure_console()
        _console_configured = True


def utc(text: str) -> str:
    return text + " +00:00" if len(text) > 10 else text + " 00:00:00 +00:00"


class Sqlmesh:
    name = "SQLMesh"

    def __init__(self, project: str, gateway: Optional[str], database: str, log_path: str):
        self.project = project
        self.gateway = gateway
        self.database = database  # the DuckDB file the environment's views live in
        self.log_path = log_path

    def _in_context(self, execution_time: str, action: Callable) -> Outcome:
        import time_machine
        from sqlmesh import Context

        configure_sqlmesh_console()

        began = time.perf_counter()
        with output_to(self.log_path) as log, working_directory(self.project), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                with time_machine.travel(utc(execution_time), tick=True):
                    context = Context(paths=[self.project], gateway=self.gateway)
                    try:
                        message = action(context)
                    finally:
                        context.close()
            except BaseException as error:  # SQLMesh raises its own errors and SystemExit
                traceback.print_exc(file=log)
                return Outcome(False, time.perf_counter() - began, f"{type(error).__name__}: {error}")
        if message:
            return Outcome(False, time.perf_counter() - began, message)
        return Outcome(True, time.perf_counter() - began)

    def execute(self, command: Command) -> Outcome:
        with open(self.log_path, "a") as log:
            log.write(f"# SQLMesh: {command.describe()}\n")

        def act(context) -> str:
            if command.verb == "plan":
                context.plan(
                    command.environment,
                    execution_time=command.execution_time,
                    start=command.start,
                    end=command.end,
                    restate_models=list(command.restate) or None,
                    auto_apply=True,
                    no_prompts=True,
                    skip_tests=True,
                )
                return ""
            status = context.run(
                command.environment,
                execution_time=command.execution_time,
                start=command.start,
                end=command.end,
            )
            return "run failed (see the log)" if getattr(status, "is_failure", False) else ""

        return self._in_context(command.execution_time, act)

    def test_verdicts(self, at: str) -> Tuple[Outcome, Dict[str, bool]]:
        """SQLMesh's `test` (the clock at `at`): each unit test's name and whether it passed."""
        verdicts: Dict[str, bool] = {}

        def act(context) -> str:
            result = context.test(stream=sys.stdout)
            for test in result.successes:
                verdicts[test_name(test)] = True
            for test, _ in list(result.failures) + list(result.errors):
                verdicts[test_name(test)] = False
            return ""

        with open(self.log_path, "a") as log:
            log.write("# SQLMesh: test\n")
        return self._in_context(at, act), verdicts

    def init(self, folder: str, arguments: Sequence[str], at: str) -> Outcome:
        """`sqlmesh init ARGUMENTS` (its command line, in this process) in `folder`, with the
        wall clock on the date `at` (init writes "yesterday" as the project's start)."""
        import time_machine
        from sqlmesh.cli.main import cli

        configure_sqlmesh_console()
        began = time.perf_counter()
        os.makedirs(folder, exist_ok=True)
        with output_to(self.log_path) as log, working_directory(folder), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                with time_machine.travel(utc(at), tick=True):
                    # `-p`: the command line's default path is the folder it was imported in.
                    cli.main(["-p", folder, "init", *arguments], standalone_mode=False)
            except BaseException as error:
                traceback.print_exc(file=log)
                return Outcome(False, time.perf_counter() - began, f"{type(error).__name__}: {error}")
        return Outcome(True, time.perf_counter() - began)

    def catalog(self, environment: str, exclude: Sequence[str]) -> Catalog:
        query, close = duckdb_query(self.database)
        try:
            return read_catalog(query, environment, exclude)
        finally:
            close()
