MODEL (
  name s.b,
  kind VEIW
);

SELECT 1 AS x
