MODEL (
  name s.a,
  cron '61 * * * *'
);

SELECT 1 AS x
