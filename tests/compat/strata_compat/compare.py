"""Compares what strata and SQLMesh hold in one environment, object by object.

Each difference has an aspect, the key the allow-list matches on:
  missing    the object exists in SQLMesh's environment only
  extra      the object exists in strata's environment only
  unreadable reading the object failed in strata (a broken view) or in SQLMesh
  columns    column names or their order differ
  types      a column's DuckDB type differs
  rows       the rows differ (compared as multisets, on the columns both have)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

from .tables import Catalog, Table, normalize_value

MAX_SHOWN_ROWS = 8


@dataclass
class Difference:
    environment: str
    name: str  # schema.table
    aspect: str
    detail: str


def compare_catalogs(strata: Catalog, sqlmesh: Catalog, environment: str) -> List[Difference]:
    differences: List[Difference] = []
    for name in sorted(set(strata) | set(sqlmesh)):
        if name not in strata:
            differences.append(
                Difference(environment, name, "missing", "SQLMesh has it, strata does not")
            )
            continue
        if name not in sqlmesh:
            differences.append(
                Difference(environment, name, "extra", "strata has it, SQLMesh does not")
            )
            continue
        differences += compare_tables(environment, name, strata[name], sqlmesh[name])
    return differences


def compare_tables(environment: str, name: str, ours: Table, theirs: Table) -> List[Difference]:
    found: List[Difference] = []
    if ours.error or theirs.error:
        detail = []
        if ours.error:
            detail.append(f"strata: {ours.error}")
        if theirs.error:
            detail.append(f"SQLMesh: {theirs.error}")
        return [Difference(environment, name, "unreadable", "; ".join(detail))]
    our_names = [c for c, _ in ours.columns]
    their_names = [c for c, _ in theirs.columns]
    if our_names != their_names:
        found.append(
            Difference(
                environment,
                name,
                "columns",
                f"strata ({', '.join(our_names)}) vs SQLMesh ({', '.join(their_names)})",
            )
        )
    our_types = dict(ours.columns)
    their_types = dict(theirs.columns)
    shared = [c for c in their_names if c in our_types]
    type_changes = [
        f"{c}: strata {our_types[c]}, SQLMesh {their_types[c]}"
        for c in shared
        if our_types[c] != their_types[c]
    ]
    if type_changes:
        found.append(Difference(environment, name, "types", "; ".join(type_changes)))
    rows_detail = compare_rows(ours, theirs, shared)
    if rows_detail:
        found.append(Difference(environment, name, "rows", rows_detail))
    return found


def project_rows(table: Table, columns: Sequence[str]) -> Counter:
    positions = {c: i for i, (c, _) in enumerate(table.columns)}
    types = dict(table.columns)
    counter: Counter = Counter()
    for row in table.rows or []:
        counter[
            tuple(normalize_value(row[positions[c]], types[c]) for c in columns)
        ] += 1
    return counter


def compare_rows(ours: Table, theirs: Table, columns: Sequence[str]) -> Optional[str]:
    our_rows = project_rows(ours, columns)
    their_rows = project_rows(theirs, columns)
    if our_rows == their_rows:
        return None
    only_ours = our_rows - their_rows
    only_theirs = their_rows - our_rows
    lines = [
        f"{sum(our_rows.values())} rows in strata, {sum(their_rows.values())} in SQLMesh; "
        f"{sum(only_ours.values())} only in strata, {sum(only_theirs.values())} only in SQLMesh"
        f" (columns: {', '.join(columns)})"
    ]
    lines += format_rows("only in strata ", only_ours)
    lines += format_rows("only in SQLMesh", only_theirs)
    return "\n".join(lines)


def format_rows(label: str, rows: Counter) -> List[str]:
    shown: List[Tuple] = sorted(rows.elements(), key=lambda r: tuple("" if v is None else v for v in r))
    lines = []
    for row in shown[:MAX_SHOWN_ROWS]:
        lines.append(f"  {label}: (" + ", ".join("NULL" if v is None else v for v in row) + ")")
    if len(shown) > MAX_SHOWN_ROWS:
        lines.append(f"  {label}: … {len(shown) - MAX_SHOWN_ROWS} more")
    return lines
