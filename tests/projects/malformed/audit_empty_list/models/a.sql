MODEL (
  name s.a,
  kind FULL,
  audits (not_null(columns := ()), accepted_values(column := x, is_in := []))
);
SELECT 1 AS x
