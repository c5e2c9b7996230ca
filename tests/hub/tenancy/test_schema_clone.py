"""A cloned schema is the template's twin: same columns, constraints and indexes under the
same names (later migrations refer to them), the migration records, its own sequences, and
foreign keys that point inside the clone — never into the template, and none into public:
a constraint into a public table puts triggers on that table for every schema, which made
each clone slower than the last (issue #21)."""

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction

from hub.tenancy import schemas
from tests.hub.tenancy.schema_signature import signature as _signature

TENANT_LABELS = {apps.get_containing_app_config(name).label if apps.get_containing_app_config(name)
                 else name.rsplit(".", 1)[-1] for name in settings.TENANT_APPS}

pytestmark = pytest.mark.django_db


def test_clone_matches_the_template_to_the_names():
    with transaction.atomic():
        schemas.template_clone("m_twin")
        template = _signature("tenant_template")
        twin = _signature("m_twin")
    assert twin == template
    columns, _constraints, indexes, migrations = twin
    assert len(columns) > 50 and len(indexes) > 20 and len(migrations) > 5
    assert any(name == "one_plan_in_force_per_basis" for name, _definition in indexes)


def test_clone_foreign_keys_stay_inside_and_sequences_are_its_own():
    with transaction.atomic(), connection.cursor() as cursor:
        schemas.template_clone("m_twin")
        cursor.execute(
            "SELECT DISTINCT r.relnamespace::regnamespace::text FROM pg_constraint k "
            "JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid "
            "WHERE c.relnamespace = 'm_twin'::regnamespace AND k.contype = 'f'")
        assert {row[0] for row in cursor.fetchall()} == {"m_twin"}
        cursor.execute("INSERT INTO m_twin.common_targetgroup (name, position, is_active, "
                       "created_at, updated_at) VALUES ('x', 1, true, now(), now()) RETURNING id")
        assert cursor.fetchone()[0] == 1
        cursor.execute("SELECT count(*) FROM tenant_template.common_targetgroup")
        assert cursor.fetchone()[0] == 0
        cursor.execute("SELECT max(id) = (SELECT last_value FROM "
                       "m_twin.django_migrations_id_seq) FROM m_twin.django_migrations")
        assert cursor.fetchone()[0] is True


def test_a_clone_adds_nothing_to_public_tables():
    """Triggers and constraints on public tables (accounts_user above all) stay as many
    whatever the number of municipalities: each one is read whenever the table's cache
    entry is rebuilt and checked on every change of its rows."""
    def public_footprint(cursor):
        cursor.execute("SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                       "WHERE c.relnamespace = 'public'::regnamespace")
        triggers = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM pg_constraint WHERE confrelid IN "
                       "(SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace)")
        return triggers, cursor.fetchone()[0]

    with transaction.atomic(), connection.cursor() as cursor:
        before = public_footprint(cursor)
        schemas.template_clone("m_twin")
        schemas.template_clone("m_triplet")
        assert public_footprint(cursor) == before
        # Every tenant model's reference to a user is kept in the clone, as a plain id.
        references = {(field.model._meta.db_table, field.column)
                      for model in apps.get_models()
                      if model._meta.app_label in TENANT_LABELS
                      for field in model._meta.concrete_fields
                      if field.is_relation and field.related_model is get_user_model()}
        assert len(references) >= 10
        cursor.execute("SELECT table_name, column_name FROM information_schema.columns "
                       "WHERE table_schema = 'm_twin' AND table_name = ANY(%s)",
                       [sorted({table for table, _column in references})])
        assert references <= set(cursor.fetchall())
