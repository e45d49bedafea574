MODEL (name s.a, kind FULL);
SELECT @VAR('region') AS r
