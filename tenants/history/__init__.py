"""Who changed what and when, for the planning records of one municipality (tenant app)."""
