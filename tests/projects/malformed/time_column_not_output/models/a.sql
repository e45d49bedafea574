MODEL (
  name s.a,
  kind INCREMENTAL_BY_TIME_RANGE (time_column order_dt)
);

SELECT order_date, 1 AS n FROM raw.orders
