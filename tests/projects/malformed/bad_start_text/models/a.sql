MODEL (
  name s.a,
  start 'next tuesday'
);

SELECT 1 AS x
