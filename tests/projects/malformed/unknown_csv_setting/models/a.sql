MODEL (
  name s.a,
  kind SEED (path 'a.csv', csv_settings (delimeter ';'))
);
