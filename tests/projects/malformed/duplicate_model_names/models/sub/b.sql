MODEL (
  name S.A,
  kind VIEW
);

SELECT 1 AS x
