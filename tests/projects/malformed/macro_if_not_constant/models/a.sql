MODEL (name s.a, kind FULL);
SELECT @IF(x > 1, 'a', 'b') AS y FROM raw.t
