MODEL (
  name s.a,
  kind INCREMENTAL_BY_UNIQUE_KEY (unique_key (id, nme))
);

SELECT id, name FROM raw.people
