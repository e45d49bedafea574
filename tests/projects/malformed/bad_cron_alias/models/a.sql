MODEL (
  name s.a,
  cron '@fortnightly'
);

SELECT 1 AS x
