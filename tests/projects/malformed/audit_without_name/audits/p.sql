AUDIT (blocking false);
SELECT 1 AS x
