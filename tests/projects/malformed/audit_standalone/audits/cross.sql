AUDIT (
  name cross_check,
  standalone true
);
SELECT 1 AS x WHERE FALSE
