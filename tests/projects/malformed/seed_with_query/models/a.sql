MODEL (
  name s.a,
  kind SEED (path 'a.csv')
);
SELECT 1 AS x
