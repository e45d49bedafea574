MODEL (
  name s.a,
  kind SEED (path '../seeds/a.csv'),
  columns (id INT, email TEXT)
);
