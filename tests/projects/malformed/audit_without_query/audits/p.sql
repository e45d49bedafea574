AUDIT (name p);
