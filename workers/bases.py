"""Task kinds: tenant tasks run only in a municipality's schema, platform tasks only in public."""

from django.conf import settings
from django.db import connection
from tenant_schemas_celery.task import TenantTask

from workers.celery import app


class TenantSchemaRequired(RuntimeError):
    """A tenant task found itself in the public (or template/spare) schema."""


class MunicipalityTask(TenantTask):
    abstract = True

    def __call__(self, *args, **kwargs):
        schema = connection.schema_name
        if schema == "public" or schema == settings.TENANT_TEMPLATE_SCHEMA or \
                schema.startswith("spare_"):
            raise TenantSchemaRequired(
                f"{self.name} must run in a municipality's schema, not in {schema!r}: "
                "send it from a tenant request or through workers.fanout."
            )
        return super().__call__(*args, **kwargs)


def tenant_task(**options):
    """``@tenant_task(name=...)``: a Celery task that only runs inside a municipality's schema."""
    return app.task(base=MunicipalityTask, **options)


class PlatformTask(TenantTask):
    """Works on public-schema data (registry, pools, read models) whoever sent it."""

    abstract = True

    def __call__(self, *args, **kwargs):
        connection.set_schema_to_public()
        return super().__call__(*args, **kwargs)


def platform_task(**options):
    """``@platform_task(name=...)``: a Celery task that always runs in the public schema."""
    return app.task(base=PlatformTask, **options)
