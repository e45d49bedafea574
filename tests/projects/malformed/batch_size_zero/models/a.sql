MODEL (
  name s.a,
  kind INCREMENTAL_BY_TIME_RANGE (time_column x, batch_size 0)
);

SELECT 1 AS x
