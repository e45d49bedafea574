MODEL (
  name s.a,
  kind INCREMENTAL_BY_TIME_RANGE (time_column x, on_destructive_change explode)
);

SELECT 1 AS x
