MODEL (name s.a, kind FULL);
SELECT @DEF(x, 1) AS y
