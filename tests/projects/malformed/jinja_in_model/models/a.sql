MODEL (name s.a, kind FULL);
SELECT 1 AS x
WHERE '2020-01-01' <= '{{ start_ds }}'
