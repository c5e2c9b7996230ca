"""Deploy-time migration: public schema, template, then only the tenant schemas that are behind."""

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django_tenants.signals import schema_migrated
from django_tenants.utils import get_tenant_model

from hub.tenancy import schemas
from hub.tenancy.migrate_engine import apply, capture


class Command(BaseCommand):
    help = ("Migrate the public schema and the template, then the municipalities whose recorded "
            "migrations differ from the code's: the template's captured SQL replayed into each, "
            "one transaction per schema, TENANT_MIGRATION_PROCESSES connections at a time. "
            "With nothing new, no tenant schema is touched. A schema that fails is left as it "
            "was and the command exits with an error; running it again finishes the rest.")

    def add_arguments(self, parser):
        parser.add_argument("--refill-spares", action="store_true",
                            help="Also top up the pool of pre-made schemas (normally a worker does).")

    def handle(self, *args, refill_spares=False, verbosity=1, **options):
        started = time.perf_counter()
        call_command("migrate_schemas", shared=True, interactive=False,
                     verbosity=max(0, verbosity - 1))
        template_changed = schemas.template_ensure(verbosity=max(0, verbosity - 1))
        fingerprint = schemas.migrations_fingerprint()
        municipalities = get_tenant_model().objects  # the registry, found through settings
        behind = list(municipalities.exclude(migrations_fingerprint=fingerprint)
                      .order_by("pk").values_list("schema_name", flat=True))
        result = self._replay(behind, fingerprint, verbosity) if behind else apply.Result()
        self._stock(result.stock, fingerprint, verbosity)
        connection.set_schema_to_public()
        dropped = schemas.spares_drop_stale()
        made = schemas.spare_pool_refill() if refill_spares else 0
        elapsed = time.perf_counter() - started
        if verbosity:
            self.stdout.write(
                f"deploy_migrate: template {'migrated' if template_changed else 'current'}, "
                f"{len(result.migrated) + len(result.stock)} municipality schema(s) migrated "
                f"({len(result.stock)} by Django's executor), {len(result.failed)} failed, "
                f"{dropped} stale spare(s) dropped, {made} spare(s) made, {elapsed:.2f} s"
            )
        if result.failed:
            listed = "; ".join(f"{name}: {error}" for name, error in
                               sorted(result.failed.items())[:5])
            raise CommandError(
                f"{len(result.failed)} schema(s) not migrated (each left as it was; run "
                f"deploy_migrate again after fixing the cause): {listed}")

    def _replay(self, behind, fingerprint, verbosity):
        found = capture.capture_load(fingerprint)
        plan = apply.plan_make(found, fingerprint, settings.TENANT_TEMPLATE_SCHEMA)

        def progress(finished, total, seconds):
            if verbosity > 1:
                self.stdout.write(f"  {finished}/{total} schemas, {seconds:.1f} s")

        return apply.schemas_apply(behind, plan,
                                   workers=settings.TENANT_MULTIPROCESSING_MAX_PROCESSES,
                                   progress=progress)

    def _stock(self, names, fingerprint, verbosity):
        """Schemas older than anything captured: Django's executor, schema by schema."""
        if not names:
            return
        municipalities = get_tenant_model().objects

        def record(sender, schema_name, **kwargs):
            # Recorded per schema as each one finishes, so a failure half-way through leaves
            # the finished ones marked and the rest to the next run.
            municipalities.filter(schema_name=schema_name).update(
                migrations_fingerprint=fingerprint)

        schema_migrated.connect(record, weak=False, dispatch_uid="deploy_migrate_record")
        try:
            schemas.schemas_migrate(names, verbosity=max(0, verbosity - 1))
        finally:
            schema_migrated.disconnect(dispatch_uid="deploy_migrate_record")
