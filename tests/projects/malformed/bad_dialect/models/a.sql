MODEL (
  name s.a,
  dialect snowflake
);

SELECT 1 AS x
