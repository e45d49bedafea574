MODEL (name s.a, kind INCREMENTAL_BY_TIME_RANGE (time_column ds), start '2025-01-01');
SELECT ds FROM raw.t WHERE ds BETWEEN @start_dss AND @end_ds
