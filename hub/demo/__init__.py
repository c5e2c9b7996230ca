"""Demo data from the seed municipalities' own pages; only in demo mode."""
