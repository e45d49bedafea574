MODEL (
  name s.a,
  columns (id INT, email TEXT)
);

SELECT id, name FROM raw.people
