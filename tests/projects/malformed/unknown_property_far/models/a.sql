MODEL (
  name s.a,
  kind FULL,
  frobnicate 1
);

SELECT 1 AS x
