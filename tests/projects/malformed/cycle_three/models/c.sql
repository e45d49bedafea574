MODEL (
  name s.c,
  kind FULL
);

SELECT * FROM s.b
