MODEL (
  name s.a,
  kind SNAPSHOT
);

SELECT 1 AS x
