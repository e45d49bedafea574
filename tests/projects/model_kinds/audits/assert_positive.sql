AUDIT (
  name assert_positive_salary,
  blocking false
);
SELECT * FROM @this_model WHERE salary <= 0
