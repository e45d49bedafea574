MODEL (
  name s.a,
  columns (x INT, x TEXT)
);

SELECT 1 AS x
