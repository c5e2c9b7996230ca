"""Funding rounds: criteria and weights, applications of catalogue services, scoring, allocation."""
