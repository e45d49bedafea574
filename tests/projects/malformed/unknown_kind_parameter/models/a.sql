MODEL (
  name s.a,
  kind INCREMENTAL_BY_TIME_RANGE (time_column x, batchsize 2)
);

SELECT 1 AS x
