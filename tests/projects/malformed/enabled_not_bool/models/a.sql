MODEL (
  name s.a,
  enabled 'maybe'
);

SELECT 1 AS x
