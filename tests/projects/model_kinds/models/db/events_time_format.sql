MODEL (
  name db.events_time_format,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column (date_column, '%Y-%m-%d')
  )
);

SELECT event_date AS date_column, event_payload FROM raw_events
WHERE event_date BETWEEN @start_ds AND @end_ds
