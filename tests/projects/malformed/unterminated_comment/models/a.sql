MODEL (name s.a, kind FULL);
/* forgot to close
SELECT 1 AS x
