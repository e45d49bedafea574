MODEL (
  name s.a,
  kind FULL (time_column x)
);

SELECT 1 AS x
