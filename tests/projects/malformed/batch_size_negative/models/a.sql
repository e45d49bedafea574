MODEL (
  name s.a,
  kind INCREMENTAL_BY_TIME_RANGE (time_column x, batch_size -3)
);

SELECT 1 AS x
