MODEL (
  name s.a,
  end '2025-02-30'
);

SELECT 1 AS x
