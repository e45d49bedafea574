AUDIT (name at_most, defaults (column = x));
SELECT * FROM @this_model WHERE @column > @maximum
