MODEL (
  name s.a,
  cron 5
);

SELECT 1 AS x
