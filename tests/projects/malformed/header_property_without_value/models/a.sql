MODEL (
  name s.a,
  cron
);
SELECT 1 AS x
