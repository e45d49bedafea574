AUDIT (name p, blocker false);
SELECT 1 AS x
