MODEL (
  name s.a,
  column_descriptions ('x')
);

SELECT 1 AS x
