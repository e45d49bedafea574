MODEL (
  name s.a,
  start [2025]
);

SELECT 1 AS x
