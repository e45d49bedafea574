MODEL (
  name 1 + 2,
  kind FULL
);

SELECT 1 AS x
