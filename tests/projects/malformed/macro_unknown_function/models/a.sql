MODEL (name s.a, kind FULL);
SELECT @GENERATE_SURROGATE_KYE(a, b) AS k FROM raw.t
