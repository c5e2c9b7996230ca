"""What makes two tenant schemas the same: columns, constraints, indexes and migration records."""

from django.db import connection


def signature(schema: str):
    with connection.cursor() as cursor:
        cursor.execute(f'SET LOCAL search_path TO "{schema}"')
        cursor.execute(
            "SELECT table_name, column_name, data_type, is_nullable, is_identity, "
            "identity_generation, replace(coalesce(column_default, ''), %s, '') "
            "FROM information_schema.columns WHERE table_schema = %s ORDER BY 1, 2",
            [schema + ".", schema])
        columns = cursor.fetchall()
        cursor.execute(
            "SELECT c.relname, k.conname, k.contype, pg_get_constraintdef(k.oid) "
            "FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid "
            "WHERE c.relnamespace = %s::regnamespace AND k.contype <> 'n' ORDER BY 1, 2",
            [schema])
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT i.relname, replace(pg_get_indexdef(i.oid), %s, '') FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid WHERE i.relnamespace = %s::regnamespace "
            "ORDER BY 1", [f" ON {schema}.", schema])
        indexes = cursor.fetchall()
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        migrations = cursor.fetchall()
    # The SET LOCAL lasts to the end of the caller's transaction: the next cursor sets the
    # path django-tenants means again.
    connection.set_schema_to_public()
    return columns, constraints, indexes, migrations
