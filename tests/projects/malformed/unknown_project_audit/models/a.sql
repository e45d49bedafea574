MODEL (
  name s.a,
  kind FULL,
  assertions (assert_positiv)
);

SELECT 1 AS x
