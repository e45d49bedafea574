MODEL (
  name db.event_log,
  kind INCREMENTAL_UNMANAGED,
  cron '@hourly',
  tags ['raw', 'append'],
  owner 'data-platform'
);

@DEF(kept_kinds, ['click', 'view']);

SELECT * FROM raw_events WHERE event_kind IN (SELECT unnest(@kept_kinds));

ANALYZE db.event_log
