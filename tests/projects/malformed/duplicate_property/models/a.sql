MODEL (
  name s.a,
  cron '@daily',
  cron '@hourly'
);

SELECT 1 AS x
