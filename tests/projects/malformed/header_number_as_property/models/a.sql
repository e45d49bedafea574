MODEL (
  name s.a,
  42 '@daily'
);
SELECT 1 AS x
