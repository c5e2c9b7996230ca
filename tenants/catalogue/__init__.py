"""Catalogue of social service providers: national taxonomies, search, imports, HSDS."""
