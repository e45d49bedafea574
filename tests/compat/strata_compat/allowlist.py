"""The allow-list: differences from SQLMesh that strata makes on purpose (or knowingly), read from
the table under the heading "Allow-list" of docs/sqlmesh-differences.md.

Each row is `| project | step | environment | object | aspect | section |`; the first five are
shell-style patterns (`*` for any), `section` a link to the heading of the same document that
gives the reason. A row whose section is not a heading of the document is an error: every allowed
difference must have its reason written down.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from typing import List, Optional

from .compare import Difference

COLUMNS = ["project", "step", "environment", "object", "aspect", "section"]


@dataclass
class Entry:
    project: str
    step: str
    environment: str
    object: str
    aspect: str
    section: str  # the anchor, without '#'
    used: bool = False

    def matches(self, project: str, step: str, difference: Difference) -> bool:
        return all(
            fnmatch.fnmatchcase(value, pattern)
            for value, pattern in [
                (project, self.project),
                (step, self.step),
                (difference.environment, self.environment),
                (difference.name, self.object),
                (difference.aspect, self.aspect),
            ]
        )


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def load(path: str) -> List[Entry]:
    with open(path) as handle:
        lines = handle.read().splitlines()
    anchors = {slug(line.lstrip("#")) for line in lines if line.startswith("#")}
    entries: List[Entry] = []
    in_list = False
    for number, line in enumerate(lines, 1):
        if line.startswith("#"):
            in_list = slug(line.lstrip("#")) == "allow-list"
            continue
        if not in_list or not line.startswith("|"):
            continue
        cells = [cell.strip().strip("`") for cell in line.strip().strip("|").split("|")]
        if cells[0] == "project" or set("".join(cells)) <= set("-: "):
            continue  # the header and its rule
        if len(cells) != len(COLUMNS):
            raise ValueError(f"{path}:{number}: an allow-list row has {len(COLUMNS)} cells: {', '.join(COLUMNS)}")
        link = re.search(r"\(#([^)]+)\)", cells[5])
        if not link or link.group(1) not in anchors:
            raise ValueError(f"{path}:{number}: the section '{cells[5]}' is no heading of this document")
        entries.append(Entry(*cells[:5], section=link.group(1)))
    return entries


def allowed_by(entries: List[Entry], project: str, step: str, difference: Difference) -> Optional[Entry]:
    for entry in entries:
        if entry.matches(project, step, difference):
            entry.used = True
            return entry
    return None
