"""One tool's warehouse in the dbt differential suite: a DuckDB file or a PostgreSQL database,
read whole (every relation outside the system schemas: kind, columns with types, rows) so that
two of them can be compared, and written to by the suite's SQL steps (new source rows)."""

from __future__ import annotations

import datetime
import decimal
from collections import Counter
from dataclasses import dataclass, field
from typing import Dict, List, Tuple

# Schemas left out of the comparison: the engines' own, and strata's record of microbatch batches
# (docs/dbt.md: what strata adds).
SYSTEM_SCHEMAS = ("information_schema", "pg_catalog", "pg_toast", "strata_dbt_state")


@dataclass
class Relation:
    kind: str  # BASE TABLE, VIEW
    columns: List[Tuple[str, str]]
    rows: Counter = field(default_factory=Counter)
    error: str = ""


def _normalize(value):
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, decimal.Decimal):
        return round(float(value), 9)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    return value


class Warehouse:
    def __init__(self, engine: str, duckdb_path: str = "", pg: dict = None):
        self.engine = engine
        self.duckdb_path = duckdb_path
        self.pg = pg or {}

    def profile(self, name: str, schema: str = "main") -> str:
        if self.engine == "duckdb":
            return (f"{name}:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n"
                    f"      path: \"{self.duckdb_path}\"\n      schema: {schema}\n"
                    f"      threads: 4\n")
        p = self.pg
        return (f"{name}:\n  target: dev\n  outputs:\n    dev:\n      type: postgres\n"
                f"      host: {p['host']}\n      port: {p['port']}\n      user: {p['user']}\n"
                f"      password: \"{p['password']}\"\n      dbname: {p['dbname']}\n"
                f"      schema: {'public' if schema == 'main' else schema}\n      threads: 4\n")

    def _connect(self):
        if self.engine == "duckdb":
            import duckdb
            return duckdb.connect(self.duckdb_path)
        import psycopg2
        p = self.pg
        conn = psycopg2.connect(host=p["host"], port=p["port"], user=p["user"],
                                password=p["password"], dbname=p["dbname"])
        conn.autocommit = True
        return conn

    def execute(self, statements: List[str]) -> None:
        conn = self._connect()
        try:
            cur = conn.cursor()
            for sql in statements:
                cur.execute(sql)
        finally:
            conn.close()

    def read(self) -> Dict[str, Relation]:
        conn = self._connect()
        out: Dict[str, Relation] = {}
        try:
            cur = conn.cursor()
            schemas = ", ".join(f"'{s}'" for s in SYSTEM_SCHEMAS)
            cur.execute("SELECT table_schema, table_name, table_type FROM information_schema.tables"
                        f" WHERE table_schema NOT IN ({schemas})"
                        " AND table_schema NOT LIKE 'pg_temp%' ORDER BY 1, 2")
            tables = cur.fetchall()
            for schema, name, kind in tables:
                cur.execute("SELECT column_name, data_type FROM information_schema.columns WHERE "
                            f"table_schema = '{schema}' AND table_name = '{name}' "
                            "ORDER BY ordinal_position")
                columns = [(c, t.upper()) for c, t in cur.fetchall()]
                relation = Relation(kind, columns)
                try:
                    cur.execute(f'SELECT * FROM "{schema}"."{name}"')
                    relation.rows = Counter(tuple(_normalize(v) for v in row)
                                            for row in cur.fetchall())
                except Exception as e:  # a view that no longer binds
                    relation.error = str(e).splitlines()[0]
                out[f"{schema}.{name}"] = relation
        finally:
            conn.close()
        return out


def _without(relation: Relation, columns: List[str]) -> Counter:
    keep = [i for i, (name, _) in enumerate(relation.columns) if name not in columns]
    return Counter({tuple(row[i] for i in keep): n for row, n in relation.rows.items()})


def compare(ours: Dict[str, Relation], theirs: Dict[str, Relation],
            clock_columns: Dict[str, List[str]] = None) -> List[str]:
    """Every difference, as one line each. `clock_columns`: by relation, columns whose values
    both tools take from the clock, left out of the row comparison."""
    clock_columns = clock_columns or {}
    found = []
    for name in sorted(set(ours) | set(theirs)):
        if name not in ours:
            found.append(f"{name}: dbt-core has it, strata does not")
            continue
        if name not in theirs:
            found.append(f"{name}: strata has it, dbt-core does not")
            continue
        a, b = ours[name], theirs[name]
        if a.kind != b.kind:
            found.append(f"{name}: strata made a {a.kind}, dbt-core a {b.kind}")
        if a.error or b.error:
            found.append(f"{name}: unreadable: strata {a.error or 'ok'}; dbt-core {b.error or 'ok'}")
            continue
        if a.columns != b.columns:
            found.append(f"{name}: columns differ: strata {a.columns}; dbt-core {b.columns}")
            continue
        skipped = clock_columns.get(name, [])
        rows_a = _without(a, skipped) if skipped else a.rows
        rows_b = _without(b, skipped) if skipped else b.rows
        if rows_a != rows_b:
            only_a = list((rows_a - rows_b).elements())[:5]
            only_b = list((rows_b - rows_a).elements())[:5]
            found.append(f"{name}: rows differ ({sum(rows_a.values())} vs "
                         f"{sum(rows_b.values())}): only strata {only_a}; only dbt-core {only_b}")
    return found
