"""Models of regional coordination."""
