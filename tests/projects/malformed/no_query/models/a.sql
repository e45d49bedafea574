MODEL (name s.a, kind FULL);
