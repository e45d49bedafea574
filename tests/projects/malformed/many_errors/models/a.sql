MODEL (
  name s.a,
  kind FULL,
  onwer 'x',
  cron 'bad'
);

SELECT 1 AS x
