"""Plans: the multi-year community plan, its tree, action plans, evaluations and comments."""
