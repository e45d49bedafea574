MODEL (
  name s.a,
  kind INCREMENTAL_BY_TIME
);

SELECT 1 AS x
