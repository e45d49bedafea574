MODEL (
  name s.a,
  kind INCREMENTAL_BY_TIME_RANGE (time_column x, lookback 1.5)
);

SELECT 1 AS x
