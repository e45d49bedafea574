MODEL (name s.a, kind FULL);
SELECT 'Ã(' AS x
