MODEL (
  name s.a,
  kind EXTERNAL
);

SELECT 1 AS x
