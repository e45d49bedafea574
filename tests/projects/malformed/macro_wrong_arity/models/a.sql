MODEL (name s.a, kind FULL);
SELECT @SAFE_DIV(1) AS x
