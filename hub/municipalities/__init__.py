"""Tenant registry: regions, districts, municipalities and their domains (public schema)."""
