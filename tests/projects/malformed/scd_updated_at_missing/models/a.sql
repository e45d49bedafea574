MODEL (
  name s.a,
  kind SCD_TYPE_2 (unique_key id)
);

SELECT id, name FROM raw.people
