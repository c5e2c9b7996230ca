"""Migrate the template schema once, keeping what each migration executed for replay elsewhere."""

import dataclasses
import logging
import re
import threading

from django.contrib.postgres import operations as pg_operations
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection, router, transaction
from django.db.migrations import operations
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.state import ProjectState

from hub.tenancy.models import CapturedMigration

logger = logging.getLogger(__name__)

SQL = CapturedMigration.Kind.SQL
PYTHON = CapturedMigration.Kind.PYTHON

# Operations whose whole database effect is what they send through the schema editor's
# execute(): DDL, or data SQL (AlterField's UPDATE … WHERE col IS NULL, RunSQL) that means
# the same in any schema with the same tables. Replaying their statements is running them.
# Exact types only: a subclass may do anything in database_forwards.
_REPLAYABLE = frozenset({
    operations.CreateModel, operations.DeleteModel, operations.RenameModel,
    operations.AlterModelTable, operations.AlterModelTableComment,
    operations.AlterUniqueTogether, operations.AlterIndexTogether,
    operations.AlterOrderWithRespectTo, operations.AlterModelOptions,
    operations.AlterModelManagers, operations.AddIndex, operations.RemoveIndex,
    operations.RenameIndex, operations.AddConstraint, operations.RemoveConstraint,
    operations.AlterConstraint, operations.AddField, operations.RemoveField,
    operations.AlterField, operations.RenameField, operations.RunSQL,
    pg_operations.CreateExtension, pg_operations.BloomExtension,
    pg_operations.BtreeGinExtension, pg_operations.BtreeGistExtension,
    pg_operations.CITextExtension, pg_operations.CryptoExtension,
    pg_operations.HStoreExtension, pg_operations.TrigramExtension,
    pg_operations.UnaccentExtension, pg_operations.AddConstraintNotValid,
    pg_operations.ValidateConstraint,
})


@dataclasses.dataclass
class Step:
    """One tenant migration as the schemas behind receive it."""

    app_label: str
    name: str
    kind: str
    statements: list[str]
    # What goes into django_migrations: the migration, or what a squash replaces.
    records: list[tuple[str, str]]
    # (operation, from_state, to_state), run per schema for PYTHON; see rendered().
    operations: list = dataclasses.field(default_factory=list)
    _render_lock: threading.Lock = dataclasses.field(default_factory=threading.Lock,
                                                     repr=False, compare=False)

    @property
    def key(self) -> tuple[str, str]:
        return (self.app_label, self.name)

    def rendered(self) -> list:
        """The operations with their states' apps rendered — once, by the first schema that
        needs them (rendering takes seconds; the schema threads then share them)."""
        with self._render_lock:
            for _operation, before, after in self.operations:
                before.apps  # noqa: B018 — rendering is the point
                after.apps  # noqa: B018
        return self.operations


@dataclasses.dataclass
class Capture:
    """Every migration a schema may lack, in plan order, and what a current schema holds."""

    steps: list[Step]
    nodes: frozenset  # every migration of the code, as (app, name)
    fingerprint: str


_MEMORY: dict[str, Capture] = {}  # the capture of this process's deploy, states rendered


def _replayable(operation, app_label: str) -> bool:
    if type(operation) is operations.SeparateDatabaseAndState:
        return all(_replayable(inner, app_label) for inner in operation.database_operations)
    if type(operation) is operations.RunPython:
        # A shared app's data migration does nothing in a tenant schema: nothing to replay.
        return not router.allow_migrate(connection.alias, app_label, **operation.hints)
    return type(operation) in _REPLAYABLE


def names_schema(statement: str, schema: str) -> bool:
    """Whether a statement qualifies a name with ``schema`` (then it cannot be replayed)."""
    return re.search(rf'(?<![\w$])"?{re.escape(schema)}"?\s*\.', statement, re.IGNORECASE) \
        is not None


def _recording_editor(sink: list[str]):
    base = connection.SchemaEditorClass

    class RecordingEditor(base):
        def execute(self, sql, params=()):
            # The text PostgreSQL receives: the backend's editor merges params client-side.
            sink.append(str(sql) if params is None else
                        self.connection.ops.compose_sql(str(sql), params))
            return super().execute(sql, params)

    # Not atomic: the caller holds one transaction for the whole template.
    return RecordingEditor(connection, atomic=False)


def _run(migration, state: ProjectState, template: str) -> Step:
    """Apply one migration to the connection's schema, as Migration.apply does, recording."""
    statements: list[str] = []
    done = []
    with _recording_editor(statements) as editor:
        for operation in migration.operations:
            before = state.clone()
            operation.state_forwards(migration.app_label, state)
            done.append((operation, before, state.clone()))
            operation.database_forwards(migration.app_label, editor, before, state)
    replayable = all(_replayable(op, migration.app_label) for op in migration.operations)
    if replayable and any(names_schema(s, template) for s in statements):
        logger.warning("Migration %s.%s names the template schema in its SQL; it runs per "
                       "schema instead of being replayed.", migration.app_label, migration.name)
        replayable = False
    return Step(app_label=migration.app_label, name=migration.name,
                kind=SQL if replayable else PYTHON, statements=statements if replayable else [],
                records=list(migration.replaces) or [(migration.app_label, migration.name)],
                operations=done)


class NotCapturable(Exception):
    """The template's pending migrations cannot run in one transaction (non-atomic ones)."""


def template_migrate(template: str, fingerprint: str) -> Capture | None:
    """Migrate ``template`` in one transaction, capturing; None when nothing was pending.

    The capture is stored (CapturedMigration) in the same transaction, so the template is
    never ahead of what the schemas behind can be given.
    """
    connection.set_schema(template)
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if not plan:
        return None
    if any(backwards or not migration.atomic for migration, backwards in plan):
        raise NotCapturable(", ".join(f"{m.app_label}.{m.name}" for m, _ in plan))
    state = executor._create_project_state(with_applied_migrations=True)
    steps = []
    with transaction.atomic():
        for migration, _backwards in plan:
            steps.append(_run(migration, state, template))
            with connection.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO django_migrations (app, name, applied) VALUES (%s, %s, now())",
                    steps[-1].records)
        # Content types of new models, as `migrate` creates them after migrating.
        emit_post_migrate_signal(0, False, connection.alias, apps=state.apps, plan=plan)
        connection.set_schema_to_public()
        for step in steps:
            CapturedMigration.objects.update_or_create(
                app=step.app_label, name=step.name,
                defaults={"kind": step.kind, "statements": step.statements,
                          "migrations_fingerprint": fingerprint})
    capture = Capture(steps=steps, nodes=frozenset(executor.loader.graph.nodes),
                      fingerprint=fingerprint)
    _MEMORY.clear()
    _MEMORY[fingerprint] = capture
    return capture


def _forwards_plan(loader) -> list[tuple[str, str]]:
    plan, seen = [], set()
    for leaf in loader.graph.leaf_nodes():
        for key in loader.graph.forwards_plan(leaf):
            if key not in seen:
                seen.add(key)
                plan.append(key)
    return plan


def capture_load(fingerprint: str) -> Capture:
    """The stored capture, with project states rendered once for its data migrations."""
    if fingerprint in _MEMORY:
        return _MEMORY[fingerprint]
    rows = {(row.app, row.name): row for row in CapturedMigration.objects.all()}
    loader = MigrationLoader(None, ignore_no_migrations=True)
    state = ProjectState(real_apps=loader.unmigrated_apps)
    steps = []
    for key in _forwards_plan(loader):
        migration = loader.graph.nodes[key]
        row = rows.get(key)
        if row is None:
            migration.mutate_state(state, preserve=False)
            continue
        step = Step(app_label=row.app, name=row.name, kind=row.kind,
                    statements=list(row.statements),
                    records=list(migration.replaces) or [key])
        if row.kind == PYTHON:
            for operation in migration.operations:
                before = state.clone()
                operation.state_forwards(migration.app_label, state)
                step.operations.append((operation, before, state.clone()))
        else:
            migration.mutate_state(state, preserve=False)
        steps.append(step)
    capture = Capture(steps=steps, nodes=frozenset(loader.graph.nodes), fingerprint=fingerprint)
    _MEMORY.clear()
    _MEMORY[fingerprint] = capture
    return capture
