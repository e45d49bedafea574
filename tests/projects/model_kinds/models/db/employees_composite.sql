MODEL (
  name db.employees_composite,
  kind INCREMENTAL_BY_UNIQUE_KEY (
    unique_key (first_name, last_name)
  )
);

SELECT
  first_name::TEXT AS first_name,
  last_name::TEXT AS last_name,
  salary::INT AS salary
FROM raw_employee_events
WHERE
  event_date BETWEEN @start_date AND @end_date;
