MODEL (
  name s.a,
  kind FULL,
  depends_on [s.b]
);

SELECT 1 AS x
