MODEL (
  name s.a,
  columns (x, y INT)
);

SELECT 1 AS x, 2 AS y
