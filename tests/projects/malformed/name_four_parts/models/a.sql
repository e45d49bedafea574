MODEL (
  name a.b.c.d,
  kind FULL
);

SELECT 1 AS x
