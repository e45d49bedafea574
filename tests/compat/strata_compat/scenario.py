"""A project's scenario: the steps both tools go through, and what is compared after each.

A step first changes the world the same way for both tools — SQL run against each tool's DuckDB
file (raw data arriving), edits of project files (one text replaced by another, applied to both
copies) — then gives both tools the same commands (plan, run) at the same execution times, then
compares the environments it names.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable, List, Optional

from .tools import Command


@dataclass
class Sql:
    """SQL run against each tool's database: `script` (a file, run from its folder) or `text`."""

    script: Optional[str] = None
    text: Optional[str] = None

    def describe(self) -> str:
        return f"load {os.path.basename(self.script)}" if self.script else "SQL on the raw data"

    def run(self, database: str, project: str) -> None:
        import duckdb

        connection = duckdb.connect(database)
        try:
            if self.script:
                path = os.path.join(project, self.script)
                with open(path) as handle:
                    sql = handle.read()
                previous = os.getcwd()
                os.chdir(os.path.dirname(path))
                try:
                    connection.execute(sql)
                finally:
                    os.chdir(previous)
            else:
                connection.execute(self.text)
        finally:
            connection.close()


@dataclass
class Edit:
    """Replaces `old` (which must occur exactly once) by `new` in the project file `path`."""

    path: str
    old: str
    new: str

    def describe(self) -> str:
        return f"edit {self.path}"

    def apply_all(self, project: str) -> None:
        """Replaces every occurrence (at least one) of `old`."""
        path = os.path.join(project, self.path)
        with open(path) as handle:
            text = handle.read()
        if self.old not in text:
            raise ValueError(f"{self.path}: the edit's old text does not occur")
        with open(path, "w") as handle:
            handle.write(text.replace(self.old, self.new))

    def apply(self, project: str) -> None:
        path = os.path.join(project, self.path)
        with open(path) as handle:
            text = handle.read()
        count = text.count(self.old)
        if count != 1:
            raise ValueError(f"{self.path}: the edit's old text occurs {count} times, not once")
        with open(path, "w") as handle:
            handle.write(text.replace(self.old, self.new))


@dataclass
class Step:
    name: str
    commands: List[Command]
    data: List[Sql] = field(default_factory=list)
    edits: List[Edit] = field(default_factory=list)
    compare: List[str] = field(default_factory=lambda: ["prod"])


class Skip(Exception):
    """Raised by `Project.prepare` when the project cannot be had here (a corpus folder absent)."""


@dataclass
class Project:
    """`prepare(folder, harness)` writes the project into `folder` (an empty folder), returning an
    error message or ""; `steps(folder)` gives the scenario for the prepared project."""

    name: str
    prepare: Callable[[str, "object"], str]
    steps: Callable[[str], List[Step]]
    gateway: Optional[str] = None
