AUDIT (
  name cross_check,
  standalone true
);
SELECT * FROM @this_model WHERE x < 0
