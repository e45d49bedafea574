MODEL (
  name s.b,
  kind FULL
);

SELECT 1 AS x
