MODEL (
  name s.a,
  kind SEED (path '../seeds/a.csv')
);
