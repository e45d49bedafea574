MODEL (
  name raw.orders,
  kind FULL
);

SELECT 1 AS x
