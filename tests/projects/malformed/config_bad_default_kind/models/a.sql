MODEL (
  name s.a,
  cron '@daily'
);

SELECT 1 AS x
