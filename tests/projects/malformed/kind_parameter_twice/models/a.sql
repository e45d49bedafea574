MODEL (
  name s.a,
  kind VIEW (materialized true, materialized false)
);

SELECT 1 AS x
