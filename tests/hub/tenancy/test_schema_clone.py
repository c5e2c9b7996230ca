"""A cloned schema is the template's twin: same columns, constraints and indexes under the
same names (later migrations refer to them), the migration records, its own sequences, and
foreign keys that point inside the clone or into public — never into the template."""

import pytest
from django.db import connection, transaction

from hub.tenancy import schemas

pytestmark = pytest.mark.django_db


def _signature(schema: str):
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
    return columns, constraints, indexes, migrations


def test_clone_matches_the_template_to_the_names():
    with transaction.atomic():
        schemas.template_clone("m_twin")
        template = _signature("tenant_template")
        twin = _signature("m_twin")
    assert twin == template
    columns, _constraints, indexes, migrations = twin
    assert len(columns) > 50 and len(indexes) > 20 and len(migrations) > 5
    assert any(name == "one_plan_in_force_per_basis" for name, _definition in indexes)


def test_clone_foreign_keys_stay_inside_or_go_to_public_and_sequences_are_its_own():
    with transaction.atomic(), connection.cursor() as cursor:
        schemas.template_clone("m_twin")
        cursor.execute(
            "SELECT DISTINCT r.relnamespace::regnamespace::text FROM pg_constraint k "
            "JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid "
            "WHERE c.relnamespace = 'm_twin'::regnamespace AND k.contype = 'f'")
        assert {row[0] for row in cursor.fetchall()} == {"m_twin", "public"}
        cursor.execute("INSERT INTO m_twin.common_targetgroup (name, position, is_active, "
                       "created_at, updated_at) VALUES ('x', 1, true, now(), now()) RETURNING id")
        assert cursor.fetchone()[0] == 1
        cursor.execute("SELECT count(*) FROM tenant_template.common_targetgroup")
        assert cursor.fetchone()[0] == 0
        cursor.execute("SELECT max(id) = (SELECT last_value FROM "
                       "m_twin.django_migrations_id_seq) FROM m_twin.django_migrations")
        assert cursor.fetchone()[0] is True
