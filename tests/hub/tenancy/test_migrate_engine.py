"""New tenant migrations reach every schema behind as the template's captured SQL: each schema
ends identical to the template (columns, constraints, indexes, migration records), a data
migration runs in each schema on its own rows, and a schema that fails is left untouched while
the others are migrated — the next run finishes it."""

import threading

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from hub.municipalities.models import Municipality
from hub.tenancy import schemas
from hub.tenancy.migrate_engine import apply, capture
from hub.tenancy.models import CapturedMigration
from tests.hub.tenancy.probe_migrations import ProbeMigrations
from tests.hub.tenancy.schema_signature import signature

pytestmark = pytest.mark.django_db

TEMPLATE = "tenant_template"

CREATE = """\
        migrations.CreateModel(name="Probe", fields=[
            ("id", models.BigAutoField(primary_key=True, serialize=False)),
            ("name", models.CharField(max_length=50)),
            ("score", models.IntegerField(null=True)),
        ]),"""
ADD_FIELDS = """\
        migrations.AddField("probe", "note", models.CharField(max_length=20, null=True)),
        migrations.AddField("targetgroup", "probe_flag", models.BooleanField(null=True)),"""
# Null to not-null with a default: Django fills the NULLs with an UPDATE, then alters.
ALTER_FIELD = """\
        migrations.AlterField("probe", "note",
                              models.CharField(max_length=40, default="", blank=True)),
        migrations.AlterField("probe", "score", models.BigIntegerField(null=True)),"""
ADD_INDEX = """\
        migrations.AddIndex("probe", models.Index(fields=["name", "score"],
                                                  name="probe_name_score_idx")),"""
SCORE_CODE = '''
def score(apps, schema_editor):
    Probe = apps.get_model("common", "Probe")
    for probe in Probe.objects.all():
        probe.score = len(probe.name) * 10
        probe.save(update_fields=["score"])
    Probe.objects.create(name="seeded", score=-1)
'''
DATA = """\
        migrations.RunPython(score, migrations.RunPython.noop),"""
REMOVE_FIELD = """\
        migrations.RemoveField("targetgroup", "probe_flag"),
        migrations.RemoveField("probe", "note"),"""
UNIQUE = """\
        migrations.AddConstraint("probe", models.UniqueConstraint(fields=["name"],
                                                                  name="probe_name_unique")),"""


@pytest.fixture
def probe(tmp_path):
    with ProbeMigrations(tmp_path) as probe:
        yield probe
    ContentType.objects.clear_cache()


@pytest.fixture
def stock_calls(monkeypatch):
    """Schemas handed to Django's executor (the fallback) — none, when replay works."""
    calls = []
    real = schemas.schemas_migrate

    def record(names, **kwargs):
        calls.append(list(names))
        return real(names, **kwargs)

    monkeypatch.setattr(schemas, "schemas_migrate", record)
    return calls


@pytest.fixture
def four(alfa, beta, settings):
    """Four municipalities (two more, cloned from the template), migrated inline."""
    settings.TENANT_MULTIPROCESSING_MAX_PROCESSES = 1
    for slug in ("gama", "delta"):
        schemas.template_clone(f"m_{slug}")
        Municipality.objects.create(name=slug.title(), slug=slug, schema_name=f"m_{slug}",
                                    kind="village", country="SK", language="sk",
                                    migrations_fingerprint=schemas.migrations_fingerprint())
    return ["m_alfa", "m_beta", "m_gama", "m_delta"]


def _run(sql: str, schema: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(f'SET LOCAL search_path TO "{schema}"')
        cursor.execute(sql, params)
        rows = cursor.fetchall() if cursor.description else None
        cursor.execute("SET LOCAL search_path TO public")
    connection.set_schema_to_public()
    return rows


def _all_like_the_template(names):
    connection.set_schema_to_public()
    template = signature(TEMPLATE)
    for name in names:
        assert signature(name) == template, name
    fingerprint = schemas.migrations_fingerprint()
    assert set(Municipality.objects.filter(schema_name__in=names)
               .values_list("migrations_fingerprint", flat=True)) == {fingerprint}
    return template


def test_each_kind_of_migration_leaves_every_schema_like_the_template(probe, four, stock_calls):
    before = signature(TEMPLATE)
    stages = [("9001_probe", CREATE, ""), ("9002_add_fields", ADD_FIELDS, ""),
              ("9003_alter_fields", ALTER_FIELD, ""), ("9004_add_index", ADD_INDEX, ""),
              ("9005_scores", DATA, SCORE_CODE), ("9006_remove_fields", REMOVE_FIELD, "")]
    for name, operations, code in stages:
        probe.add(name, operations, code=code)
        if name == "9003_alter_fields":
            # Rows the alteration and the data migration must treat in each schema apart.
            _run("INSERT INTO common_probe (name, note) VALUES ('ab', NULL), ('abcd', 'x')",
                 "m_alfa")
            _run("INSERT INTO common_probe (name) VALUES ('abc')", "m_beta")
        call_command("deploy_migrate", verbosity=0)
        template = _all_like_the_template(four)
        assert ("common", name) in template[3]
    assert stock_calls == []  # nothing fell back to Django's executor
    kinds = dict(CapturedMigration.objects.filter(app="common", name__startswith="90")
                 .values_list("name", "kind"))
    assert kinds == {"9001_probe": "sql", "9002_add_fields": "sql", "9003_alter_fields": "sql",
                     "9004_add_index": "sql", "9005_scores": "python",
                     "9006_remove_fields": "sql"}
    columns, _constraints, indexes, migrations = signature(TEMPLATE)
    assert ("common_probe", "name", "character varying", "NO", "NO", None, "") in columns
    assert not any((table, column) in {("common_probe", "note"),
                                       ("common_targetgroup", "probe_flag")}
                   for table, column, *_ in columns)
    assert any(index == "probe_name_score_idx" for index, _d in indexes)
    assert len(migrations) == len(before[3]) + 6
    # The data migration ran in each schema on that schema's own rows.
    assert _run("SELECT name, score FROM common_probe ORDER BY name", "m_alfa") == [
        ("ab", 20), ("abcd", 40), ("seeded", -1)]
    assert _run("SELECT name, score FROM common_probe ORDER BY name", "m_beta") == [
        ("abc", 30), ("seeded", -1)]
    assert _run("SELECT name, score FROM common_probe ORDER BY name", "m_gama") == [
        ("seeded", -1)]
    # New models get their content type in every schema, as `migrate` would give them.
    for name in (TEMPLATE, *four):
        assert _run("SELECT count(*) FROM django_content_type WHERE app_label = 'common' "
                    "AND model = 'probe'", name) == [(1,)]


def test_a_failing_schema_is_left_untouched_and_the_next_run_finishes_it(probe, four,
                                                                          stock_calls):
    probe.add("9001_probe", CREATE)
    call_command("deploy_migrate", verbosity=0)
    _run("INSERT INTO common_probe (name) VALUES ('same'), ('same')", "m_beta")
    _run("INSERT INTO common_probe (name) VALUES ('one'), ('two')", "m_gama")
    beta_before = signature("m_beta")
    probe.add("9002_scores", DATA, code=SCORE_CODE)
    probe.add("9003_unique", UNIQUE)

    with pytest.raises(CommandError, match=r"1 schema\(s\) not migrated.*m_beta"):
        call_command("deploy_migrate", verbosity=0)
    others = ["m_alfa", "m_gama", "m_delta"]
    _all_like_the_template(others)
    assert signature("m_beta") == beta_before  # the data migration's work undone too
    assert _run("SELECT name, score FROM common_probe ORDER BY name", "m_beta") == [
        ("same", None), ("same", None)]
    assert Municipality.objects.get(schema_name="m_beta").migrations_fingerprint != \
        schemas.migrations_fingerprint()
    assert _run("SELECT name, score FROM common_probe ORDER BY name", "m_gama") == [
        ("one", 30), ("seeded", -1), ("two", 30)]

    # Fixed data, and a new process (nothing in memory): the stored capture finishes it.
    _run("DELETE FROM common_probe WHERE id = (SELECT max(id) FROM common_probe)", "m_beta")
    capture._MEMORY.clear()
    call_command("deploy_migrate", verbosity=0)
    _all_like_the_template(four)
    assert _run("SELECT name, score FROM common_probe ORDER BY name", "m_beta") == [
        ("same", 40), ("seeded", -1)]
    assert stock_calls == []


def test_nothing_is_replayed_into_a_schema_older_than_the_capture(probe, four, stock_calls):
    """A schema lacking a migration the capture does not hold goes to Django's executor."""
    probe.add("9001_probe", CREATE)
    call_command("deploy_migrate", verbosity=0)
    CapturedMigration.objects.filter(app="common", name="9001_probe").delete()
    capture._MEMORY.clear()
    _run("DROP TABLE common_probe; DELETE FROM django_migrations WHERE name = '9001_probe'",
         "m_delta")
    Municipality.objects.filter(schema_name="m_delta").update(migrations_fingerprint="old")
    call_command("deploy_migrate", verbosity=0)
    assert stock_calls == [["m_delta"]]
    _all_like_the_template(four)


def test_captured_sql_never_names_the_template_schema(probe, four):
    probe.add("9001_probe", CREATE)
    probe.add("9002_add_fields", ADD_FIELDS)
    call_command("deploy_migrate", verbosity=0)
    statements = [statement for row in CapturedMigration.objects.filter(app="common")
                  for statement in row.statements]
    assert any("CREATE TABLE" in statement for statement in statements)
    assert not any(capture.names_schema(statement, TEMPLATE) for statement in statements)
    assert capture.names_schema('ALTER TABLE "tenant_template"."x" ADD y int', TEMPLATE)
    assert capture.names_schema("select * from tenant_template.x", TEMPLATE)
    assert not capture.names_schema('ALTER TABLE "x_tenant_template" ADD y int', TEMPLATE)


def _committed(work):
    """``work()`` on another thread's connection, committed (the test's own is a transaction
    that would hold its locks on the schemas to the end); returns what it returned."""
    out = []

    def run():
        try:
            with transaction.atomic():
                out.append(work())
        except Exception as error:  # reported in the test's thread
            out.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if isinstance(out[0], Exception):
        raise out[0]
    return out[0]


def test_parallel_connections_each_commit_their_schema(probe):
    """The production path: several threads, each its own connection and transactions."""
    names = [f"m_parallel_{i}" for i in range(5)]

    def drop():
        for name in names:
            _run(f'DROP SCHEMA IF EXISTS "{name}" CASCADE', "public")

    _committed(drop)
    _committed(lambda: [schemas.template_clone(name) for name in names])
    try:
        probe.add("9001_probe", CREATE)
        probe.add("9002_scores", DATA, code=SCORE_CODE)
        probe.add("9003_add_index", ADD_INDEX)
        fingerprint = schemas.migrations_fingerprint()
        found = capture.template_migrate(TEMPLATE, fingerprint)
        connection.set_schema_to_public()
        plan = apply.plan_make(found, fingerprint, TEMPLATE)
        result = apply.schemas_apply(names, plan, workers=3)
        assert result.failed == {}
        assert sorted(result.migrated) == names
        # The template's migration is this test's transaction; the schemas are committed.
        template = signature(TEMPLATE)
        for name in names:
            assert _committed(lambda name=name: signature(name)) == template
            assert _committed(lambda name=name: _run("SELECT name, score FROM common_probe",
                                                     name)) == [("seeded", -1)]
        again = apply.schemas_apply(names, plan, workers=3)
        assert sorted(again.current) == names
    finally:
        _committed(drop)


def test_a_schema_whose_table_stays_locked_is_left_for_the_next_run(probe, four, settings):
    """A long request holding a table: the schema gives up waiting (twice), the rest go on."""
    settings.TENANT_MIGRATION_LOCK_TIMEOUT = 0.2
    probe.add("9001_add_flag", '        migrations.AddField("targetgroup", "probe_flag", '
                               'models.BooleanField(null=True)),')
    locked, release = threading.Event(), threading.Event()

    def hold():  # m_alfa is committed (session fixture): another connection can lock it
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("LOCK TABLE m_alfa.common_targetgroup IN ACCESS SHARE MODE")
                locked.set()
                release.wait(60)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert locked.wait(30)
        with pytest.raises(CommandError, match=r"1 schema\(s\).*m_alfa.*lock timeout"):
            call_command("deploy_migrate", verbosity=0)
    finally:
        release.set()
        holder.join()
    _all_like_the_template(["m_beta", "m_gama", "m_delta"])
    assert ("common", "9001_add_flag") not in signature("m_alfa")[3]
    call_command("deploy_migrate", verbosity=0)
    _all_like_the_template(four)
