MODEL (
  name db.holidays,
  kind SEED (
    path '../../seeds/holidays.csv',
    csv_settings (delimiter ';')
  ),
  columns (holiday_date DATE, name TEXT)
);
