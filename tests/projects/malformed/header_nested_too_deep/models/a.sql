MODEL (
  name s.a,
  kind SEED (csv_settings (delimiter (x (y (z (w (v (u (t (s (r 1)))))))))))
);
