MODEL (
  name s.a,
  kind INCREMENTAL_BY_TIME_RANGE (time_column x, forward_only 1)
);

SELECT 1 AS x
