MODEL (
  kind FULL
);
SELECT 1 AS x
