MODEL (
  name s.a,
  kind FULL,
  depends_on [s.bb]
);

SELECT 1 AS x
