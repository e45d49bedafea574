MODEL (name s.a, kind FULL);
SELECT 1 AS x;
SELECT 2 AS x;
