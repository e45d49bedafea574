"""Tests of the differential suite's own logic (no SQLMesh, no strata needed):
  python3 -m unittest discover -s tests/compat -p '*_test.py'
"""

import os
import tempfile
import textwrap
import unittest

from strata_compat import allowlist
from strata_compat.compare import Difference, compare_catalogs
from strata_compat.scenario import Edit
from strata_compat.tables import Table, environment_schema, normalize_value, parse_csv


def table(columns, rows, kind="VIEW"):
    return Table(kind=kind, columns=list(columns), rows=[tuple(r) for r in rows])


class CompareTest(unittest.TestCase):
    def test_rows_compare_as_multisets_in_any_order(self):
        ours = {"s.t": table([("a", "INTEGER")], [["1"], ["2"], ["2"]])}
        theirs = {"s.t": table([("a", "INTEGER")], [["2"], ["1"], ["2"]])}
        self.assertEqual(compare_catalogs(ours, theirs, "prod"), [])

    def test_a_duplicated_row_is_a_difference(self):
        ours = {"s.t": table([("a", "INTEGER")], [["1"], ["1"]])}
        theirs = {"s.t": table([("a", "INTEGER")], [["1"]])}
        [difference] = compare_catalogs(ours, theirs, "prod")
        self.assertEqual(difference.aspect, "rows")
        self.assertIn("1 only in strata, 0 only in SQLMesh", difference.detail)
        self.assertIn("only in strata : (1)", difference.detail)

    def test_null_differs_from_the_empty_string(self):
        ours = {"s.t": table([("a", "VARCHAR")], [[None]])}
        theirs = {"s.t": table([("a", "VARCHAR")], [[""]])}
        self.assertEqual([d.aspect for d in compare_catalogs(ours, theirs, "prod")], ["rows"])

    def test_doubles_agree_to_twelve_digits(self):
        ours = {"s.t": table([("x", "DOUBLE")], [["26.099999999999998"]])}
        theirs = {"s.t": table([("x", "DOUBLE")], [["26.1"]])}
        self.assertEqual(compare_catalogs(ours, theirs, "prod"), [])
        theirs = {"s.t": table([("x", "DOUBLE")], [["26.2"]])}
        self.assertEqual(len(compare_catalogs(ours, theirs, "prod")), 1)

    def test_decimals_compare_as_text(self):
        self.assertEqual(normalize_value("1.50", "DECIMAL(12,2)"), "1.50")

    def test_missing_extra_columns_and_types(self):
        ours = {
            "s.a": table([("x", "INTEGER"), ("y", "BIGINT")], [["1", "2"]]),
            "s.extra": table([("x", "INTEGER")], []),
        }
        theirs = {
            "s.a": table([("x", "INTEGER"), ("y", "INTEGER"), ("z", "INTEGER")], [["1", "2", "3"]]),
            "s.missing": table([("x", "INTEGER")], []),
        }
        found = {(d.name, d.aspect) for d in compare_catalogs(ours, theirs, "prod")}
        # Rows agree on the shared columns (x, y), so no row difference is reported.
        self.assertEqual(
            found,
            {("s.a", "columns"), ("s.a", "types"), ("s.extra", "extra"), ("s.missing", "missing")},
        )

    def test_an_unreadable_object_is_one_difference(self):
        broken = Table(kind="VIEW", columns=[("x", "INTEGER")], rows=None, error="Ambiguous reference")
        ours = {"s.v": broken}
        theirs = {"s.v": table([("x", "INTEGER")], [["1"]])}
        [difference] = compare_catalogs(ours, theirs, "prod")
        self.assertEqual(difference.aspect, "unreadable")
        self.assertIn("strata: Ambiguous reference", difference.detail)


class TablesTest(unittest.TestCase):
    def test_environment_schemas(self):
        self.assertTrue(environment_schema("sushi", "prod"))
        self.assertFalse(environment_schema("sushi__dev", "prod"))
        self.assertTrue(environment_schema("sushi__dev", "dev"))
        self.assertFalse(environment_schema("sqlmesh__sushi", "prod"))
        self.assertFalse(environment_schema("strata__sushi", "prod"))
        self.assertFalse(environment_schema("strata_state", "prod"))
        self.assertFalse(environment_schema("sqlmesh", "prod"))

    def test_csv_with_quoted_fields(self):
        text = 't,r\ns.t,"[""a,b"",null]"\n'
        self.assertEqual(parse_csv(text), [["s.t", '["a,b",null]']])


class StrataTestOutputTest(unittest.TestCase):
    def test_verdict_lines_and_not_the_summary(self):
        from strata_compat.tools import STRATA_TEST_LINE

        output = (
            "\u2714 test_a (tests/a.yaml:1)\n"
            "\u2718 test_b (tests/b.yaml:1) failed [s.b]\n"
            "\u2718 1 of 2 tests failed (ran against duckdb)\n"
        )
        verdicts = {m.group(2): m.group(1) == "\u2714" for m in STRATA_TEST_LINE.finditer(output)}
        self.assertEqual(verdicts, {"test_a": True, "test_b": False})


class AllowListTest(unittest.TestCase):
    def write(self, text):
        handle = tempfile.NamedTemporaryFile("w", suffix=".md", delete=False)
        handle.write(textwrap.dedent(text))
        handle.close()
        self.addCleanup(os.unlink, handle.name)
        return handle.name

    def test_rows_match_by_pattern_and_point_to_their_section(self):
        path = self.write(
            """\
            # Differences
            ## Weekly intervals
            why
            ## Allow-list
            | project | step | environment | object | aspect | section |
            |---|---|---|---|---|---|
            | gen* | * | prod | `s.weekly` | rows | [weekly](#weekly-intervals) |
            """
        )
        [entry] = allowlist.load(path)
        hit = Difference("prod", "s.weekly", "rows", "")
        self.assertIs(allowlist.allowed_by([entry], "generated-30", "run", hit), entry)
        self.assertTrue(entry.used)
        self.assertIsNone(allowlist.allowed_by([entry], "sushi", "run", hit))
        self.assertIsNone(
            allowlist.allowed_by([entry], "generated-30", "run", Difference("prod", "s.weekly", "types", ""))
        )

    def test_a_row_without_a_written_reason_is_an_error(self):
        path = self.write(
            """\
            ## Allow-list
            | project | step | environment | object | aspect | section |
            |---|---|---|---|---|---|
            | * | * | * | s.t | rows | [gone](#no-such-section) |
            """
        )
        with self.assertRaisesRegex(ValueError, "no heading"):
            allowlist.load(path)


class DifferencesDocumentTest(unittest.TestCase):
    def test_the_repository_allow_list_loads(self):
        # Every row points to a heading of the document (the suite refuses to start otherwise).
        path = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "sqlmesh-differences.md")
        for entry in allowlist.load(path):
            self.assertTrue(entry.section)


class EditTest(unittest.TestCase):
    def test_edit_replaces_exactly_one_occurrence(self):
        folder = tempfile.mkdtemp()
        path = os.path.join(folder, "m.sql")
        with open(path, "w") as handle:
            handle.write("SELECT a FROM t LIMIT 10")
        Edit("m.sql", "LIMIT 10", "LIMIT 5").apply(folder)
        with open(path) as handle:
            self.assertEqual(handle.read(), "SELECT a FROM t LIMIT 5")
        with self.assertRaisesRegex(ValueError, "occurs 0 times"):
            Edit("m.sql", "LIMIT 10", "LIMIT 5").apply(folder)


if __name__ == "__main__":
    unittest.main()
