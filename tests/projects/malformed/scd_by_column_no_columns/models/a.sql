MODEL (
  name s.a,
  kind SCD_TYPE_2_BY_COLUMN (unique_key id)
);

SELECT id, name FROM raw.people
