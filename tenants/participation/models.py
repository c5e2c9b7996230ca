"""Models of working groups and meetings."""
