MODEL (
  name s.a,
  kind INCREMENTAL_BY_TIME_RANGE (time_column ds,
);
SELECT 1 AS ds
