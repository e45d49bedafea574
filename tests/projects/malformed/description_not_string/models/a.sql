MODEL (
  name s.a,
  description 42
);

SELECT 1 AS x
