MODEL (name s.a, kind FULL, audits (at_most));
SELECT 1 AS x
