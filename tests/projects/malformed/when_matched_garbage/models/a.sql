MODEL (
  name s.a,
  kind INCREMENTAL_BY_UNIQUE_KEY (unique_key id, when_matched UPDATE everything)
);

SELECT id FROM raw.people
