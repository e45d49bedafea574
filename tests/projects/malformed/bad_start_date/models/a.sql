MODEL (
  name s.a,
  start '2025-13-01'
);

SELECT 1 AS x
