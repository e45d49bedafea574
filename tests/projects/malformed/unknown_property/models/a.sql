MODEL (
  name s.a,
  kind FULL,
  onwer 'jen'
);

SELECT 1 AS x
