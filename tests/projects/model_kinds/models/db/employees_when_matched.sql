MODEL (
  name db.employees_when_matched,
  kind INCREMENTAL_BY_UNIQUE_KEY (
    unique_key name,
    when_matched WHEN MATCHED THEN UPDATE SET target.salary = COALESCE(source.salary, target.salary)
  )
);

SELECT name, title, salary FROM raw_employees
