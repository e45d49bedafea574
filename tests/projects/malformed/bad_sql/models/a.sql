MODEL (name s.a, kind FULL);
SELECT x FROM WHERE y
