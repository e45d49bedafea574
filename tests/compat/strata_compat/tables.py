"""What an environment holds, read the same way from strata's database and SQLMesh's.

A `Catalog` maps each object of an environment (`schema.table`) to its columns (name and DuckDB
type, in order) and its rows. Every value is read as DuckDB's own text for it
(`CAST(c AS VARCHAR)`), so both sides go through the same conversion; `normalize_value` then
evens out what may legitimately differ in the last digits (floating-point sums added in another
order).

strata's database is read through `strata query --format csv` (so the test also covers that
strata resolves and serves prod's names), SQLMesh's through the duckdb module of the virtualenv,
which is the same DuckDB version strata embeds.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence, Tuple

# Schemas that hold the tools' own state or physical tables, never an environment's objects.
INTERNAL_SCHEMAS = {"sqlmesh", "strata_state", "information_schema", "pg_catalog"}
PHYSICAL_PREFIXES = ("sqlmesh__", "strata__")

FLOAT_TYPES = {"FLOAT", "DOUBLE", "REAL", "FLOAT4", "FLOAT8"}
FLOAT_DIGITS = 12  # significant digits compared for FLOAT/DOUBLE values


@dataclass
class Table:
    kind: str  # "VIEW" or "BASE TABLE"
    columns: List[Tuple[str, str]] = field(default_factory=list)  # (name, type) in order
    rows: Optional[List[Tuple[Optional[str], ...]]] = None  # None when reading failed
    error: str = ""


Catalog = Dict[str, Table]  # "schema.table" -> Table

# A function that runs one SQL query and returns its rows as lists of text (None for NULL).
QueryFn = Callable[[str], List[List[Optional[str]]]]


class QueryError(Exception):
    pass


def environment_schema(schema: str, environment: str) -> bool:
    """True when `schema` holds views of `environment` (prod: `s`, others: `s__env`)."""
    if schema in INTERNAL_SCHEMAS or schema.startswith(PHYSICAL_PREFIXES):
        return False
    if environment == "prod":
        return "__" not in schema
    return schema.endswith("__" + environment)


def logical_name(schema: str, table: str, environment: str) -> str:
    if environment != "prod":
        schema = schema[: -len("__" + environment)]
    return f"{schema}.{table}"


LIST_SQL = (
    "SELECT c.table_schema, c.table_name, t.table_type, c.column_name, c.data_type "
    "FROM information_schema.columns AS c JOIN information_schema.tables AS t "
    "ON c.table_catalog = t.table_catalog AND c.table_schema = t.table_schema "
    "AND c.table_name = t.table_name "
    "WHERE c.table_catalog = current_database() "
    "ORDER BY c.table_schema, c.table_name, c.ordinal_position"
)


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def rows_sql(key: str, schema: str, table: str, columns: Sequence[Tuple[str, str]]) -> str:
    values = ", ".join(f"CAST({quote(name)} AS VARCHAR)" for name, _ in columns)
    literal = key.replace("'", "''")
    return (
        f"SELECT '{literal}' AS t, to_json(list_value({values})) AS r "
        f"FROM {quote(schema)}.{quote(table)}"
    )


def read_catalog(query: QueryFn, environment: str, exclude: Sequence[str] = ()) -> Catalog:
    """Every object of `environment` with its columns and rows; `exclude`: names to leave out
    (the raw tables the harness loaded). Raises QueryError when the listing itself fails."""
    catalog: Catalog = {}
    physical: Dict[str, Tuple[str, str]] = {}
    for schema, table, kind, column, data_type in query(LIST_SQL):
        if not environment_schema(schema, environment):
            continue
        name = logical_name(schema, table, environment)
        if name in exclude:
            continue
        catalog.setdefault(name, Table(kind=kind)).columns.append((column, data_type))
        physical[name] = (schema, table)
    if not catalog:
        return catalog
    statements = {
        name: rows_sql(name, *physical[name], catalog[name].columns) for name in catalog
    }
    try:
        collect(query(" UNION ALL ".join(statements.values())), catalog)
    except QueryError:
        # One object that cannot be read (a broken view) fails the union: read them one by one
        # so the others are still compared and the broken one names its error.
        for name, sql in statements.items():
            try:
                collect(query(sql), catalog)
            except QueryError as error:
                catalog[name].error = str(error).strip().splitlines()[-1][:300]
    return catalog


def collect(rows: List[List[Optional[str]]], catalog: Catalog) -> None:
    for name, encoded in rows:
        table = catalog[name]
        if table.rows is None:
            table.rows = []
        table.rows.append(tuple(json.loads(encoded)))
    for table in catalog.values():
        if table.rows is None and not table.error:
            table.rows = []


def normalize_value(value: Optional[str], data_type: str) -> Optional[str]:
    if value is None:
        return None
    if data_type.upper() in FLOAT_TYPES:
        try:
            return format(float(value), f".{FLOAT_DIGITS}g")
        except ValueError:
            return value
    return value


# --- the two ways of querying -------------------------------------------------------------


def strata_query(binary: str, project: str, gateway: Optional[str]) -> QueryFn:
    def run(sql: str) -> List[List[Optional[str]]]:
        command = [binary, "-p", project]
        if gateway:
            command += ["--gateway", gateway]
        command += ["--color", "never", "query", sql, "--format", "csv"]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            raise QueryError(done.stderr.strip() or done.stdout.strip() or "strata query failed")
        return parse_csv(done.stdout)

    return run


def parse_csv(text: str) -> List[List[Optional[str]]]:
    """strata's CSV: a header, then rows; an unquoted empty field is NULL, `""` the empty
    string. The fields the harness reads are never empty strings, so csv's reading is enough."""
    reader = csv.reader(io.StringIO(text))
    rows = list(reader)
    return [[field if field != "" else None for field in row] for row in rows[1:]]


def duckdb_query(path: str) -> Tuple[QueryFn, Callable[[], None]]:
    import duckdb  # the virtualenv's, the same version strata embeds

    connection = duckdb.connect(path, read_only=True)

    def run(sql: str) -> List[List[Optional[str]]]:
        try:
            return [
                [None if v is None else str(v) for v in row] for row in connection.sql(sql).fetchall()
            ]
        except duckdb.Error as error:
            raise QueryError(str(error)) from error

    return run, connection.close
