MODEL (
  name orders,
  kind FULL
);

SELECT 1 AS x
