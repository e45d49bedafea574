MODEL (
  name s.a,
  interval_unit fortnight
);

SELECT 1 AS x
