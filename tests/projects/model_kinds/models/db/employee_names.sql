MODEL (
  name db.employee_names,
  kind FULL
);

SELECT name FROM db.unique_employees
