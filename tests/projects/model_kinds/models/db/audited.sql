MODEL (
  name db.audited,
  kind FULL,
  audits (assert_positive_salary, not_null(columns := [name]))
);
SELECT name, salary FROM db.employees
