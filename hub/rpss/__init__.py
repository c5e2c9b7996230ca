"""The Czech national registry of social services (MPSV open data) as platform data."""
