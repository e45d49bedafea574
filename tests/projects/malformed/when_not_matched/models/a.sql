MODEL (
  name s.a,
  kind INCREMENTAL_BY_UNIQUE_KEY (unique_key id, when_matched WHEN NOT MATCHED THEN INSERT *)
);

SELECT id FROM raw.people
