"""Deploy-time migration: public schema, template, then only the tenant schemas that are behind."""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django_tenants.signals import schema_migrated
from django_tenants.utils import get_tenant_model

from hub.tenancy import schemas


class Command(BaseCommand):
    help = ("Migrate the public schema and the template, then the municipalities whose recorded "
            "migrations differ from the code's. With nothing new, no tenant schema is touched.")

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
                      .values_list("schema_name", flat=True))

        def record(sender, schema_name, **kwargs):
            # Recorded per schema as each one finishes, so a failure half-way through leaves
            # the finished ones marked and the rest to the next run.
            municipalities.filter(schema_name=schema_name).update(
                migrations_fingerprint=fingerprint)

        schema_migrated.connect(record, weak=False, dispatch_uid="deploy_migrate_record")
        try:
            schemas.schemas_migrate(behind, verbosity=max(0, verbosity - 1))
        finally:
            schema_migrated.disconnect(dispatch_uid="deploy_migrate_record")
        connection.set_schema_to_public()
        dropped = schemas.spares_drop_stale()
        made = schemas.spare_pool_refill() if refill_spares else 0
        elapsed = time.perf_counter() - started
        if verbosity:
            self.stdout.write(
                f"deploy_migrate: template {'migrated' if template_changed else 'current'}, "
                f"{len(behind)} municipality schema(s) migrated, {dropped} stale spare(s) dropped, "
                f"{made} spare(s) made, {elapsed:.2f} s"
            )
