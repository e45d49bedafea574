MODEL (
  name db.employees_key_expression,
  kind INCREMENTAL_BY_UNIQUE_KEY (
    unique_key (COALESCE("ds", ''))
  )
);

SELECT ds, name, salary FROM raw_employee_events
