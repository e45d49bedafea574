MODEL (
  name db.highest_salary_materialized,
  kind VIEW (
    materialized true
  )
);

SELECT MAX(salary) AS max_salary FROM db.employees;
