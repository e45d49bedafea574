MODEL (name s.a, kind FULL);
SELECT 'oops AS x
