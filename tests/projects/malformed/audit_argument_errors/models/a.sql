MODEL (
  name raw.forms,
  kind FULL,
  audits (
    not_null(column := a),
    accepted_range(column := a, min := 1),
    unique_values(),
    positive_values(column := a, blocking := maybe),
    not_nul(columns := (a)),
    accepted_values(column=a, is_in=[])
  )
);
SELECT 3 AS a, 2 AS b
