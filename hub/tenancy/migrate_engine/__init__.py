"""Tenant migrations at thousands of schemas: run once on the template, replay everywhere else.

`capture` migrates the template schema in one transaction and keeps, per migration, the SQL
its schema editor executed (or, for data migrations, the operations with their project
states, rendered once). `apply` replays that into every schema behind over a few parallel
connections, one transaction per schema: the statements, the `django_migrations` rows, the
content types and the municipality's fingerprint — all of it or nothing. No per-schema
introspection: Django's executor reads the whole `pg_class` for each schema it migrates.
"""
