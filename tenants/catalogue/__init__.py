"""Catalogue of social service providers, typed by the national taxonomies (hub/taxonomy.py):
search, imports, HSDS."""
